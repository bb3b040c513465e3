from django.db import models


class RateLimitCounter(models.Model):
    """A fixed-window counter, used when no Redis is configured.

    Incremented with a single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` so that several
    worker processes count correctly on SQLite and PostgreSQL alike.
    """

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start}: {self.count}"

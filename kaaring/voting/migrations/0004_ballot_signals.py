"""Review signals move from the append-only ballot to a table of their own that can be purged.

Removing the ballot's two signal columns may rebuild voting_ballot on SQLite, which drops its
append-only triggers (see 0002): they are created again here, on SQLite only (PostgreSQL keeps
triggers across ALTER TABLE ... DROP COLUMN).
"""

import django.db.models.deletion
import django.db.models.functions.datetime
from django.db import migrations, models

MESSAGE = "ballots are append-only"


def sqlite_triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in ("UPDATE", "DELETE"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS voting_ballot_no_{event.lower()};")
        schema_editor.execute(
            f"CREATE TRIGGER voting_ballot_no_{event.lower()} BEFORE {event} ON voting_ballot "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0003_award_slug_reserved"),
        ("voting", "0003_email_confirmations"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotSignals",
            fields=[
                (
                    "ballot",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="signals",
                        serialize=False,
                        to="voting.ballot",
                    ),
                ),
                ("subnet_key", models.CharField(blank=True, max_length=64, null=True)),
                ("proof_of_work_ms", models.PositiveIntegerField(blank=True, null=True)),
                ("user_agent_family", models.CharField(blank=True, max_length=20, null=True)),
                ("email_domain", models.CharField(blank=True, max_length=253, null=True)),
                ("seconds_to_vote", models.PositiveIntegerField(blank=True, null=True)),
            ],
            options={
                "verbose_name_plural": "ballot signals",
            },
        ),
        # Undone last when migrating backwards, after the columns came back.
        migrations.RunPython(migrations.RunPython.noop, sqlite_triggers_again, elidable=False),
        migrations.RemoveField(
            model_name="ballot",
            name="proof_of_work_ms",
        ),
        migrations.RemoveField(
            model_name="ballot",
            name="subnet_key",
        ),
        migrations.RunPython(sqlite_triggers_again, sqlite_triggers_again, elidable=False),
        migrations.CreateModel(
            name="HoneypotHit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("subnet_key", models.CharField(blank=True, max_length=64, null=True)),
                ("user_agent_family", models.CharField(blank=True, max_length=20, null=True)),
                ("at", models.DateTimeField(db_default=django.db.models.functions.datetime.Now())),
                (
                    "edition",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="honeypot_hits",
                        to="awards.edition",
                    ),
                ),
            ],
            options={
                "indexes": [
                    models.Index(fields=["edition", "at"], name="voting_honeypot_edition_at")
                ],
            },
        ),
    ]

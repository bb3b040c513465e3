from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "kaaring.voting"
    label = "voting"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from kaaring.voting.clock import install_sqlite_clock

        connection_created.connect(install_sqlite_clock, dispatch_uid="kaaring_sqlite_clock")

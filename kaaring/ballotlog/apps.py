from django.apps import AppConfig


class BallotlogConfig(AppConfig):
    name = "kaaring.ballotlog"
    label = "ballotlog"

    def ready(self) -> None:
        from kaaring.awards.demo.parts import demo_part_register
        from kaaring.ballotlog.demo import ballot_log_demo_load
        from kaaring.results.signals import tally_frozen

        # The final checkpoint at the close: if it fails, the scheduler's next run makes it.
        tally_frozen.connect(_checkpoint_at_close, dispatch_uid="ballotlog-close")

        # The demo's 2018 edition gets its log and checkpoints once its ballots exist.
        demo_part_register(ballot_log_demo_load)


def _checkpoint_at_close(*, edition_id: int, **_: object) -> None:
    from kaaring.ballotlog import services

    services.checkpoint_make(edition_id=edition_id)

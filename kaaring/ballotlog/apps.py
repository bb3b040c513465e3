from django.apps import AppConfig


class BallotlogConfig(AppConfig):
    name = "kaaring.ballotlog"
    label = "ballotlog"

    def ready(self) -> None:
        from kaaring.awards.demo.parts import demo_part_register
        from kaaring.ballotlog.demo import ballot_log_demo_load

        # The demo's 2018 edition gets its log and checkpoints once its ballots exist.
        demo_part_register(ballot_log_demo_load)

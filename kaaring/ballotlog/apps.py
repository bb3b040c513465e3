from django.apps import AppConfig


class BallotlogConfig(AppConfig):
    name = "kaaring.ballotlog"
    label = "ballotlog"

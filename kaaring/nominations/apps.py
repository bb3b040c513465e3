from django.apps import AppConfig


class NominationsConfig(AppConfig):
    name = "kaaring.nominations"
    label = "nominations"

    def ready(self) -> None:
        from kaaring.awards.demo.parts import demo_part_register
        from kaaring.nominations.demo import nominations_demo_load

        # The demo's call for nominations and its nominations (awards may not import us).
        demo_part_register(nominations_demo_load)

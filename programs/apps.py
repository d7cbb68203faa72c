from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs, eligibility and applications"

    def ready(self) -> None:
        from programs import navigation

        navigation.register()
        from programs import checks

        checks.register()

from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Goal plans"

    def ready(self) -> None:
        from goals import navigation

        navigation.register()

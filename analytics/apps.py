from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Retention analytics"

    def ready(self) -> None:
        from analytics import navigation, panels

        navigation.register()
        # Programs sit below analytics; their page shows the purpose target's progress through
        # this hook (programs/panels.py), checked at start-up (programs/checks.py).
        panels.register()

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Retention analytics"

    def ready(self) -> None:
        # The roster lives below analytics; it tells analytics of every applied load through
        # this hook, and the facts are rebuilt once the load commits.
        from analytics.tasks import facts_refresh_later
        from organizations.roster.listeners import register_roster_applied_listener

        register_roster_applied_listener(facts_refresh_later)

        from analytics import navigation, panels

        navigation.register()
        # Programs sit below analytics; their page shows the purpose target's progress through
        # this hook (programs/panels.py), checked at start-up (programs/checks.py).
        panels.register()

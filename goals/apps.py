from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"
    verbose_name = "Goal plans"

    def ready(self) -> None:
        from goals import erasure, personal_data

        personal_data.register()
        erasure.register()
        from goals import navigation, notifications
        from goals.dates import find_stored_goal_dates
        from organizations.date_ranges import register_date_finder

        navigation.register()
        notifications.register()
        register_date_finder(find_stored_goal_dates)

from django.apps import AppConfig


class CohortsConfig(AppConfig):
    name = "cohorts"
    verbose_name = "Cohorts, selection and trust profiles"

    def ready(self) -> None:
        # Programs sit below cohorts and cannot import them; eligibility's "not already in an
        # active cohort" rule asks through this hook instead (programs/participation.py).
        from cohorts.selectors import employee_ids_in_active_cohorts
        from programs.participation import register_active_participation_source

        register_active_participation_source(employee_ids_in_active_cohorts)

        from cohorts import checks, navigation, notifications
        from cohorts.teams import navigation as teams_navigation

        checks.register()
        navigation.register()
        teams_navigation.register()
        notifications.register()

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs, eligibility and applications"

    def ready(self) -> None:
        from programs import erasure, personal_data

        personal_data.register()
        erasure.register()
        from programs import navigation

        navigation.register()
        from programs import checks

        checks.register()
        from organizations.date_ranges import register_date_finder
        from programs.dates import find_stored_program_dates

        register_date_finder(find_stored_program_dates)

        from programs import notifications

        notifications.register()

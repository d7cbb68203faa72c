from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "Organizations, people and the HR roster"

    def ready(self) -> None:
        from organizations import checks, own_navigation
        from organizations.date_ranges import register_date_finder
        from organizations.notifications import own_kinds
        from organizations.roster.dates import find_stored_roster_dates

        checks.register()
        own_navigation.register()
        own_kinds.register()
        register_date_finder(find_stored_roster_dates)

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "Organizations, people and the HR roster"

    def ready(self) -> None:
        from django.urls import register_converter

        from organizations import audit, checks, data_version, own_navigation, own_personal_data
        from organizations.date_ranges import register_date_finder
        from organizations.notifications import own_kinds
        from organizations.roster.dates import find_stored_roster_dates
        from organizations.view_helpers import IdConverter

        # Before any URLconf is read: every app's page URLs take their ids as <id:pk>.
        register_converter(IdConverter, "id")
        checks.register()
        own_navigation.register()
        own_kinds.register()
        register_date_finder(find_stored_roster_dates)
        audit.connect_signals()
        own_personal_data.register()
        # Every connection's writes move the organizations' data versions on (the page cache's key).
        data_version.install()

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "Organizations, people and the HR roster"

    def ready(self) -> None:
        from organizations import checks, own_navigation

        checks.register()
        own_navigation.register()

from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = "Organizations, people and the HR roster"

    def ready(self) -> None:
        from organizations import own_navigation

        own_navigation.register()

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organizations (``manage.py seed_demo``): a simulated workforce with three years of
    roster history, every role's account, programs, a class, profiles and matching settings.

    It sits above every app, so the tenancy floor (``organizations``) holds tenancy and the
    roster only.
    """

    name = "demo"
    verbose_name = "Demo data"

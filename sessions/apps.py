from django.apps import AppConfig


class MentoringSessionsConfig(AppConfig):
    """The mentoring year: learning sessions, pair meetings, relationship check-ins and pair health.

    Four names, one reason each: the package is ``sessions`` (the product's layout names it so);
    the app label is ``mentoring_sessions`` (so its tables and migrations never clash with
    ``django.contrib.sessions``); its pages live under ``/o/<org>/mentoring/`` in the URL
    namespace ``mentoring`` (what people do there); and admins see it as "Learning sessions
    and meetings".
    """

    name = "sessions"
    label = "mentoring_sessions"
    verbose_name = "Learning sessions and meetings"

    def ready(self) -> None:
        from sessions import erasure, personal_data, retention

        personal_data.register()
        erasure.register()
        retention.register()
        from organizations.date_ranges import register_date_finder
        from sessions import navigation, notifications, stored_facts
        from sessions.dates import find_stored_session_dates

        navigation.register()
        notifications.register()
        stored_facts.register()
        register_date_finder(find_stored_session_dates)

from django.apps import AppConfig


class MentoringSessionsConfig(AppConfig):
    """Learning sessions and pair meetings.

    Labelled ``mentoring_sessions`` so it never clashes with ``django.contrib.sessions``.
    """

    name = "sessions"
    label = "mentoring_sessions"
    verbose_name = "Learning sessions and meetings"

"""Mentoring pages under /o/<org_slug>/mentoring/ (included from config/urls.py).

The public calendar feed (``calendar_feed``) lives outside /o/ and is routed there too.
"""

from django.urls import path

from sessions.views import calendar, learning, meetings, overview, pairs, settings

app_name = "mentoring"

urlpatterns = [
    # The people in pairs.
    path("", pairs.my_mentoring, name="my_mentoring"),
    path("pairs/<id:pk>/", pairs.pair_space, name="pair"),
    path("pairs/<id:pk>/check-in/", pairs.checkin, name="checkin"),
    path("pairs/<id:pk>/report-unresponsive/", pairs.report_unresponsive, name="report_unresponsive"),
    path("pairs/<id:pk>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<id:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<id:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<id:pk>/log/", meetings.meeting_log_view, name="meeting_log"),
    path("meetings/<id:pk>/note/", meetings.private_note, name="private_note"),
    path("meetings/<id:pk>/action-items/", meetings.action_item_create, name="action_item_create"),
    path("meetings/<id:pk>/calendar.ics", meetings.meeting_ics, name="meeting_ics"),
    path("action-items/<id:pk>/done/", meetings.action_item_done, name="action_item_done"),
    path("calendar/", calendar.calendar_settings, name="calendar"),
    path("calendar/new/", calendar.calendar_create, name="calendar_create"),
    path("calendar/revoke/", calendar.calendar_revoke, name="calendar_revoke"),
    # Learning sessions: the people they are for, and managers.
    path("sessions/<id:pk>/", learning.session_detail, name="session"),
    path("sessions/<id:pk>/calendar.ics", learning.session_ics, name="session_ics"),
    path("sessions/<id:pk>/attended/", learning.session_attended, name="session_attended"),
    path("materials/<id:pk>/", learning.material_download, name="material"),
    # Managers (and HR for the overview).
    path("cohorts/", overview.cohort_list, name="cohorts"),
    path("cohorts/<id:pk>/", overview.overview, name="overview"),
    path("cohorts/<id:pk>/pairs.csv", overview.overview_export, name="overview_csv"),
    path("cohorts/<id:pk>/check-ins/", overview.checkin_answers, name="checkin_answers"),
    path("cohorts/<id:pk>/sessions/", learning.session_list, name="sessions"),
    path("cohorts/<id:pk>/sessions/new/", learning.session_create, name="session_create"),
    path("sessions/<id:pk>/edit/", learning.session_edit, name="session_edit"),
    path("sessions/<id:pk>/attendance/", learning.session_attendance, name="session_attendance"),
    path("sessions/<id:pk>/materials/", learning.material_create, name="material_create"),
    path("materials/<id:pk>/delete/", learning.material_remove, name="material_delete"),
    path("programs/<id:pk>/settings/", settings.program_settings, name="program_settings"),
]

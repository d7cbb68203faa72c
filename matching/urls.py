"""Matching pages, under /o/<org_slug>/matching/ (included from config/urls.py)."""

from django.urls import path

from matching.views import manage, participant, program_settings, rematches

app_name = "matching"

urlpatterns = [
    # Program managers
    path("", manage.home, name="home"),
    path("programs/<int:pk>/settings/", program_settings.program_settings, name="settings"),
    path("cohorts/<int:pk>/", manage.cohort, name="cohort"),
    path("cohorts/<int:pk>/run/", manage.run_create, name="run_create"),
    path("cohorts/<int:pk>/rematch-requests/", rematches.rematch_requests, name="rematch_requests"),
    path("runs/<int:pk>/", manage.run, name="run"),
    path("runs/<int:pk>/rerun/", manage.rerun, name="rerun"),
    path("runs/<int:pk>/swap/", manage.swap, name="swap"),
    path("runs/<int:pk>/compare/", manage.compare, name="compare"),
    path("runs/<int:pk>/publish/", manage.publish_run, name="publish"),
    path("runs/<int:pk>/pairs/<int:proposal_pk>/pin/", manage.pin, name="pin"),
    path("runs/<int:pk>/pairs/<int:proposal_pk>/forbid/", manage.forbid, name="forbid"),
    path("pins/<int:pk>/remove/", manage.unpin, name="unpin"),
    path("forbidden/<int:pk>/remove/", manage.unforbid, name="unforbid"),
    path("rematch-requests/<int:pk>/resolve/", rematches.rematch_resolve, name="rematch_resolve"),
    # Participants
    path("mine/", participant.mine, name="mine"),
    path("mine/pairs/<int:pk>/rematch/", participant.rematch_ask, name="rematch_ask"),
    path("mine/cohorts/<int:pk>/shortlist/", participant.shortlist, name="shortlist"),
]

"""Matching pages, under /o/<org_slug>/matching/ (included from config/urls.py)."""

from django.urls import path

from matching.views import circles, manage, participant, program_settings, rematches

app_name = "matching"

urlpatterns = [
    # Program managers
    path("", manage.home, name="home"),
    path("programs/<id:pk>/settings/", program_settings.program_settings, name="settings"),
    path("cohorts/<id:pk>/", manage.cohort, name="cohort"),
    path("cohorts/<id:pk>/run/", manage.run_create, name="run_create"),
    path("cohorts/<id:pk>/ranking/", manage.ranking, name="ranking"),
    path("cohorts/<id:pk>/rematch-requests/", rematches.rematch_requests, name="rematch_requests"),
    path("runs/<id:pk>/", manage.run, name="run"),
    path("runs/<id:pk>/rerun/", manage.rerun, name="rerun"),
    path("runs/<id:pk>/swap/", manage.swap, name="swap"),
    path("runs/<id:pk>/compare/", manage.compare, name="compare"),
    path("runs/<id:pk>/publish/", manage.publish_run, name="publish"),
    path("runs/<id:pk>/pairs/<id:proposal_pk>/pin/", manage.pin, name="pin"),
    path("runs/<id:pk>/pairs/<id:proposal_pk>/forbid/", manage.forbid, name="forbid"),
    path("pins/<id:pk>/remove/", manage.unpin, name="unpin"),
    path("forbidden/<id:pk>/remove/", manage.unforbid, name="unforbid"),
    path("rematch-requests/<id:pk>/resolve/", rematches.rematch_resolve, name="rematch_resolve"),
    # Peer circles: the manager's hand (matching/views/circles.py)
    path("runs/<id:pk>/circles/move/", circles.move, name="circle_move"),
    path("cohorts/<id:pk>/circle-choices/", circles.choose, name="circle_choose"),
    path("cohorts/<id:pk>/circle-groups/release/", circles.group_release, name="circle_group_release"),
    path("circle-choices/<id:pk>/remove/", circles.choice_remove, name="circle_choice_remove"),
    # Participants
    path("mine/", participant.mine, name="mine"),
    path("mine/pairs/<id:pk>/rematch/", participant.rematch_ask, name="rematch_ask"),
    path("mine/cohorts/<id:pk>/shortlist/", participant.shortlist, name="shortlist"),
]

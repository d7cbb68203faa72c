"""Project-team pages, under /o/<org_slug>/teams/ (included from config/urls.py)."""

from django.urls import path

from cohorts.teams.views import challenges, council, formation, home, space, talent

app_name = "teams"

urlpatterns = [
    path("", home.home, name="home"),
    path("overview/", home.leader_overview, name="leader_overview"),
    path("cohort/<id:pk>/challenges/", challenges.challenge_list, name="challenges"),
    path("cohort/<id:pk>/challenges/new/", challenges.challenge_create, name="challenge_create"),
    path("cohort/<id:pk>/preferences/", challenges.preferences, name="preferences"),
    path("challenges/<id:pk>/", challenges.challenge_detail, name="challenge"),
    path("challenges/<id:pk>/decide/", challenges.challenge_decision, name="challenge_decide"),
    path("cohort/<id:pk>/formation/", formation.formation, name="formation"),
    path("cohort/<id:pk>/formation/apply/", formation.form_teams, name="form"),
    path("cohort/<id:pk>/formation/move/", formation.move_member, name="move"),
    path("<id:pk>/", space.team_detail, name="team"),
    path("<id:pk>/adviser/", space.adviser_set, name="adviser"),
    path("<id:pk>/milestones/", space.milestone_add, name="milestone_add"),
    path("milestones/<id:pk>/toggle/", space.milestone_toggle, name="milestone_toggle"),
    path("<id:pk>/files/", space.file_upload, name="file_upload"),
    path("files/<id:pk>/", space.file_download, name="file"),
    path("files/<id:pk>/delete/", space.file_delete, name="file_delete"),
    path("<id:pk>/thread/", space.post_add, name="post"),
    path("<id:pk>/recommendation/", space.recommendation_save, name="recommendation"),
    path("cohort/<id:pk>/council/", council.council_setup, name="council"),
    path("cohort/<id:pk>/results/", council.results_page, name="results"),
    path("<id:pk>/presentation/", council.presentation_set, name="presentation"),
    path("presentations/<id:pk>/calendar.ics", council.presentation_ics, name="presentation_ics"),
    path("<id:pk>/review/", council.review, name="review"),
    path("cohort/<id:pk>/talent/", talent.talent_flags, name="talent"),
    path("talent/flags/<id:pk>/remove/", talent.talent_unflag, name="talent_unflag"),
    path("talent/", talent.talent_pool, name="talent_pool"),
    path("talent/export.csv", talent.talent_pool_csv, name="talent_pool_csv"),
]

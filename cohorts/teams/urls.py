"""Project-team pages, under /o/<org_slug>/teams/ (included from config/urls.py)."""

from django.urls import path

from cohorts.teams.views import challenges, council, formation, home, space, talent

app_name = "teams"

urlpatterns = [
    path("", home.home, name="home"),
    path("overview/", home.leader_overview, name="leader_overview"),
    path("cohort/<int:pk>/challenges/", challenges.challenge_list, name="challenges"),
    path("cohort/<int:pk>/challenges/new/", challenges.challenge_create, name="challenge_create"),
    path("cohort/<int:pk>/preferences/", challenges.preferences, name="preferences"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/decide/", challenges.challenge_decision, name="challenge_decide"),
    path("cohort/<int:pk>/formation/", formation.formation, name="formation"),
    path("cohort/<int:pk>/formation/apply/", formation.form_teams, name="form"),
    path("cohort/<int:pk>/formation/move/", formation.move_member, name="move"),
    path("<int:pk>/", space.team_detail, name="team"),
    path("<int:pk>/adviser/", space.adviser_set, name="adviser"),
    path("<int:pk>/milestones/", space.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/toggle/", space.milestone_toggle, name="milestone_toggle"),
    path("<int:pk>/files/", space.file_upload, name="file_upload"),
    path("files/<int:pk>/", space.file_download, name="file"),
    path("files/<int:pk>/delete/", space.file_delete, name="file_delete"),
    path("<int:pk>/thread/", space.post_add, name="post"),
    path("<int:pk>/recommendation/", space.recommendation_save, name="recommendation"),
    path("cohort/<int:pk>/council/", council.council_setup, name="council"),
    path("cohort/<int:pk>/results/", council.results_page, name="results"),
    path("<int:pk>/presentation/", council.presentation_set, name="presentation"),
    path("presentations/<int:pk>/calendar.ics", council.presentation_ics, name="presentation_ics"),
    path("<int:pk>/review/", council.review, name="review"),
    path("cohort/<int:pk>/talent/", talent.talent_flags, name="talent"),
    path("talent/flags/<int:pk>/remove/", talent.talent_unflag, name="talent_unflag"),
    path("talent/", talent.talent_pool, name="talent_pool"),
    path("talent/export.csv", talent.talent_pool_csv, name="talent_pool_csv"),
]

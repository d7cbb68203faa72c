"""Project-team pages, under /o/<org_slug>/teams/ (included from config/urls.py)."""

from django.urls import path

from cohorts.teams.views import challenges, home

app_name = "teams"

urlpatterns = [
    path("", home.home, name="home"),
    path("cohort/<int:pk>/challenges/", challenges.challenge_list, name="challenges"),
    path("cohort/<int:pk>/challenges/new/", challenges.challenge_create, name="challenge_create"),
    path("cohort/<int:pk>/preferences/", challenges.preferences, name="preferences"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge"),
    path("challenges/<int:pk>/decide/", challenges.challenge_decision, name="challenge_decide"),
]

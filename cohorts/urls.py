"""Cohort pages, under /o/<org_slug>/cohorts/ (included from config/urls.py)."""

from django.urls import include, path

from cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("", include("cohorts.profiles.urls")),
    path("program/<id:program_pk>/", views.cohort_for_program, name="for_program"),
    path("<id:pk>/", views.cohort_detail, name="detail"),
    path("<id:pk>/activate/", views.cohort_activate, name="activate"),
    path("<id:pk>/<str:role>/propose/", views.selection_propose, name="propose"),
    path("<id:pk>/<str:role>/apply/", views.selection_apply, name="apply"),
    path("<id:pk>/<str:role>/add/", views.participant_add, name="add"),
    path("<id:pk>/<str:role>/promote/", views.waitlist_promote, name="promote"),
    path("<id:pk>/participants/<id:participant_pk>/remove/", views.participant_remove, name="remove"),
    path("<id:pk>/participants/<id:participant_pk>/withdraw/", views.participant_withdraw, name="withdraw"),
]

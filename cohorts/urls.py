"""Cohort pages, under /o/<org_slug>/cohorts/ (included from config/urls.py)."""

from django.urls import include, path

from cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("", include("cohorts.profiles.urls")),
    path("program/<int:program_pk>/", views.cohort_for_program, name="for_program"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("<int:pk>/activate/", views.cohort_activate, name="activate"),
    path("<int:pk>/<str:role>/propose/", views.selection_propose, name="propose"),
    path("<int:pk>/<str:role>/apply/", views.selection_apply, name="apply"),
    path("<int:pk>/<str:role>/add/", views.participant_add, name="add"),
    path("<int:pk>/<str:role>/promote/", views.waitlist_promote, name="promote"),
    path("<int:pk>/participants/<int:participant_pk>/remove/", views.participant_remove, name="remove"),
    path("<int:pk>/participants/<int:participant_pk>/withdraw/", views.participant_withdraw, name="withdraw"),
]

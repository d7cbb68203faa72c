"""Cohort pages, under /o/<org_slug>/cohorts/ (included from organizations/urls.py)."""

from django.urls import path

from cohorts import profile_views, views

app_name = "cohorts"

urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("program/<int:program_pk>/", views.cohort_for_program, name="for_program"),
    path("my-profile/", profile_views.my_profiles, name="my_profiles"),
    path("profile-framework/", profile_views.profile_framework, name="profile_framework"),
    path("<int:pk>/", views.cohort_detail, name="detail"),
    path("<int:pk>/activate/", views.cohort_activate, name="activate"),
    path("<int:pk>/<str:role>/propose/", views.selection_propose, name="propose"),
    path("<int:pk>/<str:role>/apply/", views.selection_apply, name="apply"),
    path("<int:pk>/<str:role>/add/", views.participant_add, name="add"),
    path("<int:pk>/<str:role>/promote/", views.waitlist_promote, name="promote"),
    path("<int:pk>/participants/<int:participant_pk>/remove/", views.participant_remove, name="remove"),
    path("<int:pk>/participants/<int:participant_pk>/withdraw/", views.participant_withdraw, name="withdraw"),
    path("<int:pk>/my-profile/", profile_views.my_profile, name="my_profile"),
    path("<int:pk>/profiles/", profile_views.cohort_profiles, name="profiles"),
    path("<int:pk>/profiles/<int:participant_pk>/", profile_views.profile_detail, name="profile"),
    path("<int:pk>/profiles/<int:participant_pk>/edit/", profile_views.profile_edit, name="profile_edit"),
]

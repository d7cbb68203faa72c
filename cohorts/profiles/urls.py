"""Trust-profile pages, inside the ``cohorts`` namespace (included from cohorts/urls.py)."""

from django.urls import path

from cohorts.profiles import views

urlpatterns = [
    path("my-profile/", views.my_profiles, name="my_profiles"),
    path("profile-framework/", views.profile_framework, name="profile_framework"),
    path("<id:pk>/my-profile/", views.my_profile, name="my_profile"),
    path("<id:pk>/profiles/", views.cohort_profiles, name="profiles"),
    path("<id:pk>/profiles/remind/", views.cohort_profiles_remind, name="profiles_remind"),
    path("<id:pk>/profiles/<id:participant_pk>/", views.profile_detail, name="profile"),
    path("<id:pk>/profiles/<id:participant_pk>/edit/", views.profile_edit, name="profile_edit"),
]

"""Goal plan pages, under /o/<org_slug>/goals/ (included from config/urls.py)."""

from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<id:member_pk>/", views.plan, name="plan"),
    path("plans/<id:member_pk>/goals/new/", views.goal_create, name="goal_create"),
    path("plans/<id:member_pk>/partner/", views.partner, name="partner"),
    path("plans/<id:member_pk>/partner/revoke/", views.partner_link_revoke, name="partner_link_revoke"),
    path("plans/<id:member_pk>/partner/renew/", views.partner_link_renew, name="partner_link_renew"),
    path("goals/<id:goal_pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<id:goal_pk>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<id:goal_pk>/milestones/new/", views.milestone_create, name="milestone_create"),
    path("goals/<id:goal_pk>/check-ins/new/", views.check_in_create, name="check_in_create"),
    path("milestones/<id:milestone_pk>/complete/", views.milestone_complete, name="milestone_complete"),
    path("milestones/<id:milestone_pk>/reopen/", views.milestone_reopen, name="milestone_reopen"),
    path("milestones/<id:milestone_pk>/delete/", views.milestone_delete, name="milestone_delete"),
    path("cohorts/<id:cohort_pk>/", views.cohort_progress, name="cohort_progress"),
]

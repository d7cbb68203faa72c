"""Program pages under /o/<org_slug>/programs/: members at the top, managers under manage/."""

from django.urls import path

from programs.views import apply, manage, review

app_name = "programs"

urlpatterns = [
    path("", apply.home_view, name="home"),
    path("<id:pk>/", apply.program_view, name="program"),
    path("<id:pk>/apply/", apply.apply_view, name="apply"),
    path("<id:pk>/withdraw/", apply.withdraw_view, name="withdraw"),
    path("manage/", manage.program_list_view, name="manage"),
    path("manage/new/", manage.program_create_view, name="create"),
    path("manage/<id:pk>/", manage.program_detail_view, name="detail"),
    path("manage/<id:pk>/edit/", manage.program_edit_view, name="edit"),
    path("manage/<id:pk>/phases/", manage.program_phases_view, name="phases"),
    path("manage/<id:pk>/status/", manage.program_transition_view, name="transition"),
    path("manage/<id:pk>/copy/", manage.program_copy_view, name="copy"),
    path("manage/<id:pk>/rules/new/", manage.rule_create_view, name="rule_create"),
    path("manage/<id:pk>/rules/reach/", manage.rule_reach_view, name="rule_reach"),
    path("manage/rules/<id:pk>/", manage.rule_edit_view, name="rule_edit"),
    path("manage/rules/<id:pk>/delete/", manage.rule_delete_view, name="rule_delete"),
    path("manage/<id:pk>/applications/", review.application_list_view, name="applications"),
    path("manage/<id:pk>/applications/decide/", review.application_bulk_decide_view, name="bulk_decide"),
    path("manage/applications/<id:pk>/", review.application_detail_view, name="application"),
    path("manage/applications/<id:pk>/decide/", review.application_decide_view, name="decide"),
    path("manage/applications/<id:pk>/override/", review.application_override_view, name="override"),
]

"""Program pages under /o/<org_slug>/programs/: members at the top, managers under manage/."""

from django.urls import path

from programs.views import apply, manage, review

app_name = "programs"

urlpatterns = [
    path("", apply.home_view, name="home"),
    path("<int:pk>/", apply.program_view, name="program"),
    path("<int:pk>/apply/", apply.apply_view, name="apply"),
    path("<int:pk>/withdraw/", apply.withdraw_view, name="withdraw"),
    path("manage/", manage.program_list_view, name="manage"),
    path("manage/new/", manage.program_create_view, name="create"),
    path("manage/<int:pk>/", manage.program_detail_view, name="detail"),
    path("manage/<int:pk>/edit/", manage.program_edit_view, name="edit"),
    path("manage/<int:pk>/phases/", manage.program_phases_view, name="phases"),
    path("manage/<int:pk>/status/", manage.program_transition_view, name="transition"),
    path("manage/<int:pk>/copy/", manage.program_copy_view, name="copy"),
    path("manage/<int:pk>/rules/new/", manage.rule_create_view, name="rule_create"),
    path("manage/<int:pk>/rules/reach/", manage.rule_reach_view, name="rule_reach"),
    path("manage/rules/<int:pk>/", manage.rule_edit_view, name="rule_edit"),
    path("manage/rules/<int:pk>/delete/", manage.rule_delete_view, name="rule_delete"),
    path("manage/<int:pk>/applications/", review.application_list_view, name="applications"),
    path("manage/<int:pk>/applications/decide/", review.application_bulk_decide_view, name="bulk_decide"),
    path("manage/applications/<int:pk>/", review.application_detail_view, name="application"),
    path("manage/applications/<int:pk>/decide/", review.application_decide_view, name="decide"),
    path("manage/applications/<int:pk>/override/", review.application_override_view, name="override"),
]

"""HR roster pages, under /o/<org_slug>/roster/. URL names keep the ``roster`` prefix."""

from django.urls import path

from organizations.roster import views

urlpatterns = [
    path("", views.employee_list, name="roster"),
    path("employees/<id:pk>/", views.employee_detail, name="roster_employee"),
    path("upload/", views.upload, name="roster_upload"),
    path("template.csv", views.sample, name="roster_sample"),
    path("loads/", views.load_list, name="roster_loads"),
    path("loads/<id:pk>/", views.load_detail, name="roster_load"),
    path("loads/<id:pk>/progress/", views.load_progress_bar, name="roster_load_progress"),
    path("loads/<id:pk>/confirm/", views.load_confirm, name="roster_load_confirm"),
    path("loads/<id:pk>/cancel/", views.load_cancel, name="roster_load_cancel"),
]

"""Analytics pages under /o/<org_slug>/analytics/."""

from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<slug:section>/", views.section_csv, name="csv"),
    path("refresh/", views.refresh_now, name="refresh"),
]

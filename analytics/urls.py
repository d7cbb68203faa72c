"""Analytics pages under /o/<org_slug>/analytics/."""

from django.urls import path

from analytics import views
from analytics.sections import SECTIONS

app_name = "analytics"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("refresh/", views.refresh_now, name="refresh"),
    # One file per section: /analytics/turnover.csv?<the dashboard's filters>.
    *(path(f"{slug}.csv", views.section_csv, {"section": slug}, name=f"csv_{slug}") for slug in SECTIONS),
]

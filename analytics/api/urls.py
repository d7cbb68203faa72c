"""The analytics API under /api/v1/o/<org_slug>/analytics/ (included from config/api_urls.py)."""

from django.urls import path

from analytics.api import views

urlpatterns = [
    path("analytics/status/", views.StatusView.as_view(), name="api-analytics-status"),
    path("analytics/attrition/", views.AttritionView.as_view(), name="api-analytics-attrition"),
    path("analytics/retention/", views.RetentionView.as_view(), name="api-analytics-retention"),
    path("analytics/curves/", views.CurvesView.as_view(), name="api-analytics-curves"),
    path("analytics/engagement/", views.EngagementView.as_view(), name="api-analytics-engagement"),
    path("analytics/talent/", views.TalentView.as_view(), name="api-analytics-talent"),
    path("analytics/purpose/", views.PurposeView.as_view(), name="api-analytics-purpose"),
]

from django.urls import path
from rest_framework.routers import SimpleRouter

from organizations.api import roster, views

router = SimpleRouter()
router.register("employees", views.EmployeeViewSet, basename="api-employee")
router.register("roster/loads", roster.RosterLoadViewSet, basename="api-roster-load")

urlpatterns = [
    path("", views.OrganizationDetailView.as_view(), name="api-organization"),
    *router.urls,
]

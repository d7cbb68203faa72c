from django.urls import path
from rest_framework.routers import SimpleRouter

from organizations.api import views
from organizations.roster.api import EmployeeViewSet, RosterLoadViewSet

router = SimpleRouter()
router.register("employees", EmployeeViewSet, basename="api-employee")
router.register("roster/loads", RosterLoadViewSet, basename="api-roster-load")

urlpatterns = [
    path("", views.OrganizationDetailView.as_view(), name="api-organization"),
    *router.urls,
]

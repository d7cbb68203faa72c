from django.urls import path
from rest_framework.routers import SimpleRouter

from organizations.api import views
from organizations.roster.api import EmployeeViewSet, RosterLoadViewSet

router = SimpleRouter(use_regex_path=False)  # ids as <int:pk>: the base viewset says so
router.register("employees", EmployeeViewSet, basename="api-employee")
router.register("roster/loads", RosterLoadViewSet, basename="api-roster-load")

urlpatterns = [
    path("", views.OrganizationDetailView.as_view(), name="api-organization"),
    *router.urls,
]

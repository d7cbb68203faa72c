from django.urls import path
from rest_framework.routers import SimpleRouter

from organizations.api import views

router = SimpleRouter()
router.register("employees", views.EmployeeViewSet, basename="api-employee")

urlpatterns = [
    path("", views.OrganizationDetailView.as_view(), name="api-organization"),
    *router.urls,
]

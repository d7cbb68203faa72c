from django.contrib import admin
from django.urls import include, path

from config import health
from organizations.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include("config.api_urls")),
    path("", include("organizations.urls")),
    path("admin/", admin.site.urls),
]

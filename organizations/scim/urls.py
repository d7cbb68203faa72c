"""SCIM 2.0 at /scim/v2/ (included from config/urls.py). The organization is the token's."""

from django.urls import path, re_path

from organizations.scim import views

app_name = "scim"

urlpatterns = [
    path("Users", views.UsersView.as_view(), name="users"),
    path("Users/<str:user_id>", views.UserView.as_view(), name="user"),
    path("Groups", views.GroupsView.as_view(), name="groups"),
    path("Groups/<str:group_id>", views.GroupView.as_view(), name="group"),
    path("ServiceProviderConfig", views.ServiceProviderConfigView.as_view(), name="service_provider_config"),
    path("ResourceTypes", views.ResourceTypesView.as_view(), name="resource_types"),
    path("ResourceTypes/<str:name>", views.ResourceTypesView.as_view(), name="resource_type"),
    path("Schemas", views.SchemasView.as_view(), name="schemas"),
    path("Schemas/<str:urn>", views.SchemasView.as_view(), name="schema"),
    re_path(r"^(?P<rest>.*)$", views.NotFoundView.as_view(), name="not_found"),
]

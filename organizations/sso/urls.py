"""Single sign-on addresses outside any organization, included under /accounts/ before
allauth's own (config/urls.py): the "Sign in with your company" page, and OpenID Connect's
callback with the ID token's signature always checked (organizations/sso/oidc.py)."""

from django.urls import path

from organizations.sso import oidc, views

urlpatterns = [
    path("sso/", views.sso_login, name="sso_login"),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="sso_oidc_callback"),
]

"""Permissions are declared once; a mistyped one fails where it is declared, not on a request."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from organizations.api.base import OrganizationAPIMixin
from organizations.roles import PERMISSIONS, Permission, Role, role_has_permission
from organizations.tenancy import permission_required


def test_every_permission_is_granted_to_some_role():
    assert set(PERMISSIONS) == set(Permission)
    assert all(PERMISSIONS[permission] for permission in Permission)


def test_a_page_declaring_an_unknown_permission_fails_at_import():
    with pytest.raises(ImproperlyConfigured, match="roster.veiw"):
        permission_required("roster.veiw")


def test_an_api_view_declaring_an_unknown_permission_fails_at_import():
    with pytest.raises(ImproperlyConfigured, match="programs.raed"):

        class _Mistyped(OrganizationAPIMixin):
            permission = "programs.raed"


def test_permissions_are_plain_strings_for_templates():
    assert role_has_permission(Role.HR_ANALYST, "roster.view")
    assert Permission.ROSTER_VIEW == "roster.view"
    assert not role_has_permission(Role.MEMBER, Permission.ROSTER_VIEW)

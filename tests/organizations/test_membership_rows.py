"""The memberships every page reads, in one hand-written statement (organizations/membership_rows.py),
are the objects the ORM's ``select_related`` gives, value for value."""

import datetime

import pytest
from allauth.socialaccount.models import SocialApp
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from organizations.data_version import move_on
from organizations.membership_rows import memberships_of
from organizations.models import IdentityProvider, Membership, Notification
from organizations.roles import Role
from tests.factories import MembershipFactory, NotificationFactory, OrganizationFactory

pytestmark = pytest.mark.across_organizations


def _orm_memberships(user) -> list[Membership]:
    """The same read through the ORM (how it was read before)."""
    unread = (
        Notification.objects.with_scopes_disabled()
        .filter(
            organization=OuterRef("organization"), user=OuterRef("user"), in_app=True, read_at__isnull=True
        )
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Membership.objects.with_scopes_disabled()
        .select_related("organization__data_version", "organization__identity_provider__app")
        .annotate(unread_notifications=Coalesce(Subquery(unread), 0))
        .filter(user=user)
        .order_by("organization__name", "pk")
    )


def _values(obj) -> dict:
    return (
        {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields} if obj is not None else None
    )


def _described(membership) -> dict:
    organization = membership.organization
    provider = getattr(organization, "identity_provider", None)
    return {
        "membership": _values(membership),
        "unread": membership.unread_notifications,
        "organization": _values(organization),
        "version": _values(organization.data_version),
        "provider": _values(provider),
        "app": _values(provider.app) if provider is not None else None,
    }


def test_the_memberships_are_the_orms_value_for_value(org, other_org, mentee, django_assert_num_queries):
    zeta = OrganizationFactory(name="Zeta", slug="zeta", rating_scale=["Low", "Mid", "High"])
    zeta.retention_months = {"meeting_notes": 24}
    zeta.deletion_due_on = datetime.date(2027, 3, 1)
    zeta.save()
    move_on(zeta.pk)
    MembershipFactory(organization=other_org, user=mentee, role=Role.ADMIN)
    MembershipFactory(organization=zeta, user=mentee, role=Role.HR_ANALYST)
    app = SocialApp.objects.create(
        provider="openid_connect", provider_id="globex", name="Globex", client_id="x"
    )
    IdentityProvider.objects.create(organization=other_org, protocol="oidc", app=app, require_sso=True)
    NotificationFactory.create_batch(3, organization=org, user=mentee, in_app=True)
    NotificationFactory(organization=org, user=mentee, in_app=True, read_at=timezone.now())
    NotificationFactory(organization=org, user=mentee, in_app=False)
    NotificationFactory(organization=zeta, user=mentee, in_app=True)

    with django_assert_num_queries(1):
        read = memberships_of(mentee)
    expected = _orm_memberships(mentee)
    assert [m.organization.name for m in read] == ["Acme", "Globex", "Zeta"]
    assert [_described(m) for m in read] == [_described(m) for m in expected]
    assert [m.unread_notifications for m in read] == [3, 0, 1]
    with django_assert_num_queries(0):  # everything came with the one statement
        assert [_described(m) for m in read]


def test_someone_in_no_organization_has_no_memberships(db):
    from tests.factories import UserFactory

    assert memberships_of(UserFactory()) == []

"""The overview is a to-do list from the live data, shown per role, most urgent first."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from organizations.next_steps import (
    NextStep,
    Tone,
    _providers,
    next_steps_for,
    register_next_steps,
    request_memo,
)
from organizations.roles import Permission

pytestmark = pytest.mark.django_db


def _urgent(request):
    return [
        NextStep(title="Later", url="/b", action="Go", tone=Tone.NEXT),
        NextStep("Now", "/a", "Go", tone=Tone.ATTENTION),
    ]


def test_steps_come_most_urgent_first_and_only_to_roles_with_the_permission(org, admin, mentee):
    register_next_steps(_urgent, permission=Permission.ORGANIZATION_MANAGE)
    try:
        request = RequestFactory().get("/")
        request.organization = org
        request.user = admin
        request.membership = admin.memberships.get(organization=org)
        titles = [step.title for step in next_steps_for(request) if step.url in ("/a", "/b")]
        assert titles == ["Now", "Later"]
        request.user = mentee
        request.membership = mentee.memberships.get(organization=org)
        assert not [step for step in next_steps_for(request) if step.url in ("/a", "/b")]
    finally:
        _providers.pop(f"{_urgent.__module__}.{_urgent.__qualname__}")


def test_an_overview_with_nothing_waiting_says_so(org, hr_analyst, client_for):
    page = client_for(hr_analyst).get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()
    assert "You are up to date" in page
    assert "Everything you can do" in page


def test_a_memo_is_computed_once_a_request_and_again_for_the_next():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    assert [request_memo(first, "k", compute), request_memo(first, "k", compute)] == [1, 1]
    assert request_memo(first, "other", compute) == 2
    assert request_memo(second, "k", compute) == 3

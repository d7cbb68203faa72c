"""Apps above organizations learn of every applied roster load, and start-up fails without one."""

import pytest
from django.db import transaction

from organizations.checks import roster_listener_registered
from organizations.roster import listeners
from organizations.roster.loads import roster_import
from tests.organizations.roster.samples import valid_roster


@pytest.fixture
def heard(monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(listeners, "_listeners", {"test": calls.append})
    return calls


def test_an_applied_load_tells_every_listener_the_organization(org, admin, heard):
    roster_import(organization=org, actor=admin, content=valid_roster())
    assert heard == [org.pk]


def test_a_load_that_fails_tells_nobody(org, admin, heard):
    with pytest.raises(RuntimeError), transaction.atomic():
        roster_import(organization=org, actor=admin, content=valid_roster())
        assert heard == [org.pk]  # told inside the transaction; the listener defers its work
        raise RuntimeError("the surrounding transaction rolls back")


def test_paused_listeners_hear_nothing(org, admin, heard):
    with listeners.roster_listeners_paused():
        roster_import(organization=org, actor=admin, content=valid_roster())
    assert heard == []


def test_start_up_fails_when_nothing_listens_for_roster_loads(monkeypatch):
    monkeypatch.setattr(listeners, "_listeners", {})
    assert [error.id for error in roster_listener_registered()] == ["organizations.E001"]

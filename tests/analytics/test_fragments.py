"""The dashboard's figures are rendered once per refresh (analytics/fragments.py): a second visit
reads them from the cache, and whatever the figures part shows — the facts of the last refresh,
the organization's settings, the programs, the cohorts — is never served stale."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.services.refresh import facts_refresh
from cohorts.models import Cohort
from programs.models import Program
from tests.analytics.conftest import AS_OF
from tests.analytics.factories import random_roster

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _url(org, query: str = "") -> str:
    return f"/o/{org.slug}/analytics/" + (f"?{query}" if query else "")


def _page(client, url: str, **extra) -> str:
    """The page without its per-request CSRF token."""
    body = client.get(url, **extra).content.decode()
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", body)


def _uncached(client, url: str, **extra) -> str:
    cache.clear()
    return _page(client, url, **extra)


def test_a_second_visit_reads_the_figures_from_the_cache_and_shows_the_same_page(
    org, refreshed, hr_analyst, client_for
):
    client = client_for(hr_analyst)
    with CaptureQueriesContext(connection) as first:
        first_body = _page(client, _url(org))
    with CaptureQueriesContext(connection) as second:
        second_body = _page(client, _url(org))
    assert second_body == first_body
    assert len(second) < len(first)
    assert not any("analytics_monthly" in q["sql"] for q in second.captured_queries)


def test_each_filter_and_the_htmx_panel_are_kept_apart(org, refreshed, hr_analyst, client_for):
    client = client_for(hr_analyst)
    for query in ("", "role=mentee", "by=level", "start=2024-01&end=2026-05"):
        _page(client, _url(org, query))
        _page(client, _url(org, query), **HTMX)
    for query in ("", "role=mentee", "by=level", "start=2024-01&end=2026-05"):
        assert _page(client, _url(org, query)) == _uncached(client, _url(org, query))
        assert _page(client, _url(org, query), **HTMX) == _uncached(client, _url(org, query), **HTMX)
    assert "<html" not in _page(client, _url(org, "role=mentee"), **HTMX)


def test_a_new_refresh_shows_its_figures(org, refreshed, hr_analyst, client_for):
    client = client_for(hr_analyst)
    before = _page(client, _url(org))
    random_roster(org, seed=5, people=60, as_of=AS_OF)  # more people: other headcounts
    facts_refresh(organization=org, as_of=AS_OF)
    after = _page(client, _url(org))
    assert after != before
    assert after == _uncached(client, _url(org))


def test_a_changed_minimum_group_size_applies_at_once(org, refreshed, hr_analyst, client_for):
    client = client_for(hr_analyst)
    assert "fewer than 60" not in _page(client, _url(org))
    org.min_group_size = 60
    org.save()
    after = _page(client, _url(org))
    assert "fewer than 60" in after
    assert after == _uncached(client, _url(org))


def test_renamed_programs_and_cohorts_show_their_new_names(org, refreshed, hr_analyst, client_for):
    client = client_for(hr_analyst)
    cohort = refreshed[0]
    before = _page(client, _url(org))
    Program.objects.filter(pk=cohort.program_id).update(name="Renamed program")
    Cohort.objects.filter(pk=cohort.pk).update(name="Renamed cohort")
    after = _page(client, _url(org))
    assert "Renamed program" not in before
    assert '<th scope="row">Renamed program</th>' in after  # the purpose section
    assert "Renamed program — Renamed cohort" in after  # the cohort filter
    assert after == _uncached(client, _url(org))


def test_a_program_managers_page_is_not_an_hr_analysts(org, refreshed, hr_analyst, manager, client_for):
    program = refreshed[0].program_id
    managers = _page(client_for(manager), _url(org, f"program={program}"))
    analysts = _page(client_for(hr_analyst), _url(org, f"program={program}"))
    assert '<option value="">All programs</option>' in analysts
    assert "All programs" not in managers
    assert managers == _uncached(client_for(manager), _url(org, f"program={program}"))

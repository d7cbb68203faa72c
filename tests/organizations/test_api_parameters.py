"""Odd parameters get a 404 or a 400, never a 500: every organization endpoint of the API is
walked (detail lookups that are not ids, filters with values of the wrong kind), so a viewset or
filter added later is covered without a line here."""

import django_filters
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from organizations.api import filters as shared

ODD_LOOKUPS = ["abc", "null,null", "1.5", "-1", "²", "9" * 30, "9" * 10_000]


def _org_routes() -> dict[str, type]:
    """Every named API route under /api/v1/o/<org_slug>/, with its view class."""
    routes = {}

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern) and pattern.name:
                view = getattr(pattern.callback, "cls", None)
                routes[pattern.name] = view

    api = next(p for p in get_resolver().url_patterns if str(p.pattern) == "api/v1/")
    org_api = next(p for p in api.url_patterns if "org_slug" in str(p.pattern))
    walk(org_api.url_patterns)
    return routes


def bad_values_for(found) -> list[str]:
    """Values each kind of filter must refuse with a 400."""
    numbers = ["abc", "NaN", "Infinity", "²", "9" * 10_000]
    if isinstance(found, shared.IdFilter):
        return [*numbers, "1.5", "-1", "0", "1e30"]
    if isinstance(found, shared.WholeNumberFilter):
        return [*numbers, "1.5", "-1", "32768", "1e30"]
    if isinstance(found, shared.DecimalFilter):
        return [*numbers, "1e999999999"]
    if isinstance(found, shared.MomentFilter):
        return ["abc", "2026-01-01T00:00-16:30", "0001-01-01T00:10+01:00", "9999-12-31T23:30-06:00"]
    if isinstance(found, shared.DayFilter):
        return ["abc", "0001-01-01", "9999-12-31", "2026-02-30"]
    if isinstance(found, django_filters.ChoiceFilter):
        return ["nope", "x" * 10_000]
    if isinstance(found, django_filters.CharFilter):
        return ["\x00", "a\x00b"]
    return []


ROUTES = _org_routes()
LIST_ROUTES = sorted(name for name in ROUTES if name.endswith("-list"))
DETAIL_LISTS = sorted(name for name in LIST_ROUTES if name.replace("-list", "-detail") in ROUTES)
FILTERED = sorted(
    (name, filter_name)
    for name in LIST_ROUTES
    if getattr(ROUTES[name], "filterset_class", None)
    for filter_name in ROUTES[name].filterset_class.base_filters
)


@pytest.fixture
def api(org, admin):
    client = APIClient()
    client.force_authenticate(admin)
    return client


def test_the_walk_finds_the_endpoints_it_is_meant_to_cover():
    assert {"api-pair-health-list", "api-meeting-list", "api-employee-list"} <= set(DETAIL_LISTS)
    assert ("api-meeting-list", "starts_after") in FILTERED


@pytest.mark.parametrize("route", DETAIL_LISTS)
@pytest.mark.parametrize("lookup", ODD_LOOKUPS, ids=lambda value: value[:12])
def test_a_detail_lookup_that_is_not_an_id_is_a_404(api, org, route, lookup):
    response = api.get(reverse(route, kwargs={"org_slug": org.slug}) + f"{lookup}/")

    assert response.status_code == 404


@pytest.mark.parametrize(("route", "name"), FILTERED)
def test_a_filter_value_of_the_wrong_kind_is_a_400_naming_the_parameter(api, org, route, name):
    filterset = ROUTES[route].filterset_class
    url = reverse(route, kwargs={"org_slug": org.slug})
    for value in bad_values_for(filterset.base_filters[name]):
        response = api.get(url, {name: value})

        assert response.status_code == 400, (name, value[:40], response.status_code)
        assert name in response.json()


IMPOSSIBLE_MOMENTS = [
    "2026-01-01T00:00-16:30",
    "2026-01-01T00:00+16:00",
    "0001-01-01T00:10+01:00",
    "9999-12-31T23:30-06:00",
]


@pytest.mark.parametrize("value", IMPOSSIBLE_MOMENTS)
@pytest.mark.parametrize("name", ["starts_after", "starts_before"])
def test_a_meeting_filter_with_an_impossible_moment_is_a_400(api, org, name, value):
    response = api.get(f"/api/v1/o/{org.slug}/meetings/", {name: value})

    assert response.status_code == 400
    assert name in response.json()


def test_a_meeting_filter_with_an_ordinary_offset_works(api, org):
    response = api.get(f"/api/v1/o/{org.slug}/meetings/", {"starts_after": "2026-01-01T00:00-15:59"})

    assert response.status_code == 200


@pytest.mark.parametrize("cohort", ["abc", "²", "9" * 10_000, "1.5"])
def test_the_pair_health_cohort_parameter_that_is_not_an_id_is_a_400(api, org, cohort):
    response = api.get(f"/api/v1/o/{org.slug}/pair-health/", {"cohort": cohort})

    assert response.status_code == 400
    assert response.json() == {"cohort": ["Give a cohort id (a whole number)."]}


@pytest.mark.parametrize("search", ["\x00", "Ada\x00"])
def test_a_search_with_a_nul_character_is_a_400(api, org, search):
    response = api.get(f"/api/v1/o/{org.slug}/employees/", {"search": search})

    assert response.status_code == 400  # DRF's own check; PostgreSQL cannot compare text holding NUL


def test_every_filter_is_one_of_the_shared_bounded_kinds():
    """A plain NumberFilter turns '1e999999999' into a billion-digit int, a plain
    IsoDateTimeFilter lets an offset PostgreSQL refuses through: use organizations/api/filters."""
    plain = (django_filters.NumberFilter, django_filters.IsoDateTimeFilter, django_filters.DateFilter)
    allowed = (
        shared.IdFilter,
        shared.WholeNumberFilter,
        shared.DecimalFilter,
        shared.MomentFilter,
        shared.DayFilter,
    )
    for route, name in FILTERED:
        found = ROUTES[route].filterset_class.base_filters[name]
        assert not isinstance(found, plain) or isinstance(found, allowed), (route, name, type(found))

"""An id in a page's URL is at most 18 digits (``<id:pk>``, organizations/view_helpers.py): a
longer one is a 404 from the resolver, not a number the database cannot be asked about."""

import re

import pytest
from django.urls import get_resolver, resolve

from tests.sessions.factories import circle_of_everyone

TOO_LONG = "9" * 30


def _page_routes(patterns=None, prefix="") -> list[str]:
    routes = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if hasattr(pattern, "url_patterns"):
            routes += _page_routes(pattern.url_patterns, route)
        elif route.startswith("o/"):
            routes.append(route)
    return routes


def test_every_page_takes_its_ids_with_the_id_converter():
    unbounded = [route for route in _page_routes() if re.search(r"<int:", route)]
    assert not unbounded, f"Use <id:…> (at most 18 digits) in: {unbounded}"


@pytest.mark.parametrize(
    "path",
    [
        f"/o/acme/mentoring/pairs/{TOO_LONG}/",
        f"/o/acme/mentoring/pairs/{TOO_LONG}/meetings/new/",
        f"/o/acme/cohorts/{TOO_LONG}/my-profile/",
        f"/o/acme/teams/cohort/{TOO_LONG}/preferences/",
        f"/o/acme/matching/mine/pairs/{TOO_LONG}/rematch/",
    ],
)
def test_an_id_too_long_for_the_database_is_a_404(path, org, people, client_for):
    """It was an OverflowError on SQLite (a 500) where the view filtered on it."""
    circle_of_everyone(org)

    assert client_for(people.mentee).get(path).status_code == 404


def test_an_id_of_eighteen_digits_still_reaches_the_view(org, people, client_for):
    pair = circle_of_everyone(org)
    eighteen = "9" * 18

    assert resolve(f"/o/acme/mentoring/pairs/{eighteen}/").kwargs["pk"] == int(eighteen)
    assert client_for(people.mentee).get(f"/o/acme/mentoring/pairs/{eighteen}/").status_code == 404
    assert client_for(people.mentee).get(f"/o/acme/mentoring/pairs/{pair.pk}/").status_code == 200

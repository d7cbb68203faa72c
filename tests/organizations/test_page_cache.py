"""The page cache (organizations/page_cache.py): a page is served again only to the same person
in the same session, never from before a change to what it shows, and never past access checks.

The tests with commits run in transactions that commit (``transaction=True``), as requests do:
the data version moves when a write commits.
"""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from organizations.data_version import move_on
from organizations.models import Employee, Organization
from organizations.page_cache import serve
from organizations.tenancy import organization_scope
from sessions.models import Meeting
from sessions.services.settings import mentoring_settings_for
from tests.access_table import ACCESS, ORG_URL_NAMES, org_url
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.sessions.factories import cohort_in_its_year, pair_of

CSRF = "c" * 32
# Each drawing masks the CSRF secret anew: the tokens differ, the secret behind them does not.
TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def signed_in(user, *, csrf: str | None = CSRF) -> Client:
    client = Client()
    client.force_login(user)
    if csrf:
        client.cookies["csrftoken"] = csrf
    return client


def answers(client: Client, url: str, times: int = 2) -> list[str]:
    return [client.get(url).get("X-Page-Cache", "-") for _ in range(times)]


# --- With commits ------------------------------------------------------------------------------


@pytest.fixture
def year(org, mentor, mentee):
    cohort = cohort_in_its_year(org)
    pair = pair_of(mentor, mentee, cohort, published_at=timezone.now() - datetime.timedelta(days=10))
    # Made on a program's first page otherwise: that page, having written, would not be stored.
    mentoring_settings_for(program=cohort.program)
    return pair


def pair_url(org, pair) -> str:
    return reverse("mentoring:pair", kwargs={"org_slug": org.slug, "pk": pair.pk})


@pytest.mark.django_db(transaction=True)
def test_a_page_is_served_again_until_a_write_changes_it(org, year, mentee):
    client, url = signed_in(mentee), pair_url(org, year)
    first = client.get(url)
    again = client.get(url)
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again.content == first.content

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    logged = client.post(
        reverse("mentoring:meeting_create", kwargs={"org_slug": org.slug, "pk": year.pk}),
        {"status": "scheduled", "date": tomorrow.isoformat(), "time": "14:30", "duration_minutes": "45"}
        | {"format": "video", "location": "", "video_url": "https://meet.example.com/abc"},
    )
    assert logged.status_code == 302
    meeting_url = reverse("mentoring:meeting", kwargs={"org_slug": org.slug, "pk": Meeting.objects.get().pk})
    shown = client.get(url)  # the flash message from the post is on it: drawn, not stored
    assert shown.get("X-Page-Cache") is None and meeting_url.encode() in shown.content
    assert answers(client, url) == ["miss", "hit"]
    assert meeting_url.encode() in client.get(url).content


@pytest.mark.django_db(transaction=True)
def test_each_person_and_session_has_their_own_pages(org, year, mentee, mentor):
    url = pair_url(org, year)
    assert answers(signed_in(mentee), url) == ["miss", "hit"]
    assert answers(signed_in(mentor), url) == ["miss", "hit"]
    assert answers(signed_in(mentee), url) == ["miss", "hit"]  # a new session of the same person
    client = signed_in(mentee)
    client.get(url)
    session = client.session
    session["seen_tour"] = True
    session.save()
    assert answers(client, url) == ["miss", "hit"]


@pytest.mark.django_db(transaction=True)
def test_access_is_checked_before_the_cache_is_read(org, year, mentee, outsider):
    url = pair_url(org, year)
    assert answers(signed_in(mentee), url) == ["miss", "hit"]
    colleague = MembershipFactory(organization=org, user=UserFactory(email="colleague@acme.test")).user
    assert signed_in(colleague).get(url).status_code == 404
    assert signed_in(outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page


@pytest.mark.django_db(transaction=True)
def test_someone_taken_out_of_the_pair_is_not_served_its_page(org, year, mentee):
    url = pair_url(org, year)
    client = signed_in(mentee)
    assert answers(client, url) == ["miss", "hit"]
    with organization_scope(org):
        year.members.filter(participant__employee__user=mentee).update(left_at=timezone.now())
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_write_in_another_organization_leaves_the_page_served(org, other_org, year, mentee):
    client, url = signed_in(mentee), pair_url(org, year)
    assert answers(client, url) == ["miss", "hit"]
    with organization_scope(other_org):
        EmployeeFactory(organization=other_org)
    assert answers(client, url, 1) == ["hit"]
    move_on(org.pk)
    assert answers(client, url) == ["miss", "hit"]


@pytest.mark.django_db(transaction=True)
def test_a_page_asked_without_a_csrf_cookie_is_never_stored(org, year, mentee):
    client = signed_in(mentee, csrf=None)
    # The first sets the cookie (its forms' tokens are made from it); the second has it.
    assert answers(client, pair_url(org, year)) == ["-", "miss"]


@pytest.mark.django_db(transaction=True)
def test_the_next_day_draws_the_page_anew(org, year, mentee):
    client, url = signed_in(mentee), pair_url(org, year)
    assert answers(client, url) == ["miss", "hit"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert answers(client, url) == ["miss", "hit"]


@pytest.mark.django_db(transaction=True)
def test_a_page_whose_drawing_writes_is_not_stored(org):
    request = RequestFactory().get("/o/acme/somewhere/")
    organization = Organization.objects.select_related("data_version").get(pk=org.pk)
    drawn = []

    def draw_and_write():
        from django.http import HttpResponse

        with organization_scope(org):
            drawn.append(EmployeeFactory(organization=org))
        return HttpResponse("drawn")

    for _ in range(2):
        assert serve(request, organization, "u1:s", draw_and_write)["X-Page-Cache"] == "miss"
    assert len(drawn) == 2
    with organization_scope(org):
        assert Employee.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_page_served_from_the_cache_costs_only_the_sign_in_reads(org, year, mentee):
    client, url = signed_in(mentee), pair_url(org, year)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url)["X-Page-Cache"] == "hit"
    assert len(queries) <= 3, [q["sql"] for q in queries]


# --- Every cached page, as every role that reads it --------------------------------------------


def _page_cached(url: str) -> bool:
    view = resolve(url).func
    if hasattr(view, "cls"):  # a DRF view: its GET handler is what is cached
        handler = (getattr(view, "actions", None) or {}).get("get", "get")
        return getattr(getattr(view.cls, handler, None), "page_cached", False)
    return getattr(view, "page_cached", False)


CACHED = [
    "mentoring:pair",
    "mentoring:overview",
    "matching:run",
    "roster",
    "analytics:dashboard",
    "api-pair-health-list",
    "api-analytics-retention",
    "api-analytics-curves",
    "api-analytics-talent",
]


def test_the_cached_pages_are_the_daily_ones(org):
    """Every route of the access table whose GET is cached is walked below."""
    routes = [name for name in ORG_URL_NAMES if ACCESS[name].method == "GET" and ACCESS[name].roles]
    assert {name for name in routes if _page_cached(org_url(name, org))} == set(CACHED)


@pytest.mark.parametrize("name", CACHED)
def test_a_page_from_the_cache_is_the_page_drawn(name, org, people, settings):
    """Without commits (nothing changes between the requests): the stored copy is what drawing
    the page gives, for every role that may read it."""
    url = org_url(name, org)
    for role, user in people.by_role().items():
        if role not in ACCESS[name].roles:
            continue
        client = signed_in(user)
        settings.PAGE_CACHE_SECONDS = 0
        drawn = client.get(url)
        settings.PAGE_CACHE_SECONDS = 60
        stored, served = client.get(url), client.get(url)
        if drawn.status_code != 200:  # e.g. a program manager's analytics without a program: 400
            assert served.status_code == drawn.status_code and served.get("X-Page-Cache") != "hit"
            continue
        assert (stored["X-Page-Cache"], served["X-Page-Cache"]) == ("miss", "hit"), f"{name} as {role}"
        assert served.content == stored.content
        assert TOKEN.sub(b"", served.content) == TOKEN.sub(b"", drawn.content), f"{name} as {role}"
        assert served["Content-Type"] == drawn["Content-Type"]


@pytest.mark.django_db(transaction=True)
def test_pages_are_served_and_kept_while_redis_is_unreachable(org, year, mentee, settings):
    """The default cache falls back to each process's memory (config/cache.py): still keyed on
    the data version in the database, so no process serves a page from before a change."""
    from config import cache as resilient_cache
    from tests.services import REFUSED_REDIS, nothing_listens, use_redis_cache

    nothing_listens(6390)
    use_redis_cache(settings, REFUSED_REDIS)
    resilient_cache._outages.clear()
    try:
        client, url = signed_in(mentee), pair_url(org, year)
        assert answers(client, url) == ["miss", "hit"]
        move_on(org.pk)
        assert answers(client, url) == ["miss", "hit"]
    finally:
        resilient_cache._outages.clear()

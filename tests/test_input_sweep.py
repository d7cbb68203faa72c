"""No input breaks a page or the API: oversized, NUL, far-past and far-future values get a form
error, a 400 or a 404, never a 5xx — and nothing they carry is stored as a date out of range.

Pages: every URL name under /o/<org_slug>/ (the resolver's walk, tests/access_table.py), as the
first role its access row allows (and as a member too where members may use it), with the real
object its row makes; everyone has a roster row, and analytics routes have their facts built.
The page is read as a browser reads it (tests/input_sweep/pages.py): each POST form is sent as
it stands, then with every field set to one hostile value at a time (hidden fields and the CSRF
token kept), then one field at a time with the values that suit its input type (a value that
is not an option for choices, odd files for uploads). Responses are followed through their
redirects, so a stored value that breaks the page it lands on is caught there. The page's query
parameters (its GET forms, its links to itself, and a set of common names) get the hostile
values, and each id and word in its path a value too large to exist or odd text. A route that
takes POST gets them in its access row's fields and in every field name the product's forms
declare.

API: every operation of the OpenAPI schema (tests/input_sweep/openapi.py), as an admin signed
in: each query parameter, path parameter and body property gets the hostile values of its type,
one at a time, around an ordinary call on a real object; an HR system's API key makes the
ordinary call too.

After each route: no stored date outside the range its meaning allows (the product's own
finders) nor, on any tenant row, outside 1900–2199.

A new route or operation is covered without a line here. Each failure names its route and
lists every request that got a 5xx, with the exception and the last line of product code it
went through. About a minute and a half on SQLite on one free core; PostgreSQL (where NUL
characters and year-1 dates really fail) takes longer.
"""

import logging
from urllib.parse import quote, urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import resolve, reverse
from rest_framework.throttling import SimpleRateThrottle

from analytics.services.refresh import facts_refresh
from organizations.roles import Role
from organizations.services.api_keys import api_key_create
from organizations.tenancy import ORG_URL_KWARG
from tests.access_table import ACCESS, ORG_URL_NAMES, org_url_kwargs
from tests.input_sweep.openapi import OPERATIONS, Operation, hostile_for, ordinary
from tests.input_sweep.pages import read_page
from tests.input_sweep.sweep import Sweep, product_form_field_names, unique_forms
from tests.input_sweep.values import BIG, EVERY, FILES, HUGE, LONG, NUL, label
from tests.sessions.factories import employee_for

# Query parameters tried on every page, on top of those the page itself uses.
COMMON_QUERY = (
    "q",
    "search",
    "page",
    "date",
    "start",
    "end",
    "month",
    "status",
    "program",
    "cohort",
    "role",
    "department",
    "level",
    "ordering",
    "next",
)
# Fields tried on a route that takes POST: every field name a form of the product declares.
FORM_FIELDS = product_form_field_names()
# Values for the ids (True) and words (False) in a path: too large to exist, and odd text.
PATH_VALUES = {True: (BIG, HUGE), False: (LONG, NUL)}
# Who sweeps a page: the first of these roles its row allows, and a member too where members
# may use it (a member sees the forms of their own mentoring, plans and applications).
ROLE_ORDER = (Role.ADMIN, Role.PROGRAM_MANAGER, Role.HR_ANALYST, Role.SENIOR_LEADER, Role.MEMBER)


@pytest.fixture(autouse=True)
def _quiet_request_log():
    # Thousands of 404s and 400s, and the 5xx the report lists anyway: keep the log readable.
    logger = logging.getLogger("django.request")
    previous, logger.disabled = logger.disabled, True
    yield
    logger.disabled = previous


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploads the sweep gets accepted land in a temporary MEDIA_ROOT, not the project's.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    # Hundreds of requests a minute from one caller: no API throttle (it has its own tests).
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda throttle, request, view: True)


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _sweepers(roles) -> list[str]:
    first = next(role for role in ROLE_ORDER if role in roles)
    return [first, Role.MEMBER] if Role.MEMBER in roles and first != Role.MEMBER else [first]


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture
def in_the_roster(org, people):
    """Everyone has a roster row, as in a real organization: pages that look a person up in the
    roster (applying to a program, the roster itself) show their forms."""
    for user in people.by_role().values():
        employee_for(user, org)


def _figures_built(org, url: str) -> None:
    """Analytics pages and endpoints read facts built ahead of time: built from what the route's
    row made, the dashboard shows its filters and the figures are computed for real."""
    if "/analytics/" in url:
        facts_refresh(organization=org)


@pytest.mark.parametrize("name", ORG_URL_NAMES)
def test_no_hostile_value_breaks_a_page(name, org, people, in_the_roster):
    access = ACCESS[name]
    kwargs = org_url_kwargs(name, org)
    url = reverse(name, kwargs=kwargs)
    _figures_built(org, url)
    clients = {role: _client(people.by_role()[role]) for role in _sweepers(access.roles)}
    sweep = Sweep(next(iter(clients.values())))
    query, forms, read = {}, set(), False

    for role, client in clients.items():
        sweep.client, sweep.who = client, role
        status, page = sweep.page(url)
        read = read or status != 405
        if page is not None:
            query |= page.query_fields()
            for form in unique_forms(page.post_forms(), f"/o/{org.slug}/", seen=forms):
                sweep.form(form)
    sweep.client, sweep.who = next(iter(clients.items()))[::-1]
    # A POST-only route answers 405 to any GET; an API route's parameters are in its schema,
    # swept below (test_no_hostile_value_breaks_an_api_operation).
    if read and not url.startswith("/api/"):
        sweep.query(url, {*COMMON_QUERY, *query})
        sweep.query_each(url, query)
    if access.method == "POST":
        _post_without_a_form(sweep, url, access.data or {})
    _odd_path_values(sweep, name, kwargs)
    for role, client in clients.items():
        sweep.client, sweep.who = client, role
        sweep.page(url, "again, after the sweep")
    sweep.stored_dates_outside_their_ranges(org)

    sweep.fail_on_failures(name)


def _post_without_a_form(sweep: Sweep, url: str, data: dict) -> None:
    """A route that takes POST: its access row's fields and every form field name, all at once,
    then each of the row's fields alone."""
    names = [*data, *(name for name in FORM_FIELDS if name not in data)]
    for value in EVERY:
        sweep.post(url, dict.fromkeys(names, value), [], f"every field={label(value)}")
    for name in data:
        for value in EVERY:
            sweep.post(url, {**data, name: value}, [], f"{name}={label(value)}")


def _odd_path_values(sweep: Sweep, name: str, kwargs: dict) -> None:
    """Each word of the path but the organization's: an id too large to exist, odd text. The URL
    is written by hand around the route's own (the resolver may refuse to reverse such values;
    a person can still type them)."""
    for kwarg, real in kwargs.items():
        if kwarg == ORG_URL_KWARG:
            continue
        marker = 987_654_321_012 if isinstance(real, int) else "sweep-marker"
        template = reverse(name, kwargs={**kwargs, kwarg: marker})
        for index, value in enumerate(PATH_VALUES[isinstance(real, int)]):
            url = template.replace(str(marker), quote(value, safe=""))
            sweep.send("get", url, f"path {kwarg}={label(value)}")
            if index == 0:  # a view that takes only POST looks its object up too
                sweep.send("post", url, f"path {kwarg}={label(value)}")


# --- API --------------------------------------------------------------------------------------


def _api_callers(org, people) -> tuple[Client, Client]:
    """An admin signed in, and an HR system's API key."""
    _, raw_key = api_key_create(organization=org, actor=people.admin, name="Sweep")
    key = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return _client(people.admin), key


def _real_path_values(operation: Operation, org) -> dict[str, str]:
    """The path parameters of a real object, made by the route's access row (for a list, a row
    of the matching detail route, so that its filters have something to filter)."""
    params = operation.parameters("path")
    probe = operation.path.format(**{name: org.slug if name == ORG_URL_KWARG else "1" for name in params})
    url_name = resolve(probe).url_name
    row = ACCESS.get(url_name.replace("-list", "-detail")) or ACCESS.get(url_name)
    made = row.kwargs(org) if row and row.kwargs else {}
    return {
        name: org.slug if name == ORG_URL_KWARG else str(made.get(name, made.get("pk", 1))) for name in params
    }


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.operation_id)
def test_no_hostile_value_breaks_an_api_operation(operation, org, people, in_the_roster):
    path_values = _real_path_values(operation, org)
    _figures_built(org, operation.path)
    session, key = _api_callers(org, people)
    sweep = Sweep(session, who="admin session")
    _sweep_operation(sweep, operation, path_values)
    # An API key reaches the same code past authentication: its ordinary call is enough.
    sweep.client, sweep.who = key, "HR key"
    _sweep_operation(sweep, operation, path_values, hostile=False)
    sweep.stored_dates_outside_their_ranges(org)

    sweep.fail_on_failures(f"{operation.method.upper()} {operation.path}")


def _sweep_operation(sweep: Sweep, operation: Operation, path_values: dict[str, str], hostile=True) -> None:
    """An ordinary call, then every query parameter set to one hostile value at a time, then each
    query parameter, path parameter and body property alone with the values of its type."""
    method, url = operation.method, operation.path.format(**path_values)
    content_type, properties = operation.body() or (None, {})
    body = {name: ordinary(schema) for name, schema in properties.items()}

    def send(what, target=url, query=None, payload=body):
        if method == "get":
            return sweep.send(method, target, what, data=query or {})
        target += f"?{urlencode(query)}" if query else ""
        return sweep.send(method, target, what, **_encoded(payload, content_type))

    send("as it stands")
    if not hostile:
        return
    query = operation.parameters("query")
    for value in EVERY if query else ():
        send(f"every query parameter={label(value)}", query=dict.fromkeys(query, value))
    for name, schema in query.items():
        for value in hostile_for(schema):
            send(f"?{name}={label(value)}", query={name: value})
    for name, schema in operation.parameters("path").items():
        for value in hostile_for(schema) if name != ORG_URL_KWARG else ():
            odd = operation.path.format(**{**path_values, name: quote(value, safe="")})
            send(f"path {name}={label(value)}", target=odd)
    for name, schema in properties.items():
        for value in hostile_for(schema):
            send(f"body {name}={label(value)}", payload={**body, name: value})
        if content_type == "multipart/form-data":
            for filename, content in FILES:
                upload = SimpleUploadedFile(filename, content, "text/csv")
                send(f"body {name}=<file {label(filename)}>", payload={**body, name: upload})


def _encoded(payload: dict, content_type: str | None) -> dict:
    if content_type == "application/json":
        return {"data": payload, "content_type": content_type}
    form = {name: str(value).lower() if isinstance(value, bool) else value for name, value in payload.items()}
    if content_type == "application/x-www-form-urlencoded":
        return {"data": urlencode(form), "content_type": content_type}
    return {"data": form}


# --- the sweep itself -------------------------------------------------------------------------


def test_the_sweep_covers_every_route_and_operation_it_is_meant_to():
    assert {"mentoring:meeting_create", "programs:apply", "roster", "api-meeting-list"} <= set(ORG_URL_NAMES)
    assert {"application_ids", "starts_at", "minutes", "expires_on"} <= set(FORM_FIELDS)
    by_id = {operation.operation_id: operation for operation in OPERATIONS}
    assert "starts_after" in by_id["o_meetings_list"].parameters("query")
    assert by_id["o_roster_loads_create"].body()[0] == "multipart/form-data"
    assert {"file", "effective_date"} <= set(by_id["o_roster_loads_create"].body()[1])


def test_a_page_is_read_as_a_browser_reads_it():
    html = """
    <a href="?status=open&amp;page=2">next</a> <a href="/elsewhere/?q=1">away</a>
    <form method="get"><input name="q" type="search"></form>
    <form method="post" action="save/">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input name="title" value="Kickoff"> <input name="when" type="date">
      <select name="owner"><option value="">Nobody</option><option value="7">Ada</option></select>
      <input type="checkbox" name="done"> <input name="off" disabled>
      <textarea name="notes">Agenda</textarea> <input type="file" name="upload">
      <button name="action" value="save">Save</button>
    </form>"""
    page = read_page("/o/acme/page/", html)

    assert page.query_fields() == {"q": "search", "status": "text", "page": "text"}
    (form,) = page.post_forms()
    assert form.action == "/o/acme/page/save/"
    assert form.buttons == [("action", "save")]
    assert form.files == ["upload"]
    baseline = form.baseline()
    assert baseline["csrfmiddlewaretoken"] == ["t"]
    assert baseline["title"] == ["Kickoff"]
    assert baseline["owner"] == ["7"]  # an empty choice is given an option, as a person would
    assert baseline["done"] == []  # an unchecked box sends nothing
    assert baseline["notes"] == ["Agenda"]
    assert len(baseline["when"][0]) == 10  # an empty date box gets an ordinary date
    assert "off" not in baseline
    assert form.fields["when"].hostile[:2] == ("0001-01-01", "9999-12-31")
    assert form.fields["csrfmiddlewaretoken"].hostile == ()

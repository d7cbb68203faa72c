"""Two organizations from the start: everyone in Acme, and an outsider who runs Globex."""

from dataclasses import dataclass

import pytest
from django.test import Client
from django_scopes import scope, scopes_disabled

from config.celery import app as celery_app
from organizations.roles import Role
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_body_in_the_default_organization(request):
    """Test bodies run inside Acme's scope, as a request in Acme would: a query that forgets
    its organization raises, and another organization's rows stay out of sight.

    A test that means to look across organizations says so: ``@pytest.mark.across_organizations``
    (or ``with scopes_disabled():`` around the lines that do). Tests without the ``org``
    fixture open the scope they need themselves.
    """
    if request.node.get_closest_marker("across_organizations"):
        with scopes_disabled():
            yield
    elif "org" in request.fixturenames:
        with scope(organization=request.getfixturevalue("org")):
            yield
    else:
        yield


@pytest.fixture(autouse=True, scope="session")
def _pages_drawn_every_time():
    """The page cache off (organizations/page_cache.py): a test's writes are never committed
    (each test runs in a transaction rolled back at its end), so the data versions the cache is
    keyed on would not move. tests/organizations/test_page_cache.py turns it on, with commits."""
    from django.conf import settings

    previous = settings.PAGE_CACHE_SECONDS
    settings.PAGE_CACHE_SECONDS = 0
    yield
    settings.PAGE_CACHE_SECONDS = previous


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run in-process unless a test starts a real worker (see test_celery_worker)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def _record_the_sign_in(sender, request, user, **kwargs):
    """``client.force_login`` signs a person in without allauth, so the session has no record
    of the sign-in; write the one allauth writes, so a test client has signed in just now
    (sensitive actions ask for a recent sign-in: organizations/reauth.py)."""
    from allauth.account.internal.flows.login import record_authentication

    if getattr(request, "session", None) is not None:
        record_authentication(request, user, method="password")


@pytest.fixture(autouse=True, scope="session")
def _force_login_is_a_fresh_sign_in():
    from django.contrib.auth.signals import user_logged_in

    user_logged_in.connect(_record_the_sign_in, dispatch_uid="tests-record-sign-in")
    yield
    user_logged_in.disconnect(dispatch_uid="tests-record-sign-in")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # A failing reminder scan is logged and skipped in production; in tests it fails the test.
    settings.NOTIFICATIONS_RAISE_SCAN_ERRORS = True
    # The test organizations keep Amsterdam's clock; the server's "today" follows it, so a test
    # that says timezone.localdate() means the organization's day at any hour (between 23:00
    # and midnight UTC the two days differ).
    settings.TIME_ZONE = "Europe/Amsterdam"


@pytest.fixture
def org(db):
    return OrganizationFactory(name="Acme", slug="acme")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="Globex", slug="globex")


def _member(organization, role, email):
    return MembershipFactory(organization=organization, role=role, user=UserFactory(email=email)).user


@pytest.fixture
def admin(org):
    return _member(org, Role.ADMIN, "admin@acme.test")


@pytest.fixture
def manager(org):
    return _member(org, Role.PROGRAM_MANAGER, "manager@acme.test")


@pytest.fixture
def hr_analyst(org):
    return _member(org, Role.HR_ANALYST, "hr@acme.test")


@pytest.fixture
def senior_leader(org):
    return _member(org, Role.SENIOR_LEADER, "leader@acme.test")


@pytest.fixture
def mentor(org):
    return _member(org, Role.MEMBER, "mentor@acme.test")


@pytest.fixture
def mentee(org):
    return _member(org, Role.MEMBER, "mentee@acme.test")


@pytest.fixture
def outsider(other_org):
    return _member(other_org, Role.ADMIN, "outsider@globex.test")


@dataclass
class People:
    admin: object
    manager: object
    hr_analyst: object
    senior_leader: object
    mentor: object
    mentee: object
    outsider: object

    def by_role(self) -> dict[str, object]:
        return {
            Role.ADMIN: self.admin,
            Role.PROGRAM_MANAGER: self.manager,
            Role.HR_ANALYST: self.hr_analyst,
            Role.SENIOR_LEADER: self.senior_leader,
            Role.MEMBER: self.mentee,
        }


@pytest.fixture
def people(admin, manager, hr_analyst, senior_leader, mentor, mentee, outsider):
    return People(admin, manager, hr_analyst, senior_leader, mentor, mentee, outsider)


@pytest.fixture
def client_for():
    """A logged-in test client for a user: ``client_for(admin).get(...)``."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def wsgi_in_test_transaction(monkeypatch):
    """Call ``config.wsgi.application`` directly (schemathesis, werkzeug) inside the test's
    transaction. Django closes a connection found inside a transaction at the start and end of
    every request (close_old_connections); the test client unhooks that for its own requests,
    so a test that calls the WSGI app itself must keep the connection too, or the next query
    finds it closed (on PostgreSQL; SQLite's in-memory database survives)."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    monkeypatch.setattr(BaseDatabaseWrapper, "close_if_unusable_or_obsolete", lambda self: None)

"""The API keeps the promises of its OpenAPI schema, found by fuzzing it (schemathesis).

Every operation of ``/api/v1/schema/`` is called in-process through the WSGI app with
generated valid and invalid input, twice: as an HR system's API key and as a program manager
signed in with a session. Every check runs (no server error, documented status codes, content
types and bodies, invalid input rejected, valid input accepted); any finding fails the test.

The organization in every path is Acme, and half of the time ``{id}`` (and each analytics
filter) is one of Acme's real rows, so detail responses and figures are checked too, not only
their 404s and 400s. The manager's unsafe calls carry the CSRF token SessionAuthentication asks
for, so they are judged on what they send, not refused before. Throttling is off while fuzzing.

The seed is fixed so a build is reproducible; ``API_FUZZ_SEED=<n> pytest
tests/test_api_schema_fuzz.py`` explores other inputs. About a minute and a half on two cores.
"""

import datetime
import os

import pytest
import schemathesis
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle
from werkzeug.test import Client as WSGIClient

from analytics.services.refresh import facts_refresh
from cohorts.models import Cohort, Participant, TrustProfile
from config.wsgi import application
from goals.models import GoalPlan
from matching.models import MatchRun, MemberRole, Pair, ProposedPair
from matching.services.runs import match_run_create
from organizations.models import Employee, RosterLoad
from organizations.roles import Role, scopes_for_role
from organizations.roster.loads import roster_import
from organizations.services.api_keys import api_key_create
from programs.models import Application, ApplicationStatus, Program
from sessions.models import Attendance, LearningSession, Meeting
from tests.goals.factories import GoalCheckInFactory, GoalFactory, GoalPlanFactory, MilestoneFactory
from tests.matching.factories import small_class
from tests.organizations.roster.samples import valid_roster
from tests.programs.factories import ApplicationFactory, EligibilityRuleFactory, ProgramPhaseFactory
from tests.sessions.factories import (
    ActionItemFactory,
    AttendanceFactory,
    LearningSessionFactory,
    MeetingFactory,
    member_of,
    pair_of,
)

# The WSGI app is called directly: keep the test's database connection open (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("wsgi_in_test_transaction")

API = "/api/v1/o/{org_slug}"
# Generated examples per operation and pass, on top of the coverage phase's edge cases: enough
# to vary every filter, few enough that both passes stay around a minute and a half on two cores.
EXAMPLES_PER_OPERATION = 15
SEED = int(os.environ.get("API_FUZZ_SEED", "2026"))
# Each detail path, and the rows whose ids it takes.
DETAIL_ROWS = {
    "employees": Employee,
    "programs": Program,
    "applications": Application,
    "cohorts": Cohort,
    "participants": Participant,
    "trust-profiles": TrustProfile,
    "match-runs": MatchRun,
    "proposed-pairs": ProposedPair,
    "pairs": Pair,
    "pair-health": Pair,
    "meetings": Meeting,
    "learning-sessions": LearningSession,
    "session-attendance": Attendance,
    "goal-plans": GoalPlan,
}
# Refused with the documented 400 although the schema allows them: a roster file's bytes (the
# schema can say "a file", not "a roster"), and analytics filters, which must name one of the
# programs, cohorts, departments and levels analytics/status/ lists, in a period of at most ten
# years — values no schema can list.
REFUSED_BEYOND_THE_SCHEMA = [
    {"include-path": f"{API}/roster/loads/", "include-method": "POST"},
    {"include-path-regex": "/analytics/"},
]


@pytest.fixture
def fuzz_world(org, manager, hr_analyst, mentor, mentee) -> dict[str, dict[str, list]]:
    """A small year in Acme: a roster, a program with its rules and applications, an active
    class with trust profiles and a match run, the manager paired with the mentee, a meeting
    with an action item, a learning session with attendance, goal plans, analytics facts.

    Returns real values for the fuzzer to use: each detail path's ids, and analytics filters."""
    roster_import(
        organization=org,
        actor=hr_analyst,
        content=valid_roster(),
        filename="roster.csv",
        source=RosterLoad.Source.API,
        effective_date=datetime.date(2026, 1, 31),
    )
    cohort, mentees, _ = small_class(org, mentees=2, mentors=2)
    match_run_create(cohort=cohort, actor=None)
    program = cohort.program
    ProgramPhaseFactory(program=program)
    EligibilityRuleFactory(program=program)
    ApplicationFactory(program=program, override_reason="Met the rule a week later.")
    ApplicationFactory(program=program, ineligible=True)
    ApplicationFactory(program=program, status=ApplicationStatus.WITHDRAWN)

    pair = pair_of(manager, mentee, cohort)
    meeting = MeetingFactory(pair=pair, topics="Salary talks")
    ActionItemFactory(meeting=meeting)
    MeetingFactory(pair=pair_of(mentor, hr_analyst, cohort))
    AttendanceFactory(session=LearningSessionFactory(cohort=cohort), participant=mentees[0])
    goal = GoalFactory(plan=GoalPlanFactory(member=member_of(pair, mentee)))
    MilestoneFactory(goal=goal)
    GoalCheckInFactory(goal=goal)
    GoalPlanFactory(member=pair.members.get(role=MemberRole.MENTOR))
    facts_refresh(organization=org)

    employees = Employee.objects.all()
    return {
        "path.id": {
            f"{API}/{segment}/{{id}}/": sorted(model.objects.values_list("pk", flat=True))
            for segment, model in DETAIL_ROWS.items()
        },
        "analytics": {
            "query.program": sorted(Program.objects.values_list("pk", flat=True)),
            "query.cohort": sorted(Cohort.objects.values_list("pk", flat=True)),
            "query.level": sorted(set(employees.values_list("level", flat=True))),
            "query.department": sorted(set(employees.values_list("department", flat=True))),
        },
    }


def _fuzz_config(org, world: dict[str, dict[str, list]], auth: dict) -> schemathesis.Config:
    """Acme in every path; half of the ids and analytics filters drawn from its real rows."""
    dictionaries, operations = {}, []
    for path, ids in world["path.id"].items():
        dictionaries[path] = {"values": ids}
        operations.append({"include-path": path, "parameters": {"path.id": _half_from(path)}})
    for parameter, values in world["analytics"].items():
        dictionaries[parameter] = {"values": values}
    operations.append(
        {
            "include-path-regex": "/analytics/",
            "parameters": {name: _half_from(name) for name in world["analytics"]},
        }
    )
    refused = {"positive_data_acceptance": {"expected-statuses": ["2xx", 400, 401, 403, 404, 429]}}
    operations += [{**operation, "checks": refused} for operation in REFUSED_BEYOND_THE_SCHEMA]
    return schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "parameters": {"path.org_slug": org.slug},
            "dictionaries": dictionaries,
            "operations": operations,
            "auth": {"openapi": auth},
            "generation": {"max-examples": EXAMPLES_PER_OPERATION, "database": "none"},
        }
    )


def _half_from(dictionary: str) -> dict:
    return {"dictionary": dictionary, "probability": 0.5}


def _load_schema(org, fuzz_world, monkeypatch, auth: dict) -> schemathesis.BaseSchema:
    # The fuzzer sends hundreds of requests a minute from one caller: no throttle (the 429's
    # body is checked against the schema in tests/organizations/test_api_schema.py).
    monkeypatch.setattr(SimpleRateThrottle, "allow_request", lambda throttle, request, view: True)
    return schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json", application, config=_fuzz_config(org, fuzz_world, auth)
    )


@pytest.fixture
def schema_for_an_hr_system(wsgi_in_test_transaction, org, admin, fuzz_world, monkeypatch):
    _, raw_key = api_key_create(
        organization=org, actor=admin, name="HR system", scopes=scopes_for_role(Role.HR_ANALYST)
    )
    return _load_schema(org, fuzz_world, monkeypatch, {"ApiKeyAuth": {"api_key": f"Api-Key {raw_key}"}})


@pytest.fixture
def schema_for_a_manager(wsgi_in_test_transaction, manager, org, fuzz_world, monkeypatch):
    client = Client()
    client.force_login(manager)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return _load_schema(org, fuzz_world, monkeypatch, {"cookieAuth": {"api_key": session_key}})


@pytest.fixture(autouse=True)
def _node_id_as_schemathesis_reads_it(request):
    # schemathesis 4.32's lazy loader reads and relabels ``Node._nodeid``, which pytest 9.2
    # replaced with ``Node._id``; the old name, kept in the node's __dict__, is enough for it.
    request.node._nodeid = request.node.nodeid


@schemathesis.pytest.from_fixture("schema_for_an_hr_system").parametrize()
def test_an_hr_system_with_an_api_key_gets_what_the_schema_promises(case):
    case.call_and_validate()


# SessionAuthentication asks a signed-in POST for the CSRF token: the cookie and the header
# carry the same secret, as a browser's form would.
CSRF_SECRET = _get_new_csrf_string()


@schemathesis.pytest.from_fixture("schema_for_a_manager").parametrize()
def test_a_signed_in_manager_gets_what_the_schema_promises(case):
    case.call_and_validate(
        headers={"X-CSRFToken": CSRF_SECRET}, cookies={settings.CSRF_COOKIE_NAME: CSRF_SECRET}
    )


def test_a_session_post_with_the_csrf_token_reaches_the_view(org, admin):
    """What the manager's pass relies on (the manager may not load a roster; an admin may)."""
    client = Client()
    client.force_login(admin)
    wsgi = WSGIClient(application)
    wsgi.set_cookie(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    wsgi.set_cookie(settings.CSRF_COOKIE_NAME, CSRF_SECRET)
    url = f"/api/v1/o/{org.slug}/roster/loads/"

    form = {"data": {"dry_run": "true"}, "content_type": "multipart/form-data"}
    without_token = wsgi.post(url, **form)
    with_token = wsgi.post(url, **form, headers={"X-CSRFToken": CSRF_SECRET})

    assert without_token.status_code == 403
    assert "CSRF" in without_token.json["detail"]
    assert with_token.status_code == 400
    assert "file" in with_token.json

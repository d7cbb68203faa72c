"""The HR analytics API: numbers only, suppression explicit, filters validated, keys kept apart."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.serializers import Serializer
from rest_framework.test import APIClient

from analytics import selectors
from analytics.api.pagination import encode_cursor
from analytics.api.serializers import AttritionMonthSerializer, LineMonth
from analytics.selectors import AnalyticsFilter
from analytics.services.refresh import facts_refresh
from organizations.models import APIKey, Employee
from organizations.services.api_keys import api_key_create
from organizations.tenancy import organization_scope
from programs.models import Program
from tests.analytics.conftest import AS_OF
from tests.analytics.factories import cohort_starting, join
from tests.programs.factories import ProgramFactory

ENDPOINTS = ("status", "attrition", "retention", "curves", "engagement", "talent", "purpose")


@pytest.fixture(autouse=True)
def _fresh_throttle_budgets():
    """Throttle counts live in the cache; each test starts with full budgets."""
    cache.clear()
    yield
    cache.clear()


def _key_client(organization, actor, scopes=("analytics.read",)) -> APIClient:
    _, raw = api_key_create(organization=organization, actor=actor, name="Workday", scopes=list(scopes))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def _session(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _url(org, endpoint: str) -> str:
    return f"/api/v1/o/{org.slug}/analytics/{endpoint}/"


@pytest.fixture
def hr_key(org, hr_analyst):
    return _key_client(org, hr_analyst)


# --- Reading the figures ------------------------------------------------------------------------


def test_an_hr_systems_key_reads_every_endpoint(org, refreshed, hr_key):
    for endpoint in ENDPOINTS:
        response = hr_key.get(_url(org, endpoint))
        assert response.status_code == 200, (endpoint, response.content[:300])


def test_attrition_rows_equal_the_selectors_figures(org, refreshed, hr_key):
    body = hr_key.get(_url(org, "attrition")).json()
    series = selectors.attrition_series(organization=org)
    assert body["as_of"] == "2026-06-15"
    assert (body["period_start"], body["period_end"]) == ("2025-06", "2026-05")
    assert len(body["results"]) == 12 * 4
    first = body["results"][0]
    expected = series.line("participants").months[0]
    assert first["month"] == "2025-06" and first["group"] == "participants"
    assert first["headcount_end"] == expected.headcount_end
    assert first["rate"] == expected.rate
    annual = {row["group"]: row for row in body["annualized"]}
    assert annual["everyone"]["rate"] == series.line("everyone").annualized_rate


def test_attrition_rows_are_written_as_their_declared_fields_would_write_them(org, refreshed, hr_key):
    org.min_group_size = 12  # some departments' months hidden, others shown
    org.save()
    series = selectors.attrition_series(organization=org, by="department")
    rows = [LineMonth(line.group, line.segment, month) for line in series.lines for month in line.months]
    serializer = AttritionMonthSerializer()
    written = [serializer.to_representation(row) for row in rows]
    assert written == [Serializer.to_representation(serializer, row) for row in rows]
    assert {row["suppressed"] for row in written} == {True, False}
    body = hr_key.get(_url(org, "attrition"), {"by": "department"}).json()
    assert body["results"] == sorted(written, key=lambda row: row["month"])


def test_retention_curves_and_talent_carry_the_definitions_figures(org, refreshed, hr_key):
    retention = hr_key.get(_url(org, "retention")).json()
    summary = selectors.retention_summary(organization=org)
    assert [row["group"] for row in retention["results"]] == [
        "participants",
        "comparison",
        "non_participants",
    ]
    assert retention["results"][0]["rate"] == summary.group("participants").rate
    curves = hr_key.get(_url(org, "curves"), {"event": "voluntary"}).json()
    assert curves["event"] == "voluntary"
    assert curves["curves"][0]["steps"][0].keys() >= {"day", "at_risk", "survival", "lower", "upper"}
    assert 0 <= curves["log_rank"]["p_value"] <= 1
    talent = hr_key.get(_url(org, "talent")).json()
    assert talent["results"][0]["promoted"] == selectors.talent_outcomes(organization=org).groups[0].promoted


def test_the_answers_hold_numbers_only(org, refreshed, hr_key):
    names = set(Employee.objects.filter(organization=org).values_list("name", flat=True))
    program_names = set(Program.objects.filter(organization=org).values_list("name", flat=True))
    for endpoint in ENDPOINTS:
        text = hr_key.get(_url(org, endpoint)).content.decode()
        assert not [name for name in names | program_names if name in text], endpoint


def test_a_suppressed_figure_is_null_with_the_row_flagged(org, refreshed, hr_key):
    org.min_group_size = 60
    org.save()
    rows = {row["group"]: row for row in hr_key.get(_url(org, "retention")).json()["results"]}
    assert rows["participants"]["suppressed"] is True
    assert rows["participants"]["headcount_start"] is None and rows["participants"]["rate"] is None
    assert rows["non_participants"]["suppressed"] is False
    assert rows["non_participants"]["headcount_start"] >= 60
    curves = hr_key.get(_url(org, "curves")).json()["curves"]
    assert curves[0] == {**curves[0], "suppressed": True, "people": None, "steps": []}


def test_four_finance_mentors_are_not_given_away_by_their_comparison_group(org, four_finance_mentors, hr_key):
    params = {"role": "mentor", "department": "Finance"}
    for endpoint in ("retention", "talent"):
        rows = {row["group"]: row for row in hr_key.get(_url(org, endpoint), params).json()["results"]}
        for group in ("participants", "comparison"):
            assert rows[group]["suppressed"] is True, (endpoint, group)
            assert rows[group]["headcount_start"] is None, (endpoint, group)
    curves = {c["group"]: c for c in hr_key.get(_url(org, "curves"), params).json()["curves"]}
    assert curves["comparison"] == {**curves["comparison"], "suppressed": True, "people": None, "steps": []}
    attrition = hr_key.get(_url(org, "attrition"), params).json()
    comparison = [row for row in attrition["results"] if row["group"] == "comparison"]
    assert len(comparison) == 12
    assert all(row["suppressed"] and row["headcount_end"] is None for row in comparison)
    annual = {row["group"]: row for row in attrition["annualized"]}
    assert annual["comparison"]["suppressed"] is True and annual["comparison"]["rate"] is None


def test_an_undefined_figure_is_null_without_the_flag(org, refreshed, hr_key):
    """A cohort still inside its first twelve months has no retention yet: null, not suppressed."""
    young = cohort_starting(org, datetime.date(2026, 3, 2), name="2026 class")
    for employee in Employee.objects.filter(termination_date__isnull=True).order_by("pk")[:8]:
        join(young, employee)
    facts_refresh(organization=org, as_of=AS_OF)
    body = hr_key.get(_url(org, "retention"), {"cohort": young.pk}).json()
    participants = body["results"][0]
    assert (participants["cohorts_counted"], participants["cohorts_pending"]) == (0, 1)
    assert participants["rate"] is None and participants["headcount_start"] is None
    assert participants["suppressed"] is False


# --- Filters and pages --------------------------------------------------------------------------


def test_filters_apply_as_on_the_dashboard(org, refreshed, hr_key):
    cohort = refreshed[0]
    body = hr_key.get(_url(org, "retention"), {"cohort": cohort.pk, "role": "mentor"}).json()
    expected = selectors.retention_summary(
        organization=org, filters=AnalyticsFilter(cohort_id=cohort.pk, role="mentor")
    )
    assert body["results"][0]["headcount_start"] == _number(expected.group("participants").headcount_start)


def _number(figure):
    return None if isinstance(figure, selectors.Suppressed) else figure


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"start": "0001-01"}, "start", "Choose a month between 1970 and 2100."),
        ({"end": "9999-12"}, "end", "Choose a month between 1970 and 2100."),
        ({"start": "x" * 10_000}, "start", "Enter a month as YYYY-MM, for example 2025-01."),
        ({"department": "x" * 10_000}, "department", "Choose one of the listed department options."),
        ({"level": "two"}, "level", "Choose one of the listed levels."),
        ({"program": "abc"}, "program", "Choose one of the listed programs."),
        ({"cohort": "9" * 10_000}, "cohort", "Choose one of the listed cohorts."),
        ({"role": "boss"}, "role", "Choose one of the listed role options."),
        ({"start": "2026-01", "end": "2020-01"}, "end", "The period ends before it starts."),
        ({"page_size": "0"}, "page_size", "Choose a whole number from 1 to 60."),
        ({"page_size": "1000"}, "page_size", "Choose a whole number from 1 to 60."),
        ({"page_size": "²"}, "page_size", "Choose a whole number from 1 to 60."),
        ({"page_size": "9" * 10_000}, "page_size", "Choose a whole number from 1 to 60."),
        (
            {"cursor": encode_cursor("²")},
            "cursor",
            "This cursor is not one this API gave out; start without it.",
        ),
        ({"cursor": "not-a-cursor"}, "cursor", "This cursor is not one this API gave out; start without it."),
        ({"cursor": "x" * 10_000}, "cursor", "This cursor is not one this API gave out; start without it."),
    ],
)
def test_a_bad_parameter_gets_a_400_naming_the_field(org, refreshed, hr_key, params, field, message):
    response = hr_key.get(_url(org, "attrition"), params)
    assert response.status_code == 400
    assert response.json()[field] == [message]
    assert "x" * 50 not in response.content.decode()


def test_several_bad_parameters_are_all_listed(org, refreshed, hr_key):
    body = hr_key.get(_url(org, "engagement"), {"level": "x", "role": "y", "page_size": "-3"}).json()
    assert set(body) == {"level", "role", "page_size"}


def _months(body) -> list[str]:
    return sorted({row["month"] for row in body["results"]})


def test_the_monthly_series_comes_in_cursor_pages(org, refreshed, hr_key):
    seen, url, pages = [], _url(org, "attrition") + "?page_size=5&start=2025-01&end=2026-05", []
    while url:
        body = hr_key.get(url).json()
        months = _months(body)
        assert len(months) <= 5 and len(body["results"]) == 4 * len(months)
        assert len(body["annualized"]) == 4  # the whole period's, on every page
        if pages:
            assert _months(hr_key.get(body["previous"]).json()) == pages[-1]
        else:
            assert body["previous"] is None
        seen += months
        pages.append(months)
        url = body["next"]
    assert len(pages) == 4
    assert seen == sorted(set(seen)) and seen[0] == "2025-01" and seen[-1] == "2026-05" and len(seen) == 17


def test_an_attrition_request_costs_the_same_queries_whatever_the_filters(org, refreshed, hr_key):
    cohort = refreshed[0]
    hr_key.get(_url(org, "status"))  # the key's first use is recorded once
    counts = {}
    for params in (
        {},
        {"department": "Sales"},
        {"by": "department"},
        {"level": 2, "by": "level", "role": "mentor"},
        {"department": "Sales", "level": 2, "start": "2024-01", "end": "2025-12"},
        {"program": cohort.program_id},
        {"program": cohort.program_id, "cohort": cohort.pk, "by": "department"},
    ):
        with CaptureQueriesContext(connection) as captured:
            assert hr_key.get(_url(org, "attrition"), params).status_code == 200
        counts[str(params)] = len(captured)
    assert len(set(counts.values())) == 1, counts


def test_a_cursor_past_the_end_gives_an_empty_page(org, refreshed, hr_key):
    body = hr_key.get(_url(org, "attrition"), {"cursor": encode_cursor(500)}).json()
    assert body["results"] == [] and body["next"] is None


def test_the_purpose_endpoint_pages_programs_and_names_none(org, refreshed, hr_key):
    body = hr_key.get(_url(org, "purpose"), {"page_size": 1}).json()
    assert len(body["results"]) == 1 and body["next"]
    assert set(body["results"][0]) >= {"program", "purpose", "measure", "actual", "target", "suppressed"}
    assert "name" not in body["results"][0]


def test_a_page_of_programs_costs_the_same_queries_however_long_it_is(org, refreshed, hr_key):
    hr_key.get(_url(org, "status"))  # the key's first use is recorded once
    with CaptureQueriesContext(connection) as two:
        assert len(hr_key.get(_url(org, "purpose"), {"page_size": 60}).json()["results"]) == 2
    ProgramFactory.create_batch(30, organization=org)
    with CaptureQueriesContext(connection) as thirty_two:
        assert len(hr_key.get(_url(org, "purpose"), {"page_size": 60}).json()["results"]) == 32
    assert len(thirty_two) == len(two)


# --- Who may read ---------------------------------------------------------------------------------


def test_a_key_without_the_analytics_scope_gets_403(org, refreshed, hr_analyst):
    client = _key_client(org, hr_analyst, scopes=["roster.read"])
    for endpoint in ENDPOINTS:
        response = client.get(_url(org, endpoint))
        assert response.status_code == 403
        assert response.json()["detail"] == "This API key lacks the scope analytics.read."


def test_an_expired_key_gets_401(org, refreshed, hr_analyst):
    client = _key_client(org, hr_analyst)
    APIKey.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert client.get(_url(org, "attrition")).status_code == 401


def test_reading_analytics_records_the_keys_last_use(org, refreshed, hr_key):
    hr_key.get(_url(org, "status"))
    assert APIKey.objects.get().last_used_at is not None


def test_a_key_of_one_organization_never_sees_anothers_figures(
    org, other_org, refreshed, hr_analyst, outsider
):
    facts_refresh(organization=other_org, as_of=AS_OF)
    globex = _key_client(other_org, outsider)
    for endpoint in ENDPOINTS:
        assert globex.get(_url(org, endpoint)).status_code == 404, endpoint
    acme_program = refreshed[0].program
    refused = globex.get(_url(other_org, "retention"), {"program": acme_program.pk})
    assert refused.status_code == 400 and refused.json() == {
        "program": ["Choose one of the listed programs."]
    }
    own = globex.get(_url(other_org, "attrition")).json()
    acme = _key_client(org, hr_analyst).get(_url(org, "attrition")).json()
    globex_everyone = [r["headcount_end"] for r in own["results"] if r["group"] == "everyone"]
    acme_everyone = [r["headcount_end"] for r in acme["results"] if r["group"] == "everyone"]
    with organization_scope(other_org):  # as a request in Globex would
        series = selectors.attrition_series(organization=other_org)
    expected = [m.headcount_end for m in series.line("everyone").months]
    assert globex_everyone == expected != acme_everyone
    assert globex.get(_url(other_org, "status")).json()["cohorts"] == []


def test_a_member_gets_403_and_an_outsider_404(org, refreshed, mentee, outsider):
    assert _session(mentee).get(_url(org, "attrition")).status_code == 403
    assert _session(outsider).get(_url(org, "attrition")).status_code == 404


def test_a_program_manager_must_name_a_program(org, refreshed, manager):
    client = _session(manager)
    response = client.get(_url(org, "retention"))
    assert response.status_code == 400
    assert response.json() == {"program": ["Choose the program to look at."]}
    assert client.get(_url(org, "retention"), {"program": refreshed[0].program_id}).status_code == 200


def test_each_key_has_its_own_analytics_budget(org, refreshed, hr_analyst, monkeypatch):
    monkeypatch.setattr("analytics.api.throttling.AnalyticsRateThrottle.get_rate", lambda self: "2/min")
    first, second = _key_client(org, hr_analyst), _key_client(org, hr_analyst)
    assert [first.get(_url(org, "status")).status_code for _ in range(3)] == [200, 200, 429]
    assert second.get(_url(org, "status")).status_code == 200


# --- The schema -----------------------------------------------------------------------------------


def test_the_schema_states_the_definitions_and_the_suppression(client):
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/o/{org_slug}/analytics/attrition/" in schema
    assert "Monthly turnover" in schema and "Retention over [A, B]" in schema
    assert "minimum group size" in schema and "suppressed" in schema
    assert "Kaplan" in schema

"""The retention dashboard: who sees what, charts with tables, suppression, filters, CSV, refresh."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kombu.exceptions import OperationalError

from analytics.models import FactsRefresh
from analytics.sections import SECTIONS
from analytics.services.refresh import facts_refresh
from organizations.models import Employee, EmployeeHistory
from programs.models import Program
from tests.analytics.conftest import AS_OF
from tests.analytics.factories import random_roster
from tests.programs.factories import ProgramFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(org, query: str = "") -> str:
    return f"/o/{org.slug}/analytics/" + (f"?{query}" if query else "")


def _csv_url(org, section: str, query: str = "") -> str:
    return f"/o/{org.slug}/analytics/{section}.csv" + (f"?{query}" if query else "")


@pytest.fixture
def few_facts(org):
    """A small roster refreshed into facts: enough for the filters to have choices."""
    random_roster(org, seed=2, people=30, as_of=AS_OF)
    facts_refresh(organization=org, as_of=AS_OF)


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


# --- Who sees the dashboard ---------------------------------------------------------------------


def test_an_hr_analyst_sees_every_section_of_the_whole_organization(org, refreshed, hr_analyst, client_for):
    response = client_for(hr_analyst).get(_url(org))
    assert response.status_code == 200
    body = response.content.decode()
    for slug in SECTIONS:
        assert f'id="{slug}"' in body, slug
    assert '<option value="" selected>All programs</option>' in body
    assert "not a randomized trial" in body


@pytest.mark.parametrize("role", ["admin", "hr_analyst", "manager"])
def test_admins_hr_analysts_and_program_managers_open_the_dashboard(
    org, few_facts, role, request, client_for
):
    assert client_for(request.getfixturevalue(role)).get(_url(org)).status_code == 200


@pytest.mark.parametrize("role", ["mentee", "senior_leader"])
def test_members_and_senior_leaders_are_refused_with_403(org, few_facts, role, request, client_for):
    user = request.getfixturevalue(role)
    assert client_for(user).get(_url(org)).status_code == 403
    assert client_for(user).get(_csv_url(org, "turnover")).status_code == 403


def test_someone_of_another_organization_gets_404_on_every_analytics_page(
    org, few_facts, outsider, client_for
):
    client = client_for(outsider)
    for url in (_url(org), _csv_url(org, "retention"), f"/o/{org.slug}/analytics/refresh/"):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_another_organizations_program_is_not_a_choice(org, other_org, refreshed, outsider, client_for):
    """Globex's admin names an Acme program on Globex's dashboard: refused, nothing of Acme shown."""
    facts_refresh(organization=other_org, as_of=AS_OF)
    acme_program = refreshed[0].program
    response = client_for(outsider).get(_url(other_org, f"program={acme_program.pk}"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of the listed programs." in body
    assert acme_program.name not in body
    csv_response = client_for(outsider).get(_csv_url(other_org, "retention", f"program={acme_program.pk}"))
    assert csv_response.status_code == 400


def test_a_program_manager_looks_at_one_program_at_a_time(org, refreshed, manager, client_for):
    newest = Program.objects.order_by("-start_date").first()
    response = client_for(manager).get(_url(org))
    body = response.content.decode()
    assert response.status_code == 200
    assert "All programs" not in body
    assert f'<option value="{newest.pk}" selected>' in body
    assert f"{newest.name}" in body


def test_a_program_manager_cannot_ask_for_all_programs_through_the_csv(org, refreshed, manager, client_for):
    response = client_for(manager).get(_csv_url(org, "turnover"))
    assert response.status_code == 200  # the newest program, as on the page
    older = Program.objects.order_by("start_date").first()
    rows = _rows(client_for(manager).get(_csv_url(org, "purpose", f"program={older.pk}")))
    assert [row[0] for row in rows[1:]] == [older.name]


def test_the_navigation_and_the_overview_offer_analytics_to_those_who_may_read_it(
    org, few_facts, hr_analyst, mentee, client_for
):
    assert 'href="/o/acme/analytics/"' in client_for(hr_analyst).get(f"/o/{org.slug}/").content.decode()
    assert 'href="/o/acme/analytics/"' not in client_for(mentee).get(f"/o/{org.slug}/").content.decode()


# --- Charts, tables, suppression ----------------------------------------------------------------


def test_every_chart_is_an_svg_image_with_a_title_and_a_table_under_it(
    org, refreshed, hr_analyst, client_for
):
    body = client_for(hr_analyst).get(_url(org)).content.decode()
    figures = re.findall(r"<figure class=\"chart.*?</figure>\s*(?:</div>\s*)?(.{0,400})", body, re.S)
    svgs = re.findall(r"<svg viewBox=[^>]*role=\"img\"[^>]*aria-labelledby=\"([^\" ]+) ([^\"]+)\"", body)
    assert len(svgs) >= 10
    for title_id, desc_id in svgs:
        assert f'<title id="{title_id}">' in body and f'<desc id="{desc_id}">' in body
    assert len({title for title, _ in svgs}) == len(svgs), "chart ids are unique"
    for section in re.findall(r'<section class="analytics-section".*?</section>', body, re.S):
        if "<svg" in section:
            assert section.index("<svg") < section.index("<table"), "a table follows the chart"
    assert figures
    assert "cdn" not in body.lower() and '<script src="http' not in body


def test_the_page_says_when_the_figures_were_refreshed(org, refreshed, hr_analyst, client_for):
    body = client_for(hr_analyst).get(_url(org)).content.decode()
    assert "Figures last refreshed" in body
    assert "counting up to 15 June 2026" in body


def test_groups_below_the_minimum_show_as_fewer_than_n_and_no_number(org, refreshed, hr_analyst, client_for):
    org.min_group_size = 60  # larger than each class and its comparison group
    org.save()
    body = client_for(hr_analyst).get(_url(org)).content.decode()
    assert "fewer than 60" in body
    retention = re.search(
        r'<section class="analytics-section" id="retention".*?</section>', body, re.S
    ).group(0)
    participants_row = re.search(r"<th scope=\"row\">Participants</th>(.*?)</tr>", retention, re.S).group(1)
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", participants_row)
    assert cells[:7] == ["fewer than 60"] * 7
    rows = _rows(client_for(hr_analyst).get(_csv_url(org, "retention")))
    assert rows[1][:4] == ["Participants", "fewer than 60", "fewer than 60", "fewer than 60"]


def _row_cells(section: str, name: str) -> list[str]:
    row = re.search(rf'<th scope="row">{name}</th>(.*?)</tr>', section, re.S).group(1)
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


def test_four_finance_mentors_are_not_given_away_by_their_comparison_group_on_the_page(
    org, four_finance_mentors, hr_analyst, client_for
):
    body = client_for(hr_analyst).get(_url(org, "role=mentor&department=Finance")).content.decode()
    for slug, shown in (("retention", 7), ("talent", 5)):
        section = re.search(
            rf'<section class="analytics-section" id="{slug}".*?</section>', body, re.S
        ).group(0)
        for group in ("Participants", "Comparison group"):
            assert _row_cells(section, group)[:shown] == ["fewer than 5"] * shown, (slug, group)
    headcount = re.search(
        r'<section class="analytics-section" id="headcount".*?</section>', body, re.S
    ).group(0)
    for row in re.findall(r"<tr>\s*<th scope=\"row\">[^<]*</th>(.*?)</tr>", headcount, re.S):
        participants, comparison = re.findall(r"<td[^>]*>([^<]*)</td>", row)[:2]
        assert participants == comparison == "fewer than 5"


def test_four_finance_mentors_are_not_given_away_by_their_comparison_group_in_a_csv(
    org, four_finance_mentors, hr_analyst, client_for
):
    client = client_for(hr_analyst)
    query = "role=mentor&department=Finance"
    for slug in ("retention", "talent"):
        rows = {row[0]: row for row in _rows(client.get(_csv_url(org, slug, query)))[1:]}
        assert rows["Comparison group"][1] == "fewer than 5", slug
        assert rows["Participants"][1] == "fewer than 5", slug
    turnover = [
        row for row in _rows(client.get(_csv_url(org, "turnover", query)))[1:] if row[1] == "Comparison group"
    ]
    assert len(turnover) == 12
    assert all(row[3:9] == ["fewer than 5"] * 6 for row in turnover)
    curves = [
        row for row in _rows(client.get(_csv_url(org, "curves", query)))[1:] if row[0] == "Comparison group"
    ]
    assert curves == [["Comparison group"] + ["fewer than 5"] * 7]
    headcount = _rows(client.get(_csv_url(org, "headcount", query)))[1:]
    assert {row[2] for row in headcount} == {"fewer than 5"}


def test_no_name_or_note_reaches_the_page_or_a_csv(org, refreshed, hr_analyst, client_for):
    names = list(Employee.objects.filter(organization=org).values_list("name", flat=True))
    client = client_for(hr_analyst)
    texts = [client.get(_url(org)).content.decode()]
    texts += [client.get(_csv_url(org, slug)).content.decode() for slug in SECTIONS]
    for text in texts:
        assert not [name for name in names if name in text]


def test_each_csv_holds_the_sections_figures_under_its_headers(org, refreshed, hr_analyst, client_for):
    client = client_for(hr_analyst)
    for slug in SECTIONS:
        response = client.get(_csv_url(org, slug, "role=mentee"))
        assert response.status_code == 200, slug
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="acme-{slug}-2026-06-15.csv"'
        assert _rows(response)[0], slug
    turnover = _rows(client.get(_csv_url(org, "turnover")))
    assert turnover[0][:3] == ["Month", "Group", "Breakdown"]
    assert "Turnover (%)" in turnover[0]
    assert {row[1] for row in turnover[1:]} == {
        "Participants",
        "Comparison group",
        "Non-participants",
        "Everyone",
    }
    assert len(turnover) == 1 + 4 * 12


def test_a_department_named_like_a_formula_is_neutralized_in_the_csv(org, refreshed, hr_analyst, client_for):
    EmployeeHistory.objects.filter(organization=org, department="Sales").update(department="=SUM(A1)")
    facts_refresh(organization=org, as_of=AS_OF)
    rows = _rows(client_for(hr_analyst).get(_csv_url(org, "turnover", "by=department")))
    assert "'=SUM(A1)" in {row[2] for row in rows[1:]}
    assert "=SUM(A1)" not in {row[2] for row in rows[1:]}


def test_the_dashboard_csv_links_carry_the_filters(org, refreshed, hr_analyst, client_for):
    body = client_for(hr_analyst).get(_url(org, "role=mentor&department=Sales")).content.decode()
    assert 'href="/o/acme/analytics/curves.csv?department=Sales&amp;role=mentor"' in body


# --- Filters ------------------------------------------------------------------------------------


def test_filters_narrow_the_figures(org, refreshed, hr_analyst, client_for):
    client = client_for(hr_analyst)
    everyone = _rows(client.get(_csv_url(org, "retention")))
    mentors = _rows(client.get(_csv_url(org, "retention", "role=mentor")))
    assert everyone[1][1] != mentors[1][1]
    cohort = refreshed[0]
    one_cohort = _rows(client.get(_csv_url(org, "retention", f"cohort={cohort.pk}")))
    assert one_cohort[1][8] == "1"  # cohorts counted


def test_an_htmx_request_gets_the_results_panel_only(org, refreshed, hr_analyst, client_for):
    response = client_for(hr_analyst).get(_url(org, "role=mentee"), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="turnover"' in body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("start=0001-01", "Choose a month between 1970 and 2100."),
        ("end=9999-12", "Choose a month between 1970 and 2100."),
        ("start=2025-13", "Enter a month as YYYY-MM"),
        ("start=" + "x" * 10_000, "Enter a month as YYYY-MM"),
        ("department=" + "x" * 10_000, "Choose one of the listed department options."),
        ("level=" + "9" * 10_000, "Choose one of the listed levels."),
        ("level=senior", "Choose one of the listed levels."),
        ("program=abc", "Choose one of the listed programs."),
        ("program=" + "1" * 10_000, "Choose one of the listed programs."),
        ("cohort=-1", "Choose one of the listed cohorts."),
        ("role=ceo", "Choose one of the listed role options."),
        ("event=" + "<script>" * 100, "Choose one of the listed separations options."),
        ("start=2026-01&end=2025-01", "The period ends before it starts."),
        ("start=1990-01&end=2026-01", "Choose a period of at most 10 years."),
    ],
)
def test_a_bad_filter_gets_a_clear_message_never_a_500(
    org, few_facts, hr_analyst, client_for, query, message
):
    response = client_for(hr_analyst).get(_url(org, query))
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "x" * 100 not in body and "1" * 100 not in body and "<script><script>" not in body
    csv_response = client_for(hr_analyst).get(_csv_url(org, "turnover", query))
    assert csv_response.status_code == 400
    assert message.split(".")[0] in csv_response.content.decode()


def test_a_cohort_of_another_program_is_refused(org, refreshed, hr_analyst, client_for):
    first, second = refreshed
    body = (
        client_for(hr_analyst)
        .get(_url(org, f"program={first.program_id}&cohort={second.pk}"))
        .content.decode()
    )
    assert "This cohort belongs to another program" in body


def test_a_period_with_no_facts_shows_empty_figures_not_an_error(org, few_facts, hr_analyst, client_for):
    response = client_for(hr_analyst).get(_url(org, "start=1971-01&end=1971-12"))
    assert response.status_code == 200
    assert "No figures to draw for these filters" in response.content.decode()


def test_the_query_count_does_not_depend_on_the_filters(org, refreshed, hr_analyst, client_for):
    client = client_for(hr_analyst)
    cohort = refreshed[0]
    queries = [
        "",
        "role=mentee",
        "department=Sales&level=2&role=mentor",
        "start=2024-01&end=2026-05&event=voluntary&by=department",
        "by=level",
    ]
    counts = []
    for query in queries:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(_url(org, query)).status_code == 200
        counts.append(len(captured))
    assert len(set(counts)) == 1, counts
    # Naming a program or a cohort adds one: the balance of that cohort's comparison groups.
    for query in (f"program={cohort.program_id}&cohort={cohort.pk}", f"program={cohort.program_id}"):
        with CaptureQueriesContext(connection) as captured:
            client.get(_url(org, query))
        assert len(captured) == counts[0] + 1, query
    with CaptureQueriesContext(connection) as captured:
        client.get(_url(org, "start=1971-01&end=1971-12"))
    assert len(captured) <= counts[0]  # no facts to read


def test_the_page_costs_the_same_queries_however_many_programs_it_measures(
    org, refreshed, hr_analyst, client_for
):
    client = client_for(hr_analyst)
    with CaptureQueriesContext(connection) as with_two:
        client.get(_url(org))
    extra = ProgramFactory.create_batch(20, organization=org)
    with CaptureQueriesContext(connection) as with_twenty_two:
        body = client.get(_url(org)).content.decode()
    assert len(with_twenty_two) == len(with_two)
    purpose = re.search(r'<section class="analytics-section" id="purpose".*?</section>', body, re.S).group(0)
    assert all(f'<th scope="row">{program.name}</th>' in purpose for program in extra)
    with CaptureQueriesContext(connection) as csv_with_twenty_two:
        rows = _rows(client.get(_csv_url(org, "purpose")))
    assert len(rows) == 1 + 22
    ProgramFactory.create_batch(5, organization=org)
    with CaptureQueriesContext(connection) as csv_with_twenty_seven:
        assert len(_rows(client.get(_csv_url(org, "purpose")))) == 1 + 27
    assert len(csv_with_twenty_seven) == len(csv_with_twenty_two)


# --- Empty state and refresh ----------------------------------------------------------------------


def test_before_the_first_refresh_hr_is_told_how_the_figures_arrive(org, hr_analyst, admin, client_for):
    body = client_for(hr_analyst).get(_url(org)).content.decode()
    assert "The figures have not been built yet" in body
    assert "every night" in body and "after every roster load" in body
    assert "Refresh now" not in body
    assert "Refresh now" in client_for(admin).get(_url(org)).content.decode()


def test_an_admin_refreshes_the_figures_now(org, history_roster, admin, client_for):
    client = client_for(admin)
    response = client.post(f"/o/{org.slug}/analytics/refresh/", follow=True)
    assert response.redirect_chain[-1][0] == _url(org)
    assert "The figures are being rebuilt" in response.content.decode()
    assert FactsRefresh.objects.filter(organization=org).exists()
    assert client.get(f"/o/{org.slug}/analytics/refresh/").status_code == 405


def test_refresh_now_is_for_admins_only(org, few_facts, hr_analyst, manager, client_for):
    for user in (hr_analyst, manager):
        assert client_for(user).post(f"/o/{org.slug}/analytics/refresh/").status_code == 403


def test_refresh_now_with_the_queue_down_says_so_instead_of_failing(
    org, few_facts, admin, client_for, monkeypatch
):
    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr("analytics.views.refresh_facts.apply_async", unreachable)
    response = client_for(admin).post(f"/o/{org.slug}/analytics/refresh/", follow=True)
    assert response.status_code == 200
    assert "could not be queued just now" in response.content.decode()


# --- The program page ---------------------------------------------------------------------------


def _purpose_program(cohort) -> Program:
    program = cohort.program
    program.purpose = "retention"
    program.target_baseline = 18
    program.target_value = 12
    program.target_by = datetime.date(2026, 12, 31)
    program.save()
    return program


def test_the_program_page_shows_the_purpose_target_against_the_measured_figure(
    org, refreshed, manager, client_for
):
    program = _purpose_program(refreshed[0])
    response = client_for(manager).get(f"/o/{org.slug}/programs/manage/{program.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Purpose: target against actual" in body
    assert "12-month voluntary attrition" in body
    assert "18.0 %" in body and "12.0 %" in body
    assert 'role="img"' in body
    assert f"/o/acme/analytics/?program={program.pk}" in body


def test_the_program_page_before_any_figures_says_when_they_come(org, manager, client_for):
    program = ProgramFactory(organization=org, purpose="retention", target_baseline=18, target_value=12)
    body = client_for(manager).get(f"/o/{org.slug}/programs/manage/{program.pk}/").content.decode()
    assert "Purpose: target against actual" in body
    assert "once the cohort's first twelve months have passed" in body


def test_the_program_page_hides_a_small_group(org, refreshed, manager, client_for):
    program = _purpose_program(refreshed[0])
    org.min_group_size = 60
    org.save()
    body = client_for(manager).get(f"/o/{org.slug}/programs/manage/{program.pk}/").content.decode()
    assert "fewer than 60" in body


# --- Balance of the comparison groups ---------------------------------------------------------------


def test_the_balance_of_a_programs_comparison_groups_is_shown_per_variable(
    org, refreshed, hr_analyst, client_for
):
    cohort = refreshed[0]
    body = client_for(hr_analyst).get(_url(org, f"program={cohort.program_id}")).content.decode()
    balance = re.search(r'<section class="analytics-section" id="balance".*?</section>', body, re.S).group(0)
    assert "Standardized mean differences" in balance and 'role="img"' in balance
    assert "Tenure (months)" in balance and '<th scope="row">Mentees</th>' in balance
    rows = _rows(client_for(hr_analyst).get(_csv_url(org, "balance", f"cohort={cohort.pk}&role=mentor")))
    assert rows[0] == [
        "Role",
        "Variable",
        "Value",
        "Participants",
        "Comparison group",
        "Standardized mean difference",
    ]
    assert {row[0] for row in rows[1:]} == {"Mentors"}


def test_balance_asks_for_a_cohort_when_none_is_chosen(org, refreshed, hr_analyst, client_for):
    body = client_for(hr_analyst).get(_url(org)).content.decode()
    assert "choose a program or a cohort above to see how alike its groups are" in body


def test_the_balance_of_a_small_class_is_hidden(org, refreshed, hr_analyst, client_for):
    org.min_group_size = 60
    org.save()
    rows = _rows(client_for(hr_analyst).get(_csv_url(org, "balance", f"cohort={refreshed[0].pk}")))
    assert rows[1:] == [
        ["Mentees", "All", "", "fewer than 60", "fewer than 60", ""],
        ["Mentors", "All", "", "fewer than 60", "fewer than 60", ""],
    ]


def test_a_program_manager_with_no_program_yet_is_told_so(org, few_facts, manager, client_for):
    Program.objects.all().delete()
    response = client_for(manager).get(_url(org))
    assert response.status_code == 200
    assert "No program to look at yet" in response.content.decode()

"""The roster pages: who may use them, upload → preview → confirm, and the employee list."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from organizations.models import Employee, EmployeeHistory, RosterLoad
from organizations.roster.loads import roster_default_effective_date, roster_import
from organizations.roster.parsing import sample_csv
from tests.factories import EmployeeFactory
from tests.organizations.roster.samples import VALID_ROWS, roster_csv, valid_roster


def url(name: str, org, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


def upload(client, org, content: bytes, effective_date="2024-01-31", name="roster.csv"):
    return client.post(
        url("roster_upload", org),
        {
            "file": SimpleUploadedFile(name, content, content_type="text/csv"),
            "effective_date": effective_date,
        },
    )


# --- who may use the pages ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "hr_analyst"])
def test_admins_and_hr_analysts_see_the_roster_and_the_upload_page(role, request, org, client_for):
    client = client_for(request.getfixturevalue(role))

    assert client.get(url("roster", org)).status_code == 200
    assert client.get(url("roster_upload", org)).status_code == 200


@pytest.mark.parametrize("role", ["manager", "senior_leader", "mentee"])
def test_other_roles_are_refused_every_roster_page(role, request, org, client_for):
    client = client_for(request.getfixturevalue(role))
    employee = EmployeeFactory(organization=org)

    for name, kwargs in [("roster", {}), ("roster_employee", {"pk": employee.pk}), ("roster_loads", {})]:
        assert client.get(url(name, org, **kwargs)).status_code == 403
    assert client.get(url("roster_sample", org)).status_code == 403


@pytest.mark.parametrize("role", ["manager", "senior_leader", "mentee"])
def test_other_roles_cannot_upload_or_confirm_a_load(role, request, org, admin, client_for):
    client = client_for(request.getfixturevalue(role))
    upload(client_for(admin), org, valid_roster())
    pending = RosterLoad.objects.get()

    assert upload(client, org, valid_roster()).status_code == 403
    assert client.post(url("roster_load_confirm", org, pk=pending.pk)).status_code == 403
    assert client.post(url("roster_load_cancel", org, pk=pending.pk)).status_code == 403
    assert Employee.objects.count() == 0
    assert RosterLoad.objects.get().status == RosterLoad.Status.PENDING


def test_the_nav_shows_the_roster_only_to_roles_that_may_see_it(org, hr_analyst, mentee, client_for):
    roster_link = f'href="{url("roster", org)}"'

    assert roster_link in client_for(hr_analyst).get(url("dashboard", org)).content.decode()
    assert roster_link not in client_for(mentee).get(url("dashboard", org)).content.decode()


def test_another_organizations_employee_is_404(org, other_org, admin, client_for):
    theirs = EmployeeFactory(organization=other_org)

    assert client_for(admin).get(url("roster_employee", org, pk=theirs.pk)).status_code == 404


def test_another_organizations_pending_load_cannot_be_confirmed(org, other_org, outsider, admin, client_for):
    upload(client_for(admin), org, valid_roster())
    acme_load = RosterLoad.objects.get()

    response = client_for(outsider).post(url("roster_load_confirm", other_org, pk=acme_load.pk))

    assert response.status_code == 404
    assert Employee.objects.count() == 0


# --- upload, preview, confirm ------------------------------------------------------------------


def test_the_upload_page_explains_the_columns_and_defaults_the_date_to_today(org, admin, client_for):
    page = client_for(admin).get(url("roster_upload", org)).content.decode()

    assert "termination_type" in page
    assert "Meets expectations" in page  # the organization's rating scale
    assert f'value="{roster_default_effective_date(org).isoformat()}"' in page
    assert url("roster_sample", org) in page


def test_the_template_csv_downloads_as_a_file(org, hr_analyst, client_for):
    response = client_for(hr_analyst).get(url("roster_sample", org))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode() == sample_csv()


def test_a_bad_file_shows_every_error_and_stores_nothing(org, admin, client_for):
    response = upload(
        client_for(admin),
        org,
        roster_csv(
            VALID_ROWS[0],
            "E2,Ada,ada@acme.test,Engineering,four,,,2021-03-15,,,",
            "E3,Alan,alan@acme.test,Research,3,,E99,2019-01-07,,,",
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "This file can't be loaded yet" in page
    assert "2 lines to fix" in page
    assert "level &quot;four&quot; is not a whole number" in page
    assert "manager_id E99 is neither in this file nor in the roster." in page
    assert 'value="2024-01-31"' in page  # the retry form keeps the chosen date
    assert Employee.objects.count() == 0
    assert RosterLoad.objects.count() == 0


def test_a_file_level_problem_is_shown_above_the_rows(org, admin, client_for):
    response = upload(client_for(admin), org, roster_csv("x", header="external_id,name"))

    assert "Missing required columns: email, department, level, hire_date." in response.content.decode()


def test_a_file_over_the_size_limit_is_refused_with_the_limit(org, admin, client_for, settings):
    settings.ROSTER_UPLOAD_MAX_BYTES = 1024

    response = upload(client_for(admin), org, valid_roster() + b"#" * 2000)

    page = response.content.decode()
    assert "the largest roster file you can upload is 1.0\xa0KB" in page
    assert RosterLoad.objects.count() == 0


def test_an_upload_without_a_file_asks_for_one(org, admin, client_for):
    response = client_for(admin).post(url("roster_upload", org), {"effective_date": "2024-01-31"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_valid_file_is_previewed_with_its_changes_before_anything_is_saved(org, admin, client_for):
    client = client_for(admin)
    roster_import(
        organization=org,
        actor=admin,
        content=roster_csv(VALID_ROWS[0], VALID_ROWS[2]),
        effective_date=datetime.date(2024, 1, 1),
    )

    response = upload(
        client,
        org,
        roster_csv(
            VALID_ROWS[0], VALID_ROWS[1], "E3,Alan Turing,alan@acme.test,Research,4,London,E1,2019-01-07,3,,"
        ),
    )

    pending = RosterLoad.objects.get(status=RosterLoad.Status.PENDING)
    assert response.status_code == 302
    assert response["Location"] == url("roster_load", org, pk=pending.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Check the changes, then confirm" in page
    assert "Confirm and load" in page
    assert "Ada Lovelace" in page and "New" in page
    assert "<code>level</code>: 3 &rarr; <strong>4</strong>" in page
    assert Employee.objects.get(external_id="E3").level == 3


def test_confirming_applies_the_load_dated_by_the_chosen_effective_date(
    org, hr_analyst, client_for, django_capture_on_commit_callbacks
):
    client = client_for(hr_analyst)
    upload(client, org, valid_roster(), effective_date="2024-01-31")
    pending = RosterLoad.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("roster_load_confirm", org, pk=pending.pk))
    page = client.get(response["Location"])

    assert response["Location"] == url("roster_load", org, pk=pending.pk)
    assert "Roster load of" in page.content.decode()  # the load's summary
    assert [card.split("</div>")[0] for card in page.content.decode().split('class="stat">')[1:]] == [
        "3",
        "3",
        "0",
        "0",
    ]
    pending.refresh_from_db()
    assert (pending.status, pending.loaded_by) == (RosterLoad.Status.APPLIED, hr_analyst)
    assert set(EmployeeHistory.objects.values_list("effective_date", flat=True)) == {
        datetime.date(2024, 1, 31)
    }


def test_confirming_twice_applies_once(org, admin, client_for, django_capture_on_commit_callbacks):
    client = client_for(admin)
    upload(client, org, valid_roster())
    pending = RosterLoad.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("roster_load_confirm", org, pk=pending.pk))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("roster_load_confirm", org, pk=pending.pk), follow=True)

    assert "already confirmed" in response.content.decode()
    assert EmployeeHistory.objects.count() == 3


def test_confirming_needs_a_post(org, admin, client_for):
    client = client_for(admin)
    upload(client, org, valid_roster())

    assert client.get(url("roster_load_confirm", org, pk=RosterLoad.objects.get().pk)).status_code == 405
    assert Employee.objects.count() == 0


def test_a_load_that_no_longer_fits_the_roster_ends_on_its_row_report(
    org, admin, client_for, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    boss = EmployeeFactory(organization=org, external_id="BOSS")
    upload(client, org, roster_csv("E1,Grace,grace@acme.test,Eng,7,,BOSS,2012-09-03,,,"))
    pending = RosterLoad.objects.get()
    boss.manager = EmployeeFactory(organization=org, external_id="E1")
    boss.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("roster_load_confirm", org, pk=pending.pk))

    page = client.get(response["Location"]).content.decode()
    assert response["Location"] == url("roster_load", org, pk=pending.pk)
    assert "This file was not loaded" in page and "no longer fits" in page
    assert "1 line to fix" in page and "loops back" in page
    assert Employee.objects.get(external_id="E1").manager is None
    pending.refresh_from_db()
    assert (pending.status, pending.content) == (RosterLoad.Status.FAILED, "")


def test_a_confirmed_load_shows_a_progress_bar_that_polls_until_it_ends_on_the_summary(
    org, admin, client_for, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    upload(client, org, valid_roster())
    pending = RosterLoad.objects.get()
    with django_capture_on_commit_callbacks() as queued:  # the worker has not started yet
        response = client.post(url("roster_load_confirm", org, pk=pending.pk), follow=True)

    page = response.content.decode()
    progress_url = url("roster_load_progress", org, pk=pending.pk)
    assert "Loading the roster" in page
    assert f'hx-get="{progress_url}" hx-trigger="every 1s"' in page
    assert '<progress value="0" max="100"' in page and "Waiting for a worker" in page
    assert "<script>" not in page  # the CSP allows no inline script: htmx's attributes do the polling
    bar = client.get(progress_url, headers={"HX-Request": "true"})
    assert bar.status_code == 200 and 'id="load-progress"' in bar.content.decode()
    assert "<html" not in bar.content.decode()

    for callback in queued:
        callback()

    ended = client.get(progress_url, headers={"HX-Request": "true"})
    assert ended["HX-Redirect"] == url("roster_load", org, pk=pending.pk)
    assert "Roster load of" in client.get(ended["HX-Redirect"]).content.decode()
    assert client.get(progress_url)["Location"] == url("roster_load", org, pk=pending.pk)  # without htmx


def test_the_progress_bar_says_the_stage_and_how_far_it_has_got(org, admin, client_for):
    from organizations.roster.progress import progress_recorder

    client = client_for(admin)
    upload(client, org, valid_roster())
    pending = RosterLoad.objects.get()
    RosterLoad.objects.filter(pk=pending.pk).update(status=RosterLoad.Status.QUEUED)
    progress_recorder(pending.pk)("reading", 1000, 4000)

    bar = client.get(url("roster_load_progress", org, pk=pending.pk), headers={"HX-Request": "true"})

    assert '<progress value="12" max="100"' in bar.content.decode()  # a quarter of the reading stage
    assert "Reading and checking the file" in bar.content.decode()
    assert "1,000 of 4,000" in bar.content.decode()


@pytest.mark.across_organizations
def test_another_organizations_load_progress_is_404(org, other_org, outsider, admin, client_for):
    theirs = RosterLoad.objects.create(
        organization=other_org, source="upload", effective_date=datetime.date(2024, 1, 1), status="queued"
    )
    client = client_for(admin)

    assert client.get(url("roster_load_progress", org, pk=theirs.pk)).status_code == 404
    assert client.get(url("roster_load", org, pk=theirs.pk)).status_code == 404


def test_cancelling_throws_the_upload_away(org, admin, client_for):
    client = client_for(admin)
    upload(client, org, valid_roster())

    response = client.post(url("roster_load_cancel", org, pk=RosterLoad.objects.get().pk), follow=True)

    assert "Upload cancelled. Nothing was changed." in response.content.decode()
    assert RosterLoad.objects.count() == 0
    assert Employee.objects.count() == 0


# --- roster list, employee, load history ---------------------------------------------------------


def test_the_roster_lists_each_employee_with_manager_and_status(org, other_org, admin, client_for):
    roster_import(
        organization=org,
        actor=admin,
        content=roster_csv(
            *VALID_ROWS[:2],
            "E3,Alan Turing,alan@acme.test,Research,3,London,E1,2019-01-07,3,2024-06-30,voluntary",
        ),
    )
    EmployeeFactory(organization=other_org, name="Globex Person")

    page = client_for(admin).get(url("roster", org)).content.decode()

    assert "3 employees" in page
    assert "Ada Lovelace" in page and "E2" in page and "Grace Hopper" in page
    assert "Left Jun 2024" in page
    assert "Globex Person" not in page


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"q": "lovelace"}, {"Ada Lovelace"}),
        ({"q": "alan@acme"}, {"Alan Turing"}),
        ({"q": "E1"}, {"Grace Hopper"}),
        ({"department": "Research"}, {"Alan Turing"}),
        ({"level": "4"}, {"Ada Lovelace"}),
        ({"status": "left"}, {"Alan Turing"}),
        ({"status": "active", "department": "Engineering"}, {"Grace Hopper", "Ada Lovelace"}),
    ],
)
def test_the_roster_can_be_searched_and_filtered(query, expected, org, admin, client_for):
    roster_import(
        organization=org,
        actor=admin,
        content=roster_csv(
            *VALID_ROWS[:2],
            "E3,Alan Turing,alan@acme.test,Research,3,London,E1,2019-01-07,3,2024-06-30,voluntary",
        ),
    )

    response = client_for(admin).get(url("roster", org), query)

    assert {employee.name for employee in response.context["page"]} == expected


def test_a_nonsense_filter_value_is_ignored_not_an_error(org, admin, client_for):
    EmployeeFactory(organization=org)

    response = client_for(admin).get(url("roster", org), {"level": "high", "status": "maybe"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1


def test_the_roster_pages_by_fifty_and_keeps_the_filters(org, admin, client_for):
    EmployeeFactory.create_batch(60, organization=org, department="Sales")
    EmployeeFactory.create_batch(5, organization=org, department="Legal")
    client = client_for(admin)

    first = client.get(url("roster", org), {"department": "Sales"})
    second = client.get(url("roster", org), {"department": "Sales", "page": 2})

    assert len(first.context["page"].object_list) == 50
    assert "?department=Sales&amp;page=2" in first.content.decode()
    assert len(second.context["page"].object_list) == 10
    assert "Page 2 of 2" in second.content.decode()


def test_the_roster_page_does_not_query_per_row(org, admin, client_for, django_assert_max_num_queries):
    boss = EmployeeFactory(organization=org)
    EmployeeFactory.create_batch(50, organization=org, manager=boss)
    client = client_for(admin)

    with django_assert_max_num_queries(15):
        client.get(url("roster", org))


def _statements(client, path: str, params: dict | None = None) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params or {}).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize(
    "params",
    [{}, {"department": "Engineering", "level": "2", "status": "active"}, {"q": "Person"}, {"page": "2"}],
)
def test_the_roster_page_and_api_list_take_the_same_queries_at_any_roster_size(
    org, admin, client_for, params
):
    from organizations.services.api_keys import api_key_create
    from tests.organizations.roster.samples import big_roster

    client = client_for(admin)
    _, key = api_key_create(organization=org, actor=admin, name="HR", scopes=["roster.read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    api_path = f"/api/v1/o/{org.slug}/employees/"
    roster_import(organization=org, actor=admin, content=big_roster(120))
    api.get(api_path)  # the key's first use is recorded once
    small = (_statements(client, url("roster", org), params), _statements(api, api_path, params))
    roster_import(organization=org, actor=admin, content=big_roster(1200))
    large = (_statements(client, url("roster", org), params), _statements(api, api_path, params))

    assert [len(statements) for statements in small] == [len(statements) for statements in large]
    assert len(large[0]) <= 10 and len(large[1]) <= 6


def test_the_filter_choices_come_from_the_latest_load_not_from_every_row(org, admin, client_for):
    client = client_for(admin)
    roster_import(
        organization=org, actor=admin, content=valid_roster(), effective_date=datetime.date(2024, 1, 1)
    )

    page_queries = _statements(client, url("roster", org))
    page = client.get(url("roster", org)).content.decode()

    assert not [sql for sql in page_queries if "DISTINCT" in sql.upper()]
    assert '<option value="Research">Research</option>' in page
    assert '<option value="7">7</option>' in page
    # The next load brings its own choices.
    roster_import(
        organization=org,
        actor=admin,
        content=roster_csv("E9,Linus,linus@acme.test,Kernel,12,,,2019-01-07,3,,"),
        effective_date=datetime.date(2024, 2, 1),
    )
    page = client.get(url("roster", org)).content.decode()
    assert (
        '<option value="Kernel">Kernel</option>' in page
        and '<option value="Research">Research</option>' in page
    )
    assert '<option value="12">12</option>' in page


def test_a_load_from_before_loads_kept_filter_choices_gets_them_on_first_use(org, admin, client_for):
    load = roster_import(organization=org, actor=admin, content=valid_roster())
    RosterLoad.objects.filter(pk=load.pk).update(filter_choices=None)

    assert (
        '<option value="Research">Research</option>'
        in client_for(admin).get(url("roster", org)).content.decode()
    )

    load.refresh_from_db()
    assert load.filter_choices == {"departments": ["Engineering", "Research"], "levels": [3, 4, 7]}


def test_an_employee_page_tells_their_dated_history(org, admin, client_for):
    roster_import(
        organization=org, actor=admin, content=valid_roster(), effective_date=datetime.date(2023, 1, 1)
    )
    roster_import(
        organization=org,
        actor=admin,
        content=roster_csv("E3,Alan Turing,alan@acme.test,Engineering,4,London,E1,2019-01-07,3,,"),
        effective_date=datetime.date(2024, 1, 1),
    )
    roster_import(
        organization=org,
        actor=admin,
        content=roster_csv(
            "E3,Alan Turing,alan@acme.test,Engineering,4,London,E1,2019-01-07,3,2024-09-30,involuntary"
        ),
        effective_date=datetime.date(2024, 10, 1),
    )
    alan = Employee.objects.get(external_id="E3")

    page = client_for(admin).get(url("roster_employee", org, pk=alan.pk)).content.decode()

    assert "Joined the roster in Research at level 3." in page
    assert "Promoted from level 3 to level 4." in page
    assert "Moved from Research to Engineering." in page
    assert "Left on 30 September 2024 (involuntary)." in page
    assert "Grace Hopper" in page  # the manager
    assert "Meets expectations (3)" in page


def test_the_load_history_shows_who_loaded_when_and_the_counts(org, admin, hr_analyst, client_for):
    jan, feb = datetime.date(2024, 1, 1), datetime.date(2024, 1, 15)
    roster_import(
        organization=org, actor=admin, content=valid_roster(), filename="jan.csv", effective_date=jan
    )
    roster_import(
        organization=org,
        actor=None,
        content=roster_csv(VALID_ROWS[0]),
        filename="feb.csv",
        effective_date=feb,
    )
    upload(client_for(hr_analyst), org, valid_roster(), name="pending.csv")

    page = client_for(hr_analyst).get(url("roster_loads", org)).content.decode()

    assert "jan.csv" in page and "feb.csv" in page
    assert admin.display_name in page
    assert "Command line" in page
    assert "Waiting for confirmation, loading or not loaded" in page and "pending.csv" in page
    assert ">Awaiting confirmation<" in page and ">Review<" in page


def test_the_load_history_lists_loads_in_the_background_and_failed_ones_with_their_page(
    org, admin, client_for
):
    for status, name in ((RosterLoad.Status.QUEUED, "april.csv"), (RosterLoad.Status.FAILED, "may.csv")):
        RosterLoad.objects.create(
            organization=org,
            source="upload",
            effective_date=datetime.date(2024, 1, 1),
            status=status,
            filename=name,
        )

    page = client_for(admin).get(url("roster_loads", org)).content.decode()

    assert "april.csv" in page and ">Loading<" in page and ">Progress<" in page
    assert "may.csv" in page and ">Not loaded<" in page and ">Why<" in page


def test_an_applied_load_lists_the_history_it_recorded(org, admin, client_for):
    load = roster_import(organization=org, actor=admin, content=valid_roster())

    page = client_for(admin).get(url("roster_load", org, pk=load.pk)).content.decode()

    assert "Recorded in the history" in page
    assert "Ada Lovelace" in page and "Alan Turing" in page


def test_a_large_preview_shows_the_first_thousand_changes_and_says_so(org, admin, client_for):
    from tests.organizations.roster.samples import big_roster

    client = client_for(admin)
    response = upload(client, org, big_roster(1200), effective_date="2024-01-31")

    page = client.get(response["Location"]).content.decode()
    assert "Showing the first 1,000 of 1200 changes" in page
    assert page.count('<span class="badge badge-ok">New</span>') == 1000


def test_a_far_too_large_upload_is_refused_before_its_body_is_read(org, admin, client_for, settings):
    settings.ROSTER_UPLOAD_MAX_BYTES = 1024
    client = client_for(admin)
    body = b"x" * (200 * 1024)
    response = client.generic(
        "POST",
        url("roster_upload", org),
        data=body,
        content_type="multipart/form-data; boundary=never-read",
    )
    # A body that would not even parse as multipart: the declared size alone decided.
    page = response.content.decode()
    assert response.status_code == 200
    assert "This upload is 200.0\xa0KB" in page and "Nothing was stored." in page
    assert RosterLoad.objects.count() == 0


def test_a_back_dated_upload_is_refused_on_its_date_field(org, admin, client_for):
    roster_import(
        organization=org, actor=admin, content=valid_roster(), effective_date=datetime.date(2024, 7, 1)
    )

    response = upload(client_for(admin), org, valid_roster(), effective_date="2024-01-31")

    page = response.content.decode()
    assert response.status_code == 200
    assert "The roster already describes 1 July 2024 (the latest load applied)" in page
    assert "Choose 1 July 2024 or later." in page
    assert not RosterLoad.objects.filter(status=RosterLoad.Status.PENDING).exists()


def test_a_pending_upload_overtaken_by_a_later_load_cannot_be_confirmed(
    org, admin, client_for, django_capture_on_commit_callbacks
):
    client = client_for(admin)
    upload(client, org, valid_roster(), effective_date="2024-01-31")
    pending = RosterLoad.objects.get()
    roster_import(
        organization=org, actor=admin, content=valid_roster(), effective_date=datetime.date(2024, 7, 1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("roster_load_confirm", org, pk=pending.pk))

    assert "Choose 1 July 2024 or later." in client.get(response["Location"]).content.decode()
    pending.refresh_from_db()
    assert pending.status == RosterLoad.Status.FAILED


def test_an_effective_date_in_year_one_is_a_form_error(org, admin, client_for):
    response = upload(client_for(admin), org, valid_roster(), effective_date="0001-01-01")

    assert response.status_code == 200
    assert "Choose an effective date between 1 January 1970" in response.content.decode()
    assert not RosterLoad.objects.exists()


def test_a_far_too_large_upload_is_refused_before_the_csrf_check_reads_its_body(org, admin, settings):
    from django.test import Client

    settings.ROSTER_UPLOAD_MAX_BYTES = 1024
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    # Declares 200 KB, holds 16 bytes: anything that reads the body fails the test client.
    response = client.post(
        url("roster_upload", org),
        data=b"x" * 16,
        content_type="multipart/form-data; boundary=never-read",
        CONTENT_LENGTH=str(200 * 1024),
    )

    assert response.status_code == 200
    assert "This upload is 200.0\xa0KB" in response.content.decode()
    assert RosterLoad.objects.count() == 0


def test_an_upload_of_a_normal_size_still_needs_its_csrf_token(org, admin):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    assert upload(client, org, valid_roster()).status_code == 403
    assert RosterLoad.objects.count() == 0

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from organizations.models import AuditAction, AuditEntry, Employee, RosterLoad
from organizations.services.api_keys import api_key_create
from tests.factories import EmployeeFactory
from tests.organizations.roster.samples import VALID_ROWS, roster_csv, valid_roster


def _key_client(org, actor) -> APIClient:
    _, raw = api_key_create(
        organization=org, actor=actor, name="Workday", scopes=["roster.read", "roster.write"]
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


def _post(client, org, content: bytes, **extra):
    upload = SimpleUploadedFile("roster.csv", content, content_type="text/csv")
    return client.post(f"/api/v1/o/{org.slug}/roster/loads/", {"file": upload, **extra}, format="multipart")


def _load(client, org, content: bytes, run, **extra):
    """POST a file and let the background load run (in-process, after the commit)."""
    with run(execute=True):
        return _post(client, org, content, **extra)


def test_hr_system_loads_a_roster_with_an_api_key(org, hr_analyst, django_capture_on_commit_callbacks):
    client = _key_client(org, hr_analyst)
    response = _load(
        client,
        org,
        valid_roster(),
        django_capture_on_commit_callbacks,
        effective_date="2026-01-31",
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    load = RosterLoad.objects.get()
    assert body["status_url"] == f"http://testserver/api/v1/o/{org.slug}/roster/loads/{load.pk}/"
    assert response["Location"] == body["status_url"]
    # The test's transaction never commits: the task ran after the answer was made.
    assert (body["status"], body["row_count"], body["effective_date"]) == ("queued", 3, "2026-01-31")
    status = client.get(response["Location"]).json()
    assert (status["status"], status["created_count"], status["progress"], status["report"]) == (
        "applied",
        3,
        None,
        None,
    )
    assert load.source == RosterLoad.Source.API
    assert Employee.objects.filter(organization=org).count() == 3


def test_the_audit_log_names_the_key_and_address_behind_a_background_load(
    org, hr_analyst, django_capture_on_commit_callbacks
):
    client = _key_client(org, hr_analyst)
    upload = SimpleUploadedFile("roster.csv", valid_roster(), content_type="text/csv")
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(
            f"/api/v1/o/{org.slug}/roster/loads/",
            {"file": upload},
            format="multipart",
            REMOTE_ADDR="203.0.113.9",
        )
    assert response.status_code == 202
    for callback in queued:  # the task runs later, with no request of its own
        callback()

    entry = AuditEntry.objects.get(action=AuditAction.ROSTER_LOAD)
    load = RosterLoad.objects.get()
    assert entry.api_key == load.loaded_by_api_key and entry.api_key.name == "Workday"
    assert entry.actor is None and load.loaded_by is None
    assert entry.actor_label.startswith("API key “Workday”")
    assert entry.ip_address == "203.0.113.9"


def test_a_load_answers_202_at_once_and_its_status_url_follows_it_to_the_end(
    org, hr_analyst, django_capture_on_commit_callbacks
):
    client = _key_client(org, hr_analyst)
    with django_capture_on_commit_callbacks() as queued:  # the task is sent only after the commit
        response = _post(client, org, valid_roster())

    assert response.status_code == 202
    waiting = client.get(response["Location"]).json()
    assert waiting["status"] == "queued" and not Employee.objects.exists()
    assert waiting["progress"] == {
        "stage": "waiting",
        "label": "Waiting for a worker",
        "percent": 0,
        "done": 0,
        "total": 0,
    }

    for callback in queued:
        callback()
    done = client.get(response["Location"]).json()
    assert (done["status"], done["created_count"], done["progress"]) == ("applied", 3, None)
    assert Employee.objects.count() == 3


def test_a_load_the_roster_no_longer_fits_ends_failed_with_its_row_report(
    org, hr_analyst, django_capture_on_commit_callbacks
):
    client = _key_client(org, hr_analyst)
    boss = EmployeeFactory(organization=org, external_id="BOSS")
    with django_capture_on_commit_callbacks() as queued:
        response = _post(client, org, roster_csv("E1,Grace,grace@acme.test,Eng,7,,BOSS,2012-09-03,,,"))
    assert response.status_code == 202
    boss.manager = EmployeeFactory(organization=org, external_id="E1")  # a loop, made meanwhile
    boss.save()

    for callback in queued:
        callback()

    status = client.get(response["Location"]).json()
    assert status["status"] == "failed"
    assert "nothing was changed" in status["report"]["detail"]
    assert status["report"]["rows"][0]["line"] == 2
    assert "loops back" in status["report"]["rows"][0]["errors"][0]
    assert Employee.objects.get(external_id="E1").manager is None
    assert RosterLoad.objects.get().content == ""  # the file's copy is dropped


@pytest.mark.across_organizations
def test_another_organizations_load_status_is_404(org, other_org, hr_analyst, outsider):
    theirs = RosterLoad.objects.create(organization=other_org, source="api", effective_date="2026-01-01")
    mine = RosterLoad.objects.create(organization=org, source="api", effective_date="2026-01-01")
    client = _key_client(org, hr_analyst)

    assert client.get(f"/api/v1/o/{org.slug}/roster/loads/{mine.pk}/").status_code == 200
    assert client.get(f"/api/v1/o/{org.slug}/roster/loads/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/o/{other_org.slug}/roster/loads/{theirs.pk}/").status_code == 404


def test_a_bad_row_is_a_400_listing_every_row_and_nothing_changes(org, hr_analyst):
    content = roster_csv(
        *VALID_ROWS,
        "E4,No Date,nodate@acme.test,Sales,2,,,someday,3,,",
        "E4,Dup,d@x.test,Sales,2,,,2020-01-01,3,,",
    )
    response = _post(_key_client(org, hr_analyst), org, content)
    assert response.status_code == 400
    body = response.json()
    assert "nothing was changed" in body["detail"]
    assert {row["line"] for row in body["rows"]} == {5, 6}
    assert all(row["errors"] for row in body["rows"])
    assert not Employee.objects.exists()
    assert not RosterLoad.objects.exists()


def test_a_missing_file_is_a_400_naming_the_field(org, hr_analyst):
    response = _key_client(org, hr_analyst).post(
        f"/api/v1/o/{org.slug}/roster/loads/", {}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()


def test_dry_run_reports_counts_and_stores_nothing(org, hr_analyst):
    response = _post(_key_client(org, hr_analyst), org, valid_roster(), dry_run="true")
    assert response.status_code == 200
    assert response.json()["created"] == 3
    assert not Employee.objects.exists()


def test_load_history_lists_applied_loads(org, hr_analyst, django_capture_on_commit_callbacks):
    client = _key_client(org, hr_analyst)
    _load(client, org, valid_roster(), django_capture_on_commit_callbacks)
    history = client.get(f"/api/v1/o/{org.slug}/roster/loads/").json()
    assert history["count"] == 1
    assert history["results"][0]["created_count"] == 3


def test_a_member_may_not_load_a_roster(org, mentee):
    client = APIClient()
    client.force_authenticate(mentee)
    response = _post(client, org, valid_roster())
    assert response.status_code == 403
    assert not Employee.objects.exists()


def test_a_key_cannot_load_into_another_organization(org, other_org, hr_analyst):
    response = _post(_key_client(org, hr_analyst), other_org, valid_roster())
    assert response.status_code == 404
    assert not Employee.objects.exists()


@pytest.mark.across_organizations
def test_unconfirmed_roster_files_are_discarded_after_a_day(org, other_org, admin):
    import datetime

    from django.utils import timezone

    from organizations.roster.loads import roster_load_create
    from organizations.tasks import discard_stale_roster_loads
    from organizations.tenancy import organization_scope

    loads = []
    for organization in (org, other_org):
        with organization_scope(organization):
            load, _ = roster_load_create(
                organization=organization,
                actor=admin,
                content=valid_roster(),
                filename="r.csv",
                source="upload",
                effective_date=datetime.date(2026, 1, 1),
            )
            loads.append(load)
    with organization_scope(org):
        fresh, _ = roster_load_create(
            organization=org,
            actor=admin,
            content=valid_roster(),
            filename="fresh.csv",
            source="upload",
            effective_date=datetime.date(2026, 1, 2),
        )
    RosterLoad.objects.filter(pk__in=[load.pk for load in loads]).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )

    assert discard_stale_roster_loads.delay().get() == 2
    assert list(RosterLoad.objects.values_list("filename", flat=True)) == ["fresh.csv"]


def test_a_back_dated_load_is_a_400_naming_the_latest_loads_date(
    org, hr_analyst, django_capture_on_commit_callbacks
):
    client = _key_client(org, hr_analyst)
    first = _load(
        client, org, valid_roster(), django_capture_on_commit_callbacks, effective_date="2026-01-31"
    )
    assert first.status_code == 202

    response = _post(client, org, valid_roster(), effective_date="2025-12-31")

    assert response.status_code == 400
    assert "Choose 31 January 2026 or later." in response.json()["effective_date"][0]
    assert RosterLoad.objects.count() == 1


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_effective_date_at_either_end_of_time_is_a_400_field_error(org, hr_analyst, day):
    response = _post(_key_client(org, hr_analyst), org, valid_roster(), effective_date=day)

    assert response.status_code == 400
    assert response.json()["effective_date"][0].startswith("Choose an effective date between 1 January 1970")
    assert not RosterLoad.objects.exists()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("E4,Bob,bob@acme.test,Sales," + "7" * 10_000 + ",,,2021-02-01,,,", "levels go up to 32767"),
        ("E4,Bob,bob@acme.test,Sales,2,,,2021-02-01," + "4" * 10_000 + ",,", "is not on your rating scale"),
        ("E4,Bo\x00b,bob@acme.test,Sales,2,,,2021-02-01,,,", "contains a NUL character"),
    ],
)
def test_a_huge_number_or_a_nul_byte_is_a_row_error_in_the_report(org, hr_analyst, row, message):
    response = _post(_key_client(org, hr_analyst), org, roster_csv(*VALID_ROWS, row))

    assert response.status_code == 400
    (bad,) = response.json()["rows"]
    assert bad["line"] == 5 and message in " ".join(bad["errors"])
    assert all(len(error) < 400 for error in bad["errors"])
    assert not Employee.objects.exists()


# Uploads over ROSTER_UPLOAD_MAX_BYTES: refused by their declared size before the body is read


def test_a_roster_over_the_size_limit_is_a_413_and_nothing_is_stored(org, hr_analyst, settings):
    settings.ROSTER_UPLOAD_MAX_BYTES = 2048
    big = valid_roster() + b"#" * (200 * 1024)

    response = _post(_key_client(org, hr_analyst), org, big)

    assert response.status_code == 413
    assert "the largest roster file is 2.0\xa0KB" in response.json()["detail"]
    assert not RosterLoad.objects.exists() and not Employee.objects.exists()


def test_a_roster_just_over_the_limit_is_a_413_once_read(org, hr_analyst, settings):
    settings.ROSTER_UPLOAD_MAX_BYTES = 2048
    response = _post(_key_client(org, hr_analyst), org, valid_roster() + b"#" * 4096)

    assert response.status_code == 413
    assert not RosterLoad.objects.exists()


def test_a_declared_size_over_the_limit_is_refused_before_the_session_csrf_check_reads_it(org, hr_analyst):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(hr_analyst)

    response = client.post(
        f"/api/v1/o/{org.slug}/roster/loads/",
        data=b"x" * 16,
        content_type="multipart/form-data; boundary=never-read",
        CONTENT_LENGTH=str(9_400_000),
    )

    assert response.status_code == 413
    assert response.json()["detail"].startswith("This upload is 9.0\xa0MB;")

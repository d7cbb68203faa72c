"""Applying a roster: upsert by external id, all or nothing, dated history, member links."""

import datetime
import time

import pytest
from django.db import connection

from organizations.models import Employee, EmployeeHistory, RosterLoad
from organizations.roster.loads import (
    RosterInvalid,
    RosterLoadNotPending,
    roster_import,
    roster_load_apply,
    roster_load_cancel,
    roster_load_create,
    roster_load_queue,
    roster_load_run,
    roster_pending_loads_discard,
)
from tests.factories import EmployeeFactory, MembershipFactory, UserFactory
from tests.organizations.roster.samples import VALID_ROWS, big_roster, roster_csv, valid_roster

JAN = datetime.date(2024, 1, 1)
JUL = datetime.date(2024, 7, 1)


def load(org, actor, content: bytes, effective_date=JAN) -> RosterLoad:
    return roster_import(organization=org, actor=actor, content=content, effective_date=effective_date)


def snapshot(org) -> list[tuple]:
    """Every stored value of the roster, to compare before and after a refused file."""
    return list(
        Employee.objects.filter(organization=org)
        .order_by("external_id")
        .values_list(
            "external_id",
            "name",
            "email",
            "department",
            "level",
            "location",
            "manager__external_id",
            "hire_date",
            "performance_rating",
            "termination_date",
            "termination_type",
            "user_id",
        )
    ) + [("history", EmployeeHistory.objects.count()), ("loads", RosterLoad.objects.count())]


def test_a_new_roster_creates_every_employee_with_its_values(org, admin):
    result = load(org, admin, valid_roster())

    assert (result.created_count, result.updated_count, result.unchanged_count) == (3, 0, 0)
    ada = Employee.objects.get(organization=org, external_id="E2")
    assert ada.name == "Ada Lovelace"
    assert ada.level == 4
    assert ada.manager.external_id == "E1"
    assert ada.hire_date == datetime.date(2021, 3, 15)
    assert ada.performance_rating == 4  # "Exceeds expectations" on the default scale
    assert ada.is_active


def test_an_applied_load_records_who_when_and_the_counts_and_drops_the_file(org, admin):
    result = load(org, admin, valid_roster())

    result.refresh_from_db()
    assert result.status == RosterLoad.Status.APPLIED
    assert result.loaded_by == admin
    assert result.applied_at is not None
    assert result.row_count == 3
    assert result.effective_date == JAN
    assert result.content == ""


def test_loading_again_updates_by_external_id_and_counts_unchanged_rows(org, admin):
    load(org, admin, valid_roster())
    first_pk = Employee.objects.get(external_id="E3").pk

    result = load(
        org,
        admin,
        roster_csv(
            VALID_ROWS[0],
            VALID_ROWS[1],
            "E3,Alan Turing,alan@acme.test,Research,4,Cambridge,E1,2019-01-07,3,,",
            "E4,Joan Clarke,joan@acme.test,Research,2,London,E3,2022-05-01,,,",
        ),
        effective_date=JUL,
    )

    assert (result.created_count, result.updated_count, result.unchanged_count) == (1, 1, 2)
    alan = Employee.objects.get(external_id="E3")
    assert alan.pk == first_pk
    assert (alan.level, alan.location) == (4, "Cambridge")
    assert Employee.objects.get(external_id="E4").manager == alan
    assert Employee.objects.count() == 4


def test_employees_missing_from_a_file_are_left_alone(org, admin):
    load(org, admin, valid_roster())

    load(org, admin, roster_csv(VALID_ROWS[0]))

    assert Employee.objects.count() == 3


def test_optional_columns_left_out_keep_their_stored_values(org, admin):
    load(org, admin, valid_roster())

    load(
        org,
        admin,
        roster_csv(
            "E2,Ada King,ada@acme.test,Engineering,4,2021-03-15",
            header="external_id,name,email,department,level,hire_date",
        ),
    )

    ada = Employee.objects.get(external_id="E2")
    assert ada.name == "Ada King"
    assert (ada.location, ada.manager.external_id, ada.performance_rating) == ("Amsterdam", "E1", 4)


def test_an_empty_optional_cell_clears_the_stored_value(org, admin):
    load(org, admin, valid_roster())

    load(org, admin, roster_csv("E2,Ada Lovelace,ada@acme.test,Engineering,4,,,2021-03-15,,,"))

    ada = Employee.objects.get(external_id="E2")
    assert (ada.location, ada.manager, ada.performance_rating) == ("", None, None)


def test_a_file_with_one_bad_row_changes_nothing(org, admin):
    load(org, admin, valid_roster())
    Employee.objects.filter(external_id="E2").update(user=admin)
    before = snapshot(org)

    with pytest.raises(RosterInvalid) as refused:
        load(
            org,
            admin,
            roster_csv(
                "E1,Grace Hopper,grace@acme.test,Leadership,8,Amsterdam,,2012-09-03,5,,",
                "E3,Alan Turing,alan@acme.test,Research,3,London,E1,2019-01-07,3,2024-03-01,voluntary",
                "E5,New Person,new@acme.test,Sales,2,,E1,not-a-date,,,",
                "E6,Another,another@acme.test,Sales,2,,,2023-01-01,,,",
            ),
            effective_date=JUL,
        )

    assert [error.line for error in refused.value.preview.errors] == [4]
    assert snapshot(org) == before


def test_a_refused_file_stores_no_pending_load(org, admin):
    created, preview = roster_load_create(
        organization=org,
        actor=admin,
        content=roster_csv("E1,Grace,grace@acme.test,Eng,high,,,2012-09-03,,,"),
        filename="roster.csv",
        source=RosterLoad.Source.UPLOAD,
        effective_date=JAN,
    )

    assert created is None
    assert not preview.is_valid
    assert RosterLoad.objects.count() == 0


def test_a_valid_upload_is_kept_pending_until_applied(org, admin):
    pending, preview = roster_load_create(
        organization=org,
        actor=admin,
        content=valid_roster(),
        filename="roster.csv",
        source=RosterLoad.Source.UPLOAD,
        effective_date=JAN,
    )

    assert pending.status == RosterLoad.Status.PENDING
    assert pending.created_count == 3
    assert pending.content.startswith("external_id,")
    assert Employee.objects.count() == 0

    applied = roster_load_apply(load=pending, actor=admin)

    assert applied.status == RosterLoad.Status.APPLIED
    assert Employee.objects.count() == 3


def test_a_pending_load_cannot_be_applied_twice(org, admin):
    pending, _ = roster_load_create(
        organization=org,
        actor=admin,
        content=valid_roster(),
        filename="",
        source="upload",
        effective_date=JAN,
    )
    roster_load_apply(load=pending, actor=admin)

    with pytest.raises(RosterLoadNotPending):
        roster_load_apply(load=pending, actor=admin)
    assert EmployeeHistory.objects.count() == 3


def test_apply_revalidates_against_the_roster_as_it_is_now(org, admin):
    # Uploaded when BOSS reported to nobody; by the time it is confirmed BOSS reports to E1.
    boss = EmployeeFactory(organization=org, external_id="BOSS")
    pending, preview = roster_load_create(
        organization=org,
        actor=admin,
        content=roster_csv("E1,Grace,grace@acme.test,Eng,7,,BOSS,2012-09-03,,,"),
        filename="",
        source="upload",
        effective_date=JAN,
    )
    assert preview.is_valid
    load(org, admin, roster_csv("E1,Grace,grace@acme.test,Eng,7,,,2012-09-03,,,"))
    Employee.objects.filter(pk=boss.pk).update(manager=Employee.objects.get(external_id="E1"))

    with pytest.raises(RosterInvalid) as refused:
        roster_load_apply(load=pending, actor=admin)

    assert "loops back" in refused.value.preview.errors[0].messages[0]
    pending.refresh_from_db()
    assert pending.status == RosterLoad.Status.PENDING


def test_cancelling_a_pending_load_deletes_it_and_its_file(org, admin):
    pending, _ = roster_load_create(
        organization=org,
        actor=admin,
        content=valid_roster(),
        filename="",
        source="upload",
        effective_date=JAN,
    )

    roster_load_cancel(load=pending, actor=admin)

    assert not RosterLoad.objects.filter(pk=pending.pk).exists()


def test_an_applied_load_cannot_be_cancelled(org, admin):
    applied = load(org, admin, valid_roster())

    with pytest.raises(RosterLoadNotPending):
        roster_load_cancel(load=applied, actor=admin)
    assert RosterLoad.objects.filter(pk=applied.pk).exists()


def test_the_effective_date_defaults_to_today_in_the_organizations_time_zone(org, admin):
    from organizations.roster.loads import roster_default_effective_date

    result = roster_import(organization=org, actor=admin, content=valid_roster())

    assert result.effective_date == roster_default_effective_date(org)


def test_a_new_employee_gets_a_first_history_row_dated_by_the_load(org, admin):
    result = load(org, admin, valid_roster())

    history = EmployeeHistory.objects.get(employee__external_id="E2")
    assert (history.effective_date, history.department, history.level) == (JAN, "Engineering", 4)
    assert history.roster_load == result
    assert history.organization == org


def test_a_promotion_is_dated_by_the_load_that_brings_it(org, admin):
    load(org, admin, valid_roster())

    load(org, admin, roster_csv("E3,Alan Turing,alan@acme.test,Research,4,London,E1,2019-01-07,3,,"), JUL)

    rows = list(
        EmployeeHistory.objects.filter(employee__external_id="E3").values_list("effective_date", "level")
    )
    assert rows == [(JAN, 3), (JUL, 4)]


def test_a_leaver_is_dated_with_the_termination_and_its_type(org, admin):
    load(org, admin, valid_roster())

    load(
        org,
        admin,
        roster_csv("E3,Alan Turing,alan@acme.test,Research,3,London,E1,2019-01-07,3,2024-06-30,Voluntary"),
        JUL,
    )

    latest = EmployeeHistory.objects.filter(employee__external_id="E3").last()
    assert (latest.effective_date, latest.termination_date, latest.termination_type) == (
        JUL,
        datetime.date(2024, 6, 30),
        "voluntary",
    )
    assert not Employee.objects.get(external_id="E3").is_active


def test_a_department_move_writes_history_but_a_new_location_does_not(org, admin):
    load(org, admin, valid_roster())

    load(
        org,
        admin,
        roster_csv(
            "E2,Ada Lovelace,ada@acme.test,Research,4,Amsterdam,E1,2021-03-15,4,,",
            "E3,Alan Turing,alan@acme.test,Research,3,Manchester,E1,2019-01-07,3,,",
        ),
        JUL,
    )

    assert EmployeeHistory.objects.filter(employee__external_id="E2").count() == 2
    assert EmployeeHistory.objects.filter(employee__external_id="E3").count() == 1
    ada, alan = Employee.objects.filter(external_id__in=["E2", "E3"]).order_by("external_id")
    assert (ada.department, ada.location) == ("Research", "Amsterdam")
    assert (alan.department, alan.location) == ("Research", "Manchester")


def test_unchanged_rows_write_no_history(org, admin):
    load(org, admin, valid_roster())

    result = load(org, admin, valid_roster(), JUL)

    assert result.unchanged_count == 3
    assert EmployeeHistory.objects.count() == 3


def test_members_are_linked_to_their_rows_by_email(org, admin):
    ada = MembershipFactory(organization=org, user=UserFactory(email="ADA@acme.test".lower())).user
    stranger = UserFactory(email="alan@acme.test")  # has an account but is not a member

    load(org, admin, valid_roster())

    assert Employee.objects.get(external_id="E2").user == ada
    assert Employee.objects.get(external_id="E3").user is None
    assert not Employee.objects.filter(user=stranger).exists()


@pytest.mark.across_organizations
def test_loads_never_touch_another_organizations_roster(org, other_org, admin):
    theirs = EmployeeFactory(organization=other_org, external_id="E1", name="Globex Grace", level=1)

    load(org, admin, valid_roster())

    theirs.refresh_from_db()
    assert (theirs.name, theirs.level) == ("Globex Grace", 1)
    assert Employee.objects.filter(external_id="E1").count() == 2


def test_applying_500_rows_takes_a_bounded_number_of_queries(org, admin, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        load(org, admin, big_roster(500))

    assert Employee.objects.filter(organization=org).count() == 500
    assert Employee.objects.filter(manager__isnull=False).count() == 499


def test_updating_500_rows_takes_a_bounded_number_of_queries(org, admin, django_assert_max_num_queries):
    load(org, admin, big_roster(500))

    with django_assert_max_num_queries(40):
        result = load(org, admin, big_roster(500, department="Research", level=3), JUL)

    assert result.updated_count == 500
    assert EmployeeHistory.objects.filter(effective_date=JUL).count() == 500


def test_the_query_count_does_not_grow_with_the_file(org, admin):
    """Twice the rows may cost a few more bulk batches, never a query per row."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        load(org, admin, big_roster(100))
    Employee.objects.all().delete()
    with CaptureQueriesContext(connection) as large:
        load(org, admin, big_roster(1000))

    assert len(large.captured_queries) - len(small.captured_queries) < 40


def test_500_rows_import_in_well_under_a_few_seconds(org, admin):
    started = time.perf_counter()
    load(org, admin, big_roster(500))

    assert time.perf_counter() - started < 5


# A back-dated load: refused, naming the latest load's date (README, "Loading the HR roster")


def test_a_load_dated_before_the_latest_applied_load_is_refused_and_changes_nothing(org, admin):
    load(org, admin, valid_roster(), effective_date=JUL)
    before = snapshot(org)

    with pytest.raises(RosterInvalid) as refused:
        load(org, admin, roster_csv("E3,Alan Turing,alan@acme.test,Research,9,London,E1,2019-01-07,3,,"), JAN)

    assert refused.value.preview.effective_date_errors == [
        "The roster already describes 1 July 2024 (the latest load applied), so a load dated "
        "1 January 2024 would put older facts in the current roster while its history says they "
        "changed later. Choose 1 July 2024 or later."
    ]
    assert snapshot(org) == before
    assert RosterLoad.objects.count() == 1


def test_a_load_for_the_same_day_as_the_latest_is_accepted(org, admin):
    load(org, admin, valid_roster(), effective_date=JUL)

    again = load(
        org, admin, roster_csv("E3,Alan Turing,alan@acme.test,Research,4,London,E1,2019-01-07,3,,"), JUL
    )

    assert again.updated_count == 1


def test_a_pending_load_overtaken_by_a_later_one_is_refused_when_confirmed(org, admin):
    pending, preview = roster_load_create(
        organization=org,
        actor=admin,
        content=valid_roster(),
        filename="",
        source="upload",
        effective_date=JAN,
    )
    assert preview.is_valid
    load(org, admin, valid_roster(), effective_date=JUL)

    with pytest.raises(RosterInvalid) as refused:
        roster_load_apply(load=pending, actor=admin)

    assert "Choose 1 July 2024 or later." in refused.value.preview.effective_date_errors[0]
    pending.refresh_from_db()
    assert pending.status == RosterLoad.Status.PENDING


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_an_effective_date_at_either_end_of_time_is_refused(org, admin, day):
    created, preview = roster_load_create(
        organization=org,
        actor=admin,
        content=valid_roster(),
        filename="",
        source="upload",
        effective_date=day,
    )

    assert created is None
    assert preview.effective_date_errors[0].startswith("Choose an effective date between 1 January 1970 and ")
    assert not RosterLoad.objects.exists()


# Set-based writes (organizations/roster/bulk_apply.py)


def test_a_manager_later_in_the_file_and_a_new_manager_for_a_stored_person_are_both_written(org, admin):
    load(org, admin, valid_roster())

    load(
        org,
        admin,
        roster_csv(
            "E3,Alan Turing,alan@acme.test,Research,3,London,E7,2019-01-07,3,,",  # E7 is new, below
            "E8,Joan Clarke,joan@acme.test,Research,2,London,E7,2020-01-07,3,,",
            "E7,Tommy Flowers,tommy@acme.test,Research,6,London,E1,2010-01-07,3,,",
        ),
        JUL,
    )

    managers = dict(Employee.objects.values_list("external_id", "manager__external_id"))
    assert managers == {"E1": None, "E2": "E1", "E3": "E7", "E7": "E1", "E8": "E7"}
    # A new manager alone is not dated in the history; the new people are.
    assert set(
        EmployeeHistory.objects.filter(effective_date=JUL).values_list("employee__external_id", flat=True)
    ) == {
        "E7",
        "E8",
    }


def test_new_people_get_ids_after_every_id_ever_given(org, admin):
    load(org, admin, big_roster(30))
    highest = Employee.objects.order_by("-pk").values_list("pk", flat=True).first()
    Employee.objects.filter(pk__gte=highest - 4).delete()

    result = load(org, admin, roster_csv("N1,New Person,new@acme.test,Eng,2,,,2020-01-01,,,"), JUL)

    assert result.created_count == 1
    assert Employee.objects.get(external_id="N1").pk > highest


def test_an_update_rewrites_only_the_columns_the_file_has_and_stamps_the_change(org, admin):
    load(org, admin, valid_roster())
    before = Employee.objects.get(external_id="E3")

    load(
        org,
        admin,
        roster_csv(
            "E3,Alan Turing,alan@acme.test,Research,5,2019-01-07",
            header="external_id,name,email,department,level,hire_date",
        ),
        JUL,
    )

    alan = Employee.objects.get(external_id="E3")
    assert (alan.level, alan.location, alan.manager.external_id, alan.performance_rating) == (
        5,
        "London",
        "E1",
        3,
    )
    assert alan.updated_at > before.updated_at and alan.created_at == before.created_at
    history = EmployeeHistory.objects.filter(employee=alan).order_by("effective_date")
    assert [(row.effective_date, row.level, row.department) for row in history] == [
        (JAN, 3, "Research"),
        (JUL, 5, "Research"),
    ]


# Background loads (roster_load_queue → organizations.tasks.apply_roster_load → roster_load_run)


def _pending(org, admin, content: bytes = b"") -> RosterLoad:
    pending, preview = roster_load_create(
        organization=org,
        actor=admin,
        content=content or valid_roster(),
        filename="roster.csv",
        source=RosterLoad.Source.UPLOAD,
        effective_date=JAN,
    )
    assert pending is not None, preview.errors
    return pending


def test_a_queued_load_goes_back_to_pending_when_the_task_cannot_be_sent(
    org, admin, monkeypatch, django_capture_on_commit_callbacks
):
    import organizations.notifications.enqueue as enqueue

    pending = _pending(org, admin)
    monkeypatch.setattr(enqueue, "send_hint", lambda task, *args: False)  # the broker is down

    with django_capture_on_commit_callbacks(execute=True):
        roster_load_queue(load=pending, actor=admin)

    pending.refresh_from_db()
    assert pending.status == RosterLoad.Status.PENDING  # confirm it again once the broker is back
    assert not Employee.objects.exists()


def test_an_unexpected_error_in_the_background_changes_nothing_and_marks_the_load_failed(
    org, admin, monkeypatch
):
    import organizations.roster.loads as loads

    pending = _pending(org, admin)
    RosterLoad.objects.filter(pk=pending.pk).update(status=RosterLoad.Status.QUEUED)

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(loads, "roster_rows_write", broken)
    with pytest.raises(RuntimeError):
        roster_load_run(organization=org, load_id=pending.pk)

    pending.refresh_from_db()
    assert (pending.status, pending.content) == (RosterLoad.Status.FAILED, "")
    assert pending.report["detail"] == loads.UNEXPECTED_FAILURE
    assert not Employee.objects.exists()


def test_a_repeated_task_message_applies_a_load_once(org, admin):
    pending = _pending(org, admin)
    roster_load_queue(load=pending, actor=admin)  # the commit never comes in a test: run it by hand

    first = roster_load_run(organization=org, load_id=pending.pk)
    again = roster_load_run(organization=org, load_id=pending.pk)

    assert first.status == again.status == RosterLoad.Status.APPLIED
    assert EmployeeHistory.objects.count() == 3
    assert roster_load_run(organization=org, load_id=pending.pk + 1000) is None  # gone: nothing to do


def test_failed_and_stuck_queued_loads_are_discarded_after_a_day_like_pending_ones(org, admin):
    import time_machine
    from django.utils import timezone

    for status in (RosterLoad.Status.FAILED, RosterLoad.Status.QUEUED, RosterLoad.Status.APPLIED):
        RosterLoad.objects.create(organization=org, source="upload", effective_date=JAN, status=status)

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        assert roster_pending_loads_discard(now=timezone.now()) == 2

    assert list(RosterLoad.objects.values_list("status", flat=True)) == [RosterLoad.Status.APPLIED]

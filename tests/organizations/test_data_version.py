"""Every committed write moves the data version of the organization it belongs to (and only
that one), however it was written; a rolled-back one moves nothing."""

import pytest
from django.db import connection, transaction
from django_scopes import scope, scopes_disabled

from organizations.data_version import move_on, tenant_tables, written_table
from organizations.models import DataVersion, Employee, Organization
from organizations.tenancy import organization_scope
from tests.factories import EmployeeFactory, UserFactory


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('SELECT "x"."id" FROM "x"', None),
        ("  select 1", None),
        ("(SELECT 1) UNION ALL (SELECT 2)", None),
        ('SAVEPOINT "s1"', None),
        ('RELEASE SAVEPOINT "s1"', None),
        ("CREATE TEMPORARY TABLE stage (id int)", None),
        ("ANALYZE stage", None),
        ('INSERT INTO "sessions_meeting" ("a") VALUES (1)', "sessions_meeting"),
        ('INSERT OR IGNORE INTO "organizations_employee" ("a") VALUES (1)', "organizations_employee"),
        ('UPDATE "goals_goal" SET "title" = 1', "goals_goal"),
        ('DELETE FROM "cohorts_cohort" WHERE 1', "cohorts_cohort"),
        ("WITH gone AS (DELETE FROM x RETURNING id) SELECT count(*) FROM gone", ""),
        ("WITH rows AS (SELECT 1) SELECT * FROM rows", None),
        ('TRUNCATE "x"', ""),
    ],
)
def test_a_statement_is_read_for_the_table_it_writes(sql, table):
    assert written_table(sql) == table


def test_tenant_tables_are_the_scoped_models_and_not_peoples_accounts(db):
    from goals.models import Goal
    from organizations.models import User
    from sessions.models import Meeting

    assert {m._meta.db_table for m in (Employee, Meeting, Goal)} <= tenant_tables()
    assert not {m._meta.db_table for m in (User, Organization)} & tenant_tables()
    assert "django_session" not in tenant_tables()


def _versions(*organizations) -> list[int]:
    return [DataVersion.objects.get(organization=o).number for o in organizations]


def test_a_committed_write_in_an_organizations_scope_moves_that_organization_only(
    org, other_org, django_capture_on_commit_callbacks
):
    before = _versions(org, other_org)
    with django_capture_on_commit_callbacks(execute=True):
        EmployeeFactory(organization=org)
    assert _versions(org, other_org) == [before[0] + 1, before[1]]


@pytest.mark.across_organizations
def test_a_tenant_write_with_no_organization_scope_moves_every_organization(
    org, other_org, django_capture_on_commit_callbacks
):
    before = _versions(org, other_org)
    with django_capture_on_commit_callbacks(execute=True):
        EmployeeFactory(organization=other_org)
    assert _versions(org, other_org) == [before[0] + 1, before[1] + 1]


def test_a_persons_account_is_on_every_organizations_pages(
    org, other_org, django_capture_on_commit_callbacks
):
    person = UserFactory()
    before = _versions(org, other_org)
    with django_capture_on_commit_callbacks(execute=True):
        person.full_name = "A new name"
        person.save()
    assert _versions(org, other_org) == [before[0] + 1, before[1] + 1]


def test_updates_bulk_inserts_and_raw_sql_are_seen(org, other_org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        EmployeeFactory(organization=org, external_id="E-9")
    writes = [
        lambda: Employee.objects.filter(external_id="E-9").update(department="Finance"),
        lambda: Employee.objects.bulk_create([EmployeeFactory.build(organization=org, external_id="E-10")]),
        lambda: connection.cursor().execute(
            f"UPDATE {Employee._meta.db_table} SET department = %s WHERE organization_id = %s",
            ["Legal", org.pk],
        ),
    ]
    for write in writes:
        before = _versions(org, other_org)
        # Each in a savepoint: a capture runs callbacks but leaves them listed, and writes right
        # after the last one listed (same organization, same savepoint) would ask for no other.
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            write()
        assert _versions(org, other_org) == [before[0] + 1, before[1]]


def test_many_writes_in_one_transaction_move_the_version_once(org, django_capture_on_commit_callbacks):
    before = _versions(org)[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for n in range(5):
            EmployeeFactory(organization=org, external_id=f"E-{n}")
    assert len(callbacks) == 1
    assert _versions(org) == [before + 1]


def test_a_rolled_back_write_moves_nothing(org, django_capture_on_commit_callbacks):
    before = _versions(org)[0]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        EmployeeFactory(organization=org)
        raise RuntimeError("rolled back")
    assert _versions(org) == [before]


def test_reads_move_nothing(org, django_capture_on_commit_callbacks):
    EmployeeFactory(organization=org)
    before = _versions(org)[0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        list(Employee.objects.all())
        Employee.objects.count()
    assert callbacks == []
    assert _versions(org) == [before]


def test_a_new_organization_starts_numbered_and_its_number_comes_with_it(db):
    created = Organization.objects.create(name="Initech", slug="initech")
    assert DataVersion.objects.get(organization=created).number == 0
    move_on(created.pk)
    loaded = Organization.objects.select_related("data_version").get(pk=created.pk)
    assert loaded.data_version.number == 1


@pytest.mark.django_db(transaction=True)
def test_a_write_in_autocommit_moves_the_version_at_once():
    with scopes_disabled():
        acme = Organization.objects.create(name="Acme", slug="acme-autocommit")
        globex = Organization.objects.create(name="Globex", slug="globex-autocommit")
    before = _versions(acme, globex)
    with organization_scope(acme):
        EmployeeFactory(organization=acme, external_id="E-1")
    assert _versions(acme, globex) == [before[0] + 1, before[1]]
    with scope(organization=acme), transaction.atomic():
        Employee.objects.filter(external_id="E-1").update(department="Sales")
        assert _versions(acme) == [before[0] + 1]  # not before the commit
    assert _versions(acme) == [before[0] + 2]

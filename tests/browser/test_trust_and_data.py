"""The security and data-rights pages, walked as the people who use them, with axe-core run on
each (the screenshot fixture): an admin reads the audit log, sets retention, opens export or
delete and the erase confirmation; a member reads their own data and the two-factor page."""

import datetime

import pytest

from organizations.audit import audit_record
from organizations.models import AuditAction, Employee
from organizations.tenancy import organization_scope

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_admin_walks_the_audit_log_retention_export_and_erasure(
    page, sign_in, screenshot, admin, manager, org
):
    with organization_scope(org):
        audit_record(org, AuditAction.DATA_EXPORT, label="talent-pool-acme.csv", actor=manager)
        employee = Employee.objects.create(
            organization=org,
            external_id="E900",
            name="Ola Nowak",
            email="ola@example.com",
            department="Sales",
            level=2,
            hire_date=datetime.date(2020, 1, 1),
        )
    sign_in(page, admin)
    page.goto(f"/o/{org.slug}/settings/")
    screenshot(page, "trust-settings")
    page.get_by_role("link", name="Open the audit log").click()
    page.get_by_text("talent-pool-acme.csv").wait_for()
    screenshot(page, "trust-audit-log")
    page.goto(f"/o/{org.slug}/settings/retention/")
    page.get_by_label("Meeting notes: months kept after the program ends").fill("24")
    page.get_by_role("button", name="Save retention periods").click()
    page.get_by_text("Retention periods saved").wait_for()
    screenshot(page, "trust-retention")
    page.goto(f"/o/{org.slug}/settings/export-or-delete/")
    screenshot(page, "trust-export-or-delete")
    page.goto(f"/o/{org.slug}/roster/employees/{employee.pk}/")
    page.get_by_role("link", name="Erase their personal details").click()
    page.get_by_label("Type the person's name to confirm").fill("Ola Nowak")
    screenshot(page, "trust-erase-confirm")
    page.get_by_role("button", name="Erase Ola Nowak").click()
    page.get_by_text("Erased.").wait_for()
    screenshot(page, "trust-erased")


def test_a_member_reads_their_data_and_the_two_factor_page(page, sign_in, screenshot, mentee, org):
    sign_in(page, mentee)
    page.goto(f"/o/{org.slug}/me/data/")
    page.get_by_role("heading", name="Your data in Acme").wait_for()
    screenshot(page, "trust-your-data")
    page.goto("/accounts/2fa/")
    screenshot(page, "trust-two-factor")

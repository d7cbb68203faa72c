"""A roster load rebuilds the analytics facts once it commits, never inside a request's reads."""

from django.test import TestCase

from analytics.selectors import facts_status
from organizations.roster.loads import roster_import
from organizations.tenancy import organization_scope
from tests.commit_hooks import app_callbacks
from tests.factories import OrganizationFactory
from tests.organizations.roster.samples import valid_roster


class RosterLoadRefreshesFacts(TestCase):
    """A TestCase: on_commit callbacks are captured and run as a real commit would run them."""

    def test_an_applied_roster_load_refreshes_the_organizations_facts_on_commit(self):
        organization = OrganizationFactory(slug="acme", name="Acme")
        with organization_scope(organization):
            assert facts_status(organization=organization).refreshed_at is None
            with self.captureOnCommitCallbacks(execute=True) as callbacks:
                roster_import(organization=organization, actor=None, content=valid_roster())
            assert len(app_callbacks(callbacks)) == 1
            status = facts_status(organization=organization)
        assert status.refreshed_at is not None
        assert status.departments


def test_a_load_does_not_refresh_another_organizations_facts(
    org, other_org, admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        roster_import(organization=org, actor=admin, content=valid_roster())
    assert facts_status(organization=org).refreshed_at is not None
    with organization_scope(other_org):
        assert facts_status(organization=other_org).refreshed_at is None

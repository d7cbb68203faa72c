import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from cohorts.teams.models import CouncilSeat, TalentFlag
from cohorts.teams.services.talent import talent_flag, talent_flag_remove
from organizations.services.api_keys import api_key_create
from tests.cohorts.factories import ParticipantFactory
from tests.factories import EmployeeFactory


@pytest.fixture
def seated(cohort, senior_leader, org):
    CouncilSeat.objects.create(organization=org, cohort=cohort, user=senior_leader)
    return senior_leader


def _mentee(cohort, department="Sales", level=3, name="Ada"):
    employee = EmployeeFactory(
        organization=cohort.organization, department=department, level=level, name=name
    )
    return ParticipantFactory(cohort=cohort, application__employee=employee)


def test_a_council_member_flags_a_mentee_and_flagging_again_updates_their_flag(cohort, seated):
    participant = _mentee(cohort)
    talent_flag(actor=seated, participant=participant, readiness="emerging", note="Sharp.")
    flag = talent_flag(actor=seated, participant=participant, readiness="ready_now", note="Sharper.")
    assert TalentFlag.objects.get() == flag and (flag.readiness, flag.note) == ("ready_now", "Sharper.")


def test_only_the_council_and_managers_flag(cohort, senior_leader, manager, mentor):
    participant = _mentee(cohort)
    for outsider in (senior_leader, mentor):  # a leader off this council, a member
        with pytest.raises(PermissionDenied):
            talent_flag(actor=outsider, participant=participant, readiness="ready_now")
    assert talent_flag(actor=manager, participant=participant, readiness="ready_now").flagged_by == manager


def test_bad_readiness_and_overlong_notes_are_refused(cohort, manager):
    participant = _mentee(cohort)
    with pytest.raises(ValidationError) as error:
        talent_flag(actor=manager, participant=participant, readiness="genius", note="x" * 10_000)
    assert {"readiness", "note"} <= set(error.value.message_dict)


def test_only_the_flagger_or_a_manager_removes_a_flag(cohort, seated, manager, org):
    from tests.factories import MembershipFactory, UserFactory

    other = MembershipFactory(organization=org, role="senior_leader", user=UserFactory()).user
    flag = talent_flag(actor=seated, participant=_mentee(cohort), readiness="emerging")
    with pytest.raises(PermissionDenied):
        talent_flag_remove(actor=other, flag=flag)
    talent_flag_remove(actor=manager, flag=flag)
    assert not TalentFlag.objects.exists()


def test_hr_filters_the_pool_and_exports_it_with_formulas_neutralized(
    org, cohort, manager, hr_analyst, client_for
):
    talent_flag(
        actor=manager, participant=_mentee(cohort, "Sales", 3, "=cmd"), readiness="ready_now", note="+1"
    )
    talent_flag(actor=manager, participant=_mentee(cohort, "Tech", 5, "Grace"), readiness="emerging")
    client = client_for(hr_analyst)
    pool = reverse("teams:talent_pool", kwargs={"org_slug": org.slug})
    body = client.get(pool, {"department": "Tech"}).content.decode()
    assert "Grace" in body and "=cmd" not in body
    assert (
        client.get(pool, {"level": "abc", "cohort": "99999999999999999999", "readiness": "x"}).status_code
        == 200
    )
    csv = client.get(
        reverse("teams:talent_pool_csv", kwargs={"org_slug": org.slug}), {"readiness": "ready_now"}
    )
    text = csv.content.decode()
    assert "'=cmd" in text and "'+1" in text and "Grace" not in text


def test_the_talent_pool_api_needs_the_talent_scope(org, cohort, manager, hr_analyst):
    talent_flag(actor=manager, participant=_mentee(cohort, name="Ada"), readiness="ready_now", note="Lead")
    api = APIClient()
    api.force_authenticate(hr_analyst)
    rows = api.get(f"/api/v1/o/{org.slug}/talent-pool/?readiness=ready_now").json()["results"]
    assert [(r["name"], r["note"]) for r in rows] == [("Ada", "Lead")]
    for scopes, status in ((["programs.read"], 403), (["talent.read"], 200)):
        _, raw = api_key_create(organization=org, actor=hr_analyst, name="Workday", scopes=scopes)
        key_api = APIClient()
        key_api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
        assert key_api.get(f"/api/v1/o/{org.slug}/talent-pool/").status_code == status

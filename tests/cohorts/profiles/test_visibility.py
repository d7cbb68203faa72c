"""Who reads a trust profile (docs/privacy.md), on the page and through the API alike:
the person, program managers and admins, and — only once the pair is published — the
partner. Everyone else gets the 404 a missing profile gets."""

import pytest
from django.urls import reverse

from cohorts.models import CohortStatus
from cohorts.profiles.visibility import can_view_profile, partner_ids, register_partner_source
from organizations.models import Membership
from programs.models import ApplicantRole
from tests.cohorts.factories import CohortFactory, ParticipantFactory, TrustProfileFactory, employee_of_user
from tests.factories import MembershipFactory, UserFactory

PURPOSE = "A purpose only the right people read."


@pytest.fixture
def published_partners():
    """A stand-in for the partner source matching registers: ``published_partners.pair(a, b)``
    publishes a pair of two participants. The real source is put back afterwards."""

    class Pairs:
        def __init__(self):
            self.partners: dict[int, set[int]] = {}

        def pair(self, a, b) -> None:
            self.partners.setdefault(a.pk, set()).add(b.pk)
            self.partners.setdefault(b.pk, set()).add(a.pk)

        def __call__(self, participant) -> set[int]:
            return set(self.partners.get(participant.pk, set()))

    pairs = Pairs()
    previous = register_partner_source(pairs)
    yield pairs
    register_partner_source(previous)


@pytest.fixture
def world(org, people, published_partners):
    """A class with the mentee (whose profile it is), the mentor (their partner-to-be) and
    another mentee; managers, HR and the senior leader outside it; the outsider in Globex."""
    cohort = CohortFactory(program__organization=org, status=CohortStatus.ACTIVE, program__status="active")

    def join(user, role=ApplicantRole.MENTEE):
        return ParticipantFactory(
            cohort=cohort, application__employee=employee_of_user(user, org), application__role=role
        )

    owner = join(people.mentee)
    partner = join(people.mentor, ApplicantRole.MENTOR)
    classmate_user = MembershipFactory(organization=org, user=UserFactory(email="classmate@acme.test")).user
    join(classmate_user)
    profile = TrustProfileFactory(participant=owner, purpose_statement=PURPOSE)
    return {
        "cohort": cohort,
        "owner": owner,
        "partner": partner,
        "profile": profile,
        "viewers": {
            "self": people.mentee,
            "manager": people.manager,
            "admin": people.admin,
            "hr_analyst": people.hr_analyst,
            "senior_leader": people.senior_leader,
            "classmate": classmate_user,
            "partner_before_publishing": people.mentor,
            "partner_after_publishing": people.mentor,
            "outsider": people.outsider,
        },
    }


VISIBLE = {
    "self": True,
    "manager": True,
    "admin": True,
    "hr_analyst": False,
    "senior_leader": False,
    "classmate": False,
    "partner_before_publishing": False,
    "partner_after_publishing": True,
    "outsider": False,
}


def _page(world, org):
    return reverse(
        "cohorts:profile",
        kwargs={"org_slug": org.slug, "pk": world["cohort"].pk, "participant_pk": world["owner"].pk},
    )


def _api_detail(world, org):
    return reverse("api-trust-profile-detail", kwargs={"org_slug": org.slug, "pk": world["profile"].pk})


def _api_list(org):
    return reverse("api-trust-profile-list", kwargs={"org_slug": org.slug})


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("viewer", list(VISIBLE))
def test_who_reads_a_trust_profile(viewer, channel, world, org, client_for, published_partners):
    if viewer == "partner_after_publishing":
        published_partners.pair(world["owner"], world["partner"])
    client = client_for(world["viewers"][viewer])
    url = _page(world, org) if channel == "page" else _api_detail(world, org)
    response = client.get(url)
    if VISIBLE[viewer]:
        assert response.status_code == 200, f"{viewer} should read the profile ({channel})"
        assert PURPOSE in response.content.decode()
    else:
        assert response.status_code == 404, f"{viewer} should get 404 ({channel})"
        assert PURPOSE not in response.content.decode()
    if channel == "api" and viewer != "outsider":
        listed = [row["id"] for row in client.get(_api_list(org)).json()["results"]]
        assert (world["profile"].pk in listed) is VISIBLE[viewer], f"{viewer}'s list"


def test_a_missing_profile_and_a_hidden_one_get_the_same_answer(world, org, client_for, people):
    client = client_for(people.hr_analyst)
    hidden = client.get(_page(world, org))
    missing = client.get(
        reverse(
            "cohorts:profile",
            kwargs={"org_slug": org.slug, "pk": world["cohort"].pk, "participant_pk": 999999},
        )
    )
    assert hidden.status_code == missing.status_code == 404
    hidden_api = client.get(_api_detail(world, org))
    missing_api = client.get(reverse("api-trust-profile-detail", kwargs={"org_slug": org.slug, "pk": 999999}))
    assert hidden_api.status_code == missing_api.status_code == 404
    assert hidden_api.json() == missing_api.json()


def test_the_partner_loses_sight_when_the_pair_ends(world, org, client_for, people, published_partners):
    published_partners.pair(world["owner"], world["partner"])
    client = client_for(people.mentor)
    assert client.get(_page(world, org)).status_code == 200
    published_partners.partners.clear()  # a rematch ended the pair
    assert client.get(_page(world, org)).status_code == 404


def test_a_partner_reads_the_profile_even_before_it_is_filled(
    world, org, client_for, people, published_partners
):
    """The page then says it is empty; still nobody else learns that the person exists."""
    published_partners.pair(world["owner"], world["partner"])
    partner_profile_page = reverse(
        "cohorts:profile",
        kwargs={"org_slug": org.slug, "pk": world["cohort"].pk, "participant_pk": world["partner"].pk},
    )
    body = client_for(people.mentee).get(partner_profile_page).content.decode()
    assert "has not filled in their trust profile yet" in body
    assert client_for(people.hr_analyst).get(partner_profile_page).status_code == 404


def test_the_default_partner_source_names_nobody(world):
    previous = register_partner_source(lambda participant: set())
    try:
        assert partner_ids(world["owner"]) == set()
    finally:
        register_partner_source(previous)


@pytest.mark.across_organizations
def test_a_membership_of_another_organization_never_reads_it(world, other_org, people):
    """Even an admin: the profile's organization must be the membership's."""
    foreign_admin = Membership.objects.get(user=people.outsider, organization=other_org)
    assert not can_view_profile(
        profile=world["profile"], viewer_user=people.outsider, viewer_membership=foreign_admin
    )


def test_a_membership_must_be_the_viewers_own(world, org, people):
    managers_membership = Membership.objects.get(user=people.manager, organization=org)
    assert not can_view_profile(
        profile=world["profile"], viewer_user=people.hr_analyst, viewer_membership=managers_membership
    )


def test_anonymous_people_read_nothing(world, org, client):
    from django.contrib.auth.models import AnonymousUser

    assert not can_view_profile(profile=world["profile"], viewer_user=AnonymousUser(), viewer_membership=None)
    assert client.get(_page(world, org)).status_code == 302  # to sign in
    assert client.get(_api_detail(world, org)).status_code in (401, 403)


def test_with_matchings_own_partner_source_only_a_current_published_pair_reads_it(
    org, mentee, mentor, client_for
):
    """The source matching registers at start-up (no stand-in): before the pair is published
    the mentor gets 404, while it is active they read it, once it has ended 404 again."""
    from matching.models import MemberRole, PairStatus
    from tests.matching.factories import published_pair

    cohort = CohortFactory(program__organization=org, status=CohortStatus.ACTIVE, program__status="active")
    owner = ParticipantFactory(cohort=cohort, application__employee=employee_of_user(mentee, org))
    profile = TrustProfileFactory(participant=owner, purpose_statement=PURPOSE)
    page = reverse(
        "cohorts:profile", kwargs={"org_slug": org.slug, "pk": cohort.pk, "participant_pk": owner.pk}
    )
    api = reverse("api-trust-profile-detail", kwargs={"org_slug": org.slug, "pk": profile.pk})
    client = client_for(mentor)
    assert client.get(page).status_code == 404

    pair = published_pair(cohort, mentor_employee=employee_of_user(mentor, org))
    # The factory's mentee is someone new; the owner takes their place in the pair.
    pair.members.filter(role=MemberRole.MENTEE).update(participant=owner)
    assert PURPOSE in client.get(page).content.decode()
    assert client.get(api).json()["purpose_statement"] == PURPOSE

    pair.status = PairStatus.ENDED
    pair.save()
    assert client.get(page).status_code == 404
    assert client.get(api).status_code == 404

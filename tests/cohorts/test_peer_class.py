"""A peer-circle class counts peers (issue 16, item 4): its places, its waiting list and the
cohort page speak of peers, never of mentor places."""

import re

from django.urls import reverse

from cohorts import services
from cohorts.models import Participant
from cohorts.start import cohort_start_plan
from programs.models import ApplicantRole, ApplicationStatus
from tests.cohorts.factories import CohortFactory, applicant

PEER = ApplicantRole.PEER


def circle_cohort(org, limit=3):
    return CohortFactory(
        program__organization=org,
        program__structure="peer_circle",
        program__group_size=3,
        program__mentee_limit=limit,
        program__mentor_limit=0,
        mentee_limit=limit,
        mentor_limit=0,
    )


def test_peers_fill_the_class_and_the_rest_wait_for_a_peer_place(org, manager):
    cohort = circle_cohort(org)
    accepted = [
        applicant(cohort.program, role=PEER, department=d, days_ago=n)
        for n, d in enumerate(["Sales", "Finance", "Legal", "Operations"])
    ]
    proposal = services.selection_propose(cohort=cohort, role=PEER)
    assert proposal.limit == 3 and len(proposal.picks) == 3
    services.selection_apply(
        cohort=cohort, role=PEER, application_ids=proposal.application_ids, actor=manager
    )
    plan = cohort_start_plan(cohort)
    assert [(r.label, r.limit, len(r.placed), len(r.to_waitlist)) for r in plan.roles] == [("Peers", 3, 3, 1)]
    services.cohort_activate(cohort=cohort, actor=manager, close_applications_early=True)
    waiting = next(a for a in accepted if not Participant.objects.filter(application=a).exists())
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.WAITLISTED

    leaver = Participant.objects.filter(cohort=cohort).first()
    services.participant_withdraw(participant=leaver, actor=manager)
    promoted = services.waitlist_promote(cohort=cohort, role=PEER, actor=manager)
    assert promoted.application_id == waiting.pk and promoted.role == PEER


def test_the_class_page_shows_one_section_of_peers_and_no_mentor_places(org, manager, client_for):
    cohort = circle_cohort(org)
    applicant(cohort.program, role=PEER, department="Sales")
    page = client_for(manager).get(reverse("cohorts:detail", kwargs={"org_slug": org.slug, "pk": cohort.pk}))
    text = re.sub(r"<[^>]+>", " ", page.content.decode())
    assert "Peers" in text
    assert not re.search(r"\bmentors?\b", text, flags=re.I)


def test_the_cohorts_and_profiles_pages_list_peers_as_peers(org, manager, client_for):
    cohort = circle_cohort(org)
    services.participant_add(
        cohort=cohort, application=applicant(cohort.program, role=PEER, name="Pia Peer"), actor=manager
    )
    client = client_for(manager)
    listing = client.get(reverse("cohorts:list", kwargs={"org_slug": org.slug})).content.decode()
    assert "1 of 3 peers" in listing and "none: peer circles" in listing
    profiles = client.get(reverse("cohorts:profiles", kwargs={"org_slug": org.slug, "pk": cohort.pk}))
    text = re.sub(r"<[^>]+>", " ", profiles.content.decode())
    assert "Peers" in text and "Pia Peer" in text
    assert not re.search(r"\bmentors?\b|\bmentees?\b", text, flags=re.I)

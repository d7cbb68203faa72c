"""Publishing a run: pairs made all at once or not at all, people told once, profiles opened."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cohorts.models import Participant, ParticipantStatus, TrustProfile
from cohorts.profiles.visibility import can_view_profile
from matching.models import MatchRun, MemberRole, Pair, PairKind, PairMember, RunStatus
from matching.services.publish import match_run_publish
from matching.services.runs import match_run_create
from organizations.models import EmailStatus, Membership, Notification, NotificationPreference
from organizations.notifications.dispatch import dispatch_due
from organizations.notifications.outbox import recipient_key_for
from programs.models import ApplicantRole, Structure
from tests.matching.factories import active_matching_cohort, member, small_class

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def test_publishing_makes_a_pair_for_every_proposal_and_sets_other_drafts_aside(org, manager):
    cohort, mentees, mentors = small_class(org, mentees=3, mentors=3)
    other_draft = match_run_create(cohort=cohort, actor=manager)
    run = match_run_create(cohort=cohort, actor=manager)
    pairs = match_run_publish(run=run, actor=manager)
    assert len(pairs) == 3
    for proposal in run.proposed_pairs.all():
        pair = Pair.objects.get(members__participant=proposal.mentee)
        assert (pair.kind, pair.match_run_id, pair.published_by_id) == (
            PairKind.ONE_TO_ONE,
            run.pk,
            manager.pk,
        )
        assert dict(pair.members.values_list("role", "participant_id")) == {
            MemberRole.MENTEE: proposal.mentee_id,
            MemberRole.MENTOR: proposal.mentor_id,
        }
    run.refresh_from_db()
    other_draft.refresh_from_db()
    assert run.status == RunStatus.PUBLISHED and run.published_at is not None
    assert other_draft.status == RunStatus.SUPERSEDED
    with pytest.raises(ValidationError, match="superseded"):
        match_run_publish(run=other_draft, actor=manager)
    with pytest.raises(ValidationError, match="already published"):
        match_run_publish(run=run, actor=manager)


def test_publishing_is_all_or_nothing(org, manager):
    cohort, _, _ = small_class(org, mentees=3, mentors=3)
    run = match_run_create(cohort=cohort, actor=manager)
    with (
        mock.patch.object(PairMember.objects, "bulk_create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        match_run_publish(run=run, actor=manager)
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT
    assert not Pair.objects.exists() and not PairMember.objects.exists()


def test_a_mentor_is_never_published_past_their_capacity(org, manager):
    cohort, mentees, mentors = small_class(org, mentees=2, mentors=1)
    first = match_run_create(cohort=cohort, actor=manager)
    # A second draft that gives the same mentor the other mentee (as a stale draft could).
    second = match_run_create(cohort=cohort, actor=manager)
    second.proposed_pairs.update(mentee=next(m for m in mentees if not first.proposed_pairs.filter(mentee=m)))
    match_run_publish(run=first, actor=manager)
    MatchRun.objects.filter(pk=second.pk).update(status=RunStatus.DRAFT)
    with pytest.raises(ValidationError, match="takes 1 mentee and already has 1"):
        match_run_publish(run=second, actor=manager)
    assert PairMember.objects.filter(participant=mentors[0], left_at__isnull=True).count() == 1


def test_someone_who_left_the_class_since_the_run_stops_the_publish(org, manager):
    cohort, mentees, _ = small_class(org, mentees=1, mentors=1)
    run = match_run_create(cohort=cohort, actor=manager)
    Participant.objects.filter(pk=mentees[0].pk).update(status=ParticipantStatus.WITHDRAWN)
    with pytest.raises(ValidationError, match="left the class after this run"):
        match_run_publish(run=run, actor=manager)
    assert not Pair.objects.exists()


def test_each_person_is_told_once_in_the_publish_transaction_with_a_link_to_their_matches(
    org, manager, django_capture_on_commit_callbacks
):
    cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
    run = match_run_create(cohort=cohort, actor=manager)
    with django_capture_on_commit_callbacks(execute=False):
        match_run_publish(run=run, actor=manager)
    # Written with the pairs, before anything runs after commit: one per person.
    rows = Notification.objects.filter(kind="pair_published")
    assert sorted(rows.values_list("email", flat=True)) == sorted(
        p.employee.email for p in [*mentees, *mentors]
    )
    assert set(rows.values_list("key", flat=True)) == {
        f"published:{run.pk}:{pk}" for pk in PairMember.objects.values_list("participant_id", flat=True)
    }
    assert not PairMember.objects.filter(notified_at__isnull=True).exists()
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 4
    proposal = run.proposed_pairs.select_related("mentor__employee", "mentee__employee").first()
    to_mentee = next(m for m in mail.outbox if m.to == [proposal.mentee.employee.email])
    assert to_mentee.subject == f"{cohort.program.name}: meet your match"
    assert f"Your mentor: {proposal.mentor.employee.name}" in to_mentee.body
    assert f"/o/{org.slug}/matching/mine/" in to_mentee.body
    assert "private and no-fault" in to_mentee.body
    assert dispatch_due(organization=org).sent == 0  # sent once


def test_a_publish_that_fails_tells_nobody(org, manager):
    cohort, _, _ = small_class(org, mentees=2, mentors=2)
    run = match_run_create(cohort=cohort, actor=manager)
    with (
        mock.patch.object(PairMember.objects, "bulk_create", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        match_run_publish(run=run, actor=manager)
    assert not Notification.objects.exists()


def test_a_later_publish_tells_only_the_newly_paired(org, manager):
    cohort, mentees, mentors = small_class(org, mentees=1, mentors=1)
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    assert Notification.objects.filter(kind="pair_published").count() == 2
    late_mentee = member(cohort, MENTEE, name="Late Mentee")
    late_mentor = member(cohort, MENTOR, level=5, department="Finance", name="Late Mentor")
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    rows = Notification.objects.filter(kind="pair_published")
    assert rows.count() == 4
    assert set(rows.order_by("pk").values_list("email", flat=True)[2:]) == {
        late_mentee.employee.email,
        late_mentor.employee.email,
    }


def test_a_group_mentor_hears_that_their_group_grew(org, manager):
    cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=3)
    first = member(cohort, MENTEE, name="First Mentee")
    mentor = member(cohort, MENTOR, level=5, department="Finance", name="Group Mentor", capacity=3)
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    member(cohort, MENTEE, name="Second Mentee")
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    to_mentor = Notification.objects.filter(email=mentor.employee.email).order_by("pk")
    assert [row.subject.split(": ")[1] for row in to_mentor] == [
        "your group is ready",
        "your group has grown",
    ]
    assert "First Mentee and Second Mentee" in to_mentor[1].body_text
    # The first mentee is not told again; the new one is told about the group.
    assert Notification.objects.filter(email=first.employee.email).count() == 1


def test_people_who_chose_no_email_or_left_the_roster_get_no_email(org, manager, mentee):
    import datetime

    cohort = active_matching_cohort(org)
    member(cohort, MENTEE, user=mentee)
    gone = member(cohort, MENTEE, name="Gone Mentee").employee
    for department in ("Finance", "Sales"):
        member(cohort, MENTOR, level=5, department=department)
    NotificationPreference.objects.create(
        organization=org, recipient_key=recipient_key_for(user=mentee), kind="pair_published", by_email=False
    )
    gone.termination_date = datetime.date(2020, 1, 1)
    gone.save()
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    rows = Notification.objects.filter(kind="pair_published")
    quiet = rows.get(user=mentee)
    assert quiet.email_status == EmailStatus.SKIPPED and quiet.in_app  # in the app only
    assert not rows.filter(email=gone.email).exists()
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == rows.count() - 1
    assert mentee.email not in [m.to[0] for m in mail.outbox]


def test_partners_read_each_others_trust_profiles_only_once_published(org, manager, mentee, mentor):
    cohort = active_matching_cohort(org)
    mentee_row = member(cohort, MENTEE, user=mentee)
    mentor_row = member(cohort, MENTOR, level=5, department="Finance", user=mentor)
    membership = Membership.objects.get(user=mentee, organization=org)
    mentor_profile = TrustProfile.objects.get(participant=mentor_row)
    mentee_profile = TrustProfile.objects.get(participant=mentee_row)
    run = match_run_create(cohort=cohort, actor=manager)
    assert not can_view_profile(profile=mentor_profile, viewer_user=mentee, viewer_membership=membership)
    match_run_publish(run=run, actor=manager)
    assert can_view_profile(profile=mentor_profile, viewer_user=mentee, viewer_membership=membership)
    assert can_view_profile(
        profile=mentee_profile,
        viewer_user=mentor,
        viewer_membership=Membership.objects.get(user=mentor, organization=org),
    )


def test_a_group_program_makes_one_group_per_mentor(org, manager):
    cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=2)
    for n in range(4):
        member(cohort, MENTEE, name=f"Mentee {n}")
    mentors = [member(cohort, MENTOR, level=5, department=d, capacity=2) for d in ("Sales", "Finance")]
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    groups = Pair.objects.filter(cohort=cohort)
    assert groups.count() == 2 and set(groups.values_list("kind", flat=True)) == {PairKind.GROUP}
    for mentor in mentors:
        group = groups.get(members__participant=mentor)
        assert group.members.filter(role=MemberRole.MENTEE).count() == 2


def test_a_peer_circle_program_makes_one_pair_per_circle_with_peers(org, manager):
    cohort = active_matching_cohort(org, structure=Structure.PEER_CIRCLE, group_size=3)
    for department in ("Sales", "Finance", "Legal", "Sales", "Finance", "Legal"):
        member(cohort, MENTEE, department=department)
    match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    circles = Pair.objects.filter(cohort=cohort)
    assert circles.count() == 2 and set(circles.values_list("kind", flat=True)) == {PairKind.PEER_CIRCLE}
    assert set(PairMember.objects.values_list("role", flat=True)) == {MemberRole.PEER}
    assert [c.members.count() for c in circles] == [3, 3]

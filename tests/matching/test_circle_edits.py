"""The manager's hand on peer circles (matching/services/circles.py): keep two people together
or apart, move someone, release a group — and running again keeps those choices."""

import re

import pytest
from django.core.exceptions import ValidationError

from matching.models import CircleChoice, ProposedCircleMember, RunStatus
from matching.services.circles import (
    circle_choice_add,
    circle_choice_remove,
    circle_group_release,
    circle_member_move,
    together_groups,
)
from matching.services.runs import match_run_create, match_run_rerun
from organizations.models import AuditAction, AuditEntry
from programs.models import ApplicantRole
from tests.matching.factories import circle_class, member, small_class


def circles_of(run) -> dict[int, set[int]]:
    """Participant id → the set of participant ids in their circle (themselves included)."""
    by_circle: dict[int, set[int]] = {}
    for circle, pk in run.circle_members.values_list("circle", "participant_id"):
        by_circle.setdefault(circle, set()).add(pk)
    return {pk: members for members in by_circle.values() for pk in members}


def circle_number(run, person) -> int:
    return run.circle_members.get(participant=person).circle


class TestChoices:
    def test_people_kept_together_share_a_circle_in_every_later_run(self, org, manager):
        cohort, peers = circle_class(org, peers=12, size=4)
        first = match_run_create(cohort=cohort, actor=manager)
        a, b = next(
            (x, y) for x in peers for y in peers if circles_of(first)[x.pk] != circles_of(first)[y.pk]
        )
        circle_choice_add(cohort=cohort, first=a, second=b, kind="together", actor=manager)
        again = match_run_rerun(run=first, actor=manager)
        assert b.pk in circles_of(again)[a.pk]

    def test_people_kept_apart_never_share_a_circle(self, org, manager):
        cohort, peers = circle_class(org, peers=12, size=4)
        first = match_run_create(cohort=cohort, actor=manager)
        a = peers[0]
        b = next(p for p in peers if p.pk in circles_of(first)[a.pk] and p != a)
        circle_choice_add(cohort=cohort, first=a, second=b, kind="apart", actor=manager)
        again = match_run_rerun(run=first, actor=manager)
        assert b.pk not in circles_of(again)[a.pk]

    def test_a_new_choice_about_the_same_two_replaces_the_old_one(self, org, manager):
        cohort, peers = circle_class(org)
        circle_choice_add(cohort=cohort, first=peers[1], second=peers[0], kind="apart", actor=manager)
        circle_choice_add(cohort=cohort, first=peers[0], second=peers[1], kind="together", actor=manager)
        (choice,) = CircleChoice.objects.all()
        assert choice.kind == "together" and choice.first_id < choice.second_id

    def test_keeping_apart_two_people_of_a_kept_group_is_refused(self, org, manager):
        cohort, peers = circle_class(org)
        circle_choice_add(cohort=cohort, first=peers[0], second=peers[1], kind="together", actor=manager)
        circle_choice_add(cohort=cohort, first=peers[1], second=peers[2], kind="together", actor=manager)
        with pytest.raises(ValidationError, match="release that group first"):
            circle_choice_add(cohort=cohort, first=peers[0], second=peers[2], kind="apart", actor=manager)

    def test_joining_people_kept_apart_is_refused(self, org, manager):
        cohort, peers = circle_class(org)
        circle_choice_add(cohort=cohort, first=peers[0], second=peers[1], kind="apart", actor=manager)
        circle_choice_add(cohort=cohort, first=peers[1], second=peers[2], kind="together", actor=manager)
        with pytest.raises(ValidationError, match="apart"):
            circle_choice_add(cohort=cohort, first=peers[0], second=peers[2], kind="together", actor=manager)

    def test_a_group_larger_than_a_circle_is_refused(self, org, manager):
        cohort, peers = circle_class(org, peers=12, size=3)
        for other in peers[1:4]:
            circle_choice_add(cohort=cohort, first=peers[0], second=other, kind="together", actor=manager)
        with pytest.raises(ValidationError, match="at most 4"):
            circle_choice_add(cohort=cohort, first=peers[0], second=peers[4], kind="together", actor=manager)
        assert len(together_groups(cohort)[0]) == 4

    def test_people_of_one_reporting_line_cannot_be_kept_together(self, org, manager):
        cohort, peers = circle_class(org)
        report = member(cohort, ApplicantRole.PEER, name="Report", manager=peers[0].employee)
        with pytest.raises(ValidationError, match="one reporting line"):
            circle_choice_add(cohort=cohort, first=peers[0], second=report, kind="together", actor=manager)

    def test_another_cohorts_person_and_a_mentoring_program_are_refused(self, org, manager):
        cohort, peers = circle_class(org)
        _, others = circle_class(org)
        with pytest.raises(ValidationError, match="is not in"):
            circle_choice_add(cohort=cohort, first=peers[0], second=others[0], kind="apart", actor=manager)
        pairs_cohort, mentees, mentors = small_class(org)
        with pytest.raises(ValidationError, match="Only peer-circle programs"):
            circle_choice_add(
                cohort=pairs_cohort, first=mentees[0], second=mentees[1], kind="apart", actor=manager
            )
        assert not CircleChoice.objects.exists()

    def test_removing_and_releasing_are_recorded(self, org, manager):
        cohort, peers = circle_class(org)
        apart = circle_choice_add(cohort=cohort, first=peers[0], second=peers[1], kind="apart", actor=manager)
        circle_choice_add(cohort=cohort, first=peers[2], second=peers[3], kind="together", actor=manager)
        circle_choice_remove(choice=apart, actor=manager)
        assert circle_group_release(cohort=cohort, participant=peers[3], actor=manager) == 1
        assert not CircleChoice.objects.exists()
        changes = [e.changes for e in AuditEntry.objects.filter(action=AuditAction.MATCH_EDIT).order_by("id")]
        assert changes == [
            ["keep apart"],
            ["keep together"],
            ["keep apart removed"],
            ["kept together: released"],
        ]


class TestMoves:
    def test_a_move_changes_the_draft_and_survives_running_again(self, org, manager):
        cohort, peers = circle_class(org, peers=12, size=4)
        run = match_run_create(cohort=cohort, actor=manager)
        person = peers[0]
        target = next(n for n in range(1, 4) if n != circle_number(run, person))
        newcomers = circles_of(run)
        mates = {pk for pk, members in newcomers.items() if circle_number(run, pk) == target}
        circle_member_move(run=run, participant=person, circle=target, actor=manager)
        run.refresh_from_db()
        assert circle_number(run, person) == target and run.edited_at is not None
        assert ProposedCircleMember.objects.get(run=run, participant=person).moved
        again = match_run_rerun(run=run, actor=manager)
        assert circles_of(again)[person.pk] == mates | {person.pk}

    def test_a_move_that_would_leave_one_person_behind_is_refused(self, org, manager):
        cohort, peers = circle_class(org, peers=4, size=2)
        run = match_run_create(cohort=cohort, actor=manager)
        target = 2 if circle_number(run, peers[0]) == 1 else 1
        with pytest.raises(ValidationError, match="left with one person"):
            circle_member_move(run=run, participant=peers[0], circle=target, actor=manager)

    def test_a_move_next_to_someone_kept_apart_is_refused_and_changes_nothing(self, org, manager):
        cohort, peers = circle_class(org, peers=12, size=4)
        run = match_run_create(cohort=cohort, actor=manager)
        person = peers[0]
        target = next(n for n in range(1, 4) if n != circle_number(run, person))
        there = run.circle_members.filter(circle=target).first().participant
        circle_choice_add(cohort=cohort, first=person, second=there, kind="apart", actor=manager)
        with pytest.raises(ValidationError, match="apart"):
            circle_member_move(run=run, participant=person, circle=target, actor=manager)
        assert circle_number(run, person) != target
        assert not CircleChoice.objects.filter(kind="together").exists()

    def test_moving_into_a_circle_that_does_not_exist_or_in_a_published_run_is_refused(self, org, manager):
        from matching.services.publish import match_run_publish

        cohort, peers = circle_class(org, peers=8, size=4)
        run = match_run_create(cohort=cohort, actor=manager)
        with pytest.raises(ValidationError, match="circles 1 to 2"):
            circle_member_move(run=run, participant=peers[0], circle=9, actor=manager)
        match_run_publish(run=run, actor=manager)
        run.refresh_from_db()
        assert run.status == RunStatus.PUBLISHED
        with pytest.raises(ValidationError, match="Only a draft run"):
            circle_member_move(run=run, participant=peers[0], circle=1, actor=manager)


def test_publishing_circles_tells_each_peer_once_that_their_circle_is_ready(
    org, manager, django_capture_on_commit_callbacks
):
    from django.core import mail

    from matching.services.publish import match_run_publish
    from organizations.models import Notification
    from organizations.notifications.dispatch import dispatch_due

    cohort, peers = circle_class(org, peers=8, size=4)
    with django_capture_on_commit_callbacks(execute=False):
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
    assert Notification.objects.filter(kind="pair_published").count() == 8  # one per person, not per pair
    mail.outbox.clear()
    assert dispatch_due(organization=org).sent == 8
    to_peer = next(m for m in mail.outbox if m.to == [peers[0].employee.email])
    assert to_peer.subject == f"{cohort.program.name}: meet your circle"
    assert f"Your circle in {cohort.program.name} is ready." in to_peer.body
    assert "Your peer circle:" in to_peer.body and "the others are not told why" in to_peer.body
    assert not re.search(r"\bmentors?\b|\bmentees?\b|\bpartner\b", to_peer.body, flags=re.I)
    assert dispatch_due(organization=org).sent == 0

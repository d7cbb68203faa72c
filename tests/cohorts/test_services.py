from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from cohorts import services
from cohorts.models import CohortStatus, Participant, ParticipantStatus
from cohorts.selectors import class_members
from programs.models import ApplicantRole, ApplicationStatus, ProgramStatus
from programs.participation import employees_in_active_cohorts
from tests.cohorts.factories import CohortFactory, ParticipantFactory, applicant
from tests.programs.factories import ProgramFactory

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


@pytest.fixture
def cohort(org):
    return CohortFactory(program__organization=org, program__mentee_limit=3, program__mentor_limit=2)


def _selected(cohort, role=MENTEE) -> list[int]:
    return sorted(class_members(cohort=cohort, role=role).values_list("application_id", flat=True))


# cohort_create


def test_a_new_cohort_copies_the_programs_limits_and_is_named_after_its_year(org, manager):
    program = ProgramFactory(organization=org, open_now=True, mentee_limit=12, mentor_limit=9)
    cohort = services.cohort_create(program=program, actor=manager)
    assert (cohort.mentee_limit, cohort.mentor_limit) == (12, 9)
    assert cohort.name == "2026 class"
    assert cohort.organization == org
    assert cohort.status == CohortStatus.SELECTING
    assert cohort.created_by == manager


def test_a_draft_program_cannot_start_a_class(org, manager):
    program = ProgramFactory(organization=org)
    with pytest.raises(ValidationError, match="Open applications first"):
        services.cohort_create(program=program, actor=manager)


def test_a_program_has_one_class(org, manager):
    program = ProgramFactory(organization=org, status=ProgramStatus.SELECTING)
    services.cohort_create(program=program, actor=manager, name="First")
    with pytest.raises(ValidationError, match="already has a class"):
        services.cohort_create(program=program, actor=manager, name="Second")


# selection_propose / selection_apply


def test_the_proposal_draws_only_on_accepted_applicants_of_the_role(cohort):
    program = cohort.program
    accepted = applicant(program, department="Finance")
    for status in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.WAITLISTED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.WITHDRAWN,
        ApplicationStatus.INELIGIBLE,
    ):
        applicant(program, status=status)
    applicant(program, role=MENTOR)
    applicant(ProgramFactory(organization=program.organization, status=ProgramStatus.SELECTING))
    proposal = services.selection_propose(cohort=cohort, role=MENTEE)
    assert proposal.application_ids == [accepted.pk]
    assert [a.pk for a in proposal.pool] == [accepted.pk]


def test_the_proposal_spreads_the_class_where_first_come_would_not(cohort):
    program = cohort.program
    early = [applicant(program, department="Engineering", level=2, days_ago=30 - n) for n in range(4)]
    finance = applicant(program, department="Finance", level=4, days_ago=5)
    legal = applicant(program, department="Legal", level=6, days_ago=1)
    proposal = services.selection_propose(cohort=cohort, role=MENTEE)
    assert proposal.application_ids == [early[0].pk, finance.pk, legal.pk]
    assert proposal.proposal_spread.overall == pytest.approx(1.0)
    assert proposal.first_come_spread.overall == 0.0
    assert proposal.proposal_spread.overall > proposal.pool_spread.overall


def test_the_proposal_fills_open_places_around_the_people_already_chosen(cohort, manager):
    program = cohort.program
    chosen = applicant(program, department="Engineering", days_ago=9)
    services.participant_add(cohort=cohort, application=chosen, actor=manager)
    applicant(program, department="Engineering", days_ago=8)
    sales = applicant(program, department="Sales", days_ago=2)
    legal = applicant(program, department="Legal", days_ago=1)
    proposal = services.selection_propose(cohort=cohort, role=MENTEE)
    assert [a.pk for a in proposal.kept] == [chosen.pk]
    assert proposal.application_ids == [sales.pk, legal.pk]


def test_applying_the_proposal_puts_it_in_the_class(cohort, manager):
    for n in range(5):
        applicant(cohort.program, department=f"Dept {n}", days_ago=n)
    proposal = services.selection_propose(cohort=cohort, role=MENTEE)
    added = services.selection_apply(
        cohort=cohort, role=MENTEE, application_ids=proposal.application_ids, actor=manager
    )
    assert len(added) == 3
    assert _selected(cohort) == sorted(proposal.application_ids)
    assert all(p.added_by == manager and p.organization == cohort.organization for p in added)


def test_applying_more_people_than_places_changes_nothing(cohort, manager):
    applications = [applicant(cohort.program, days_ago=n) for n in range(4)]
    with pytest.raises(ValidationError, match="4 mentees in a class of 3"):
        services.selection_apply(
            cohort=cohort, role=MENTEE, application_ids=[a.pk for a in applications], actor=manager
        )
    assert _selected(cohort) == []


def test_a_stale_proposal_cannot_overfill_a_class_that_changed_meanwhile(cohort, manager):
    applications = [applicant(cohort.program, department=f"D{n}", days_ago=n) for n in range(5)]
    proposal = services.selection_propose(cohort=cohort, role=MENTEE)
    others = [a for a in applications if a.pk not in proposal.application_ids]
    for application in others:
        services.participant_add(cohort=cohort, application=application, actor=manager)
    with pytest.raises(ValidationError, match="the class changed"):
        services.selection_apply(
            cohort=cohort, role=MENTEE, application_ids=proposal.application_ids, actor=manager
        )
    assert len(_selected(cohort)) == 2


def test_replacing_the_class_sends_the_others_back_to_the_pool(cohort, manager):
    old = applicant(cohort.program, days_ago=9)
    new = [applicant(cohort.program, department=f"D{n}", days_ago=n) for n in range(3)]
    services.participant_add(cohort=cohort, application=old, actor=manager)
    services.selection_apply(
        cohort=cohort, role=MENTEE, application_ids=[a.pk for a in new], actor=manager, replace=True
    )
    assert _selected(cohort) == sorted(a.pk for a in new)


def test_only_accepted_applicants_of_the_role_can_be_applied(cohort, manager):
    waitlisted = applicant(cohort.program, status=ApplicationStatus.WAITLISTED)
    mentor = applicant(cohort.program, role=MENTOR)
    with pytest.raises(ValidationError, match="Only accepted applicants"):
        services.selection_apply(cohort=cohort, role=MENTEE, application_ids=[waitlisted.pk], actor=manager)
    with pytest.raises(ValidationError, match="applied as a mentor"):
        services.selection_apply(cohort=cohort, role=MENTEE, application_ids=[mentor.pk], actor=manager)


def test_another_programs_applicants_are_not_part_of_this_class(cohort, manager):
    elsewhere = applicant(ProgramFactory(organization=cohort.organization, status=ProgramStatus.SELECTING))
    with pytest.raises(ValidationError, match="not applicants to this program"):
        services.selection_apply(cohort=cohort, role=MENTEE, application_ids=[elsewhere.pk], actor=manager)


# participant_add / participant_remove


def test_adding_beyond_the_limit_is_refused_with_a_message(org, manager):
    cohort = CohortFactory(program__organization=org, program__mentee_limit=12)
    for n in range(12):
        services.participant_add(
            cohort=cohort, application=applicant(cohort.program, days_ago=n), actor=manager
        )
    extra = applicant(cohort.program)
    with pytest.raises(ValidationError) as refused:
        services.participant_add(cohort=cohort, application=extra, actor=manager)
    assert refused.value.messages == ["The class is full (12 of 12 mentees). Remove someone first."]
    assert len(_selected(cohort)) == 12


def test_mentors_have_their_own_limit(cohort, manager):
    for n in range(3):
        services.participant_add(
            cohort=cohort, application=applicant(cohort.program, days_ago=n), actor=manager
        )
    for _ in range(2):
        services.participant_add(
            cohort=cohort, application=applicant(cohort.program, role=MENTOR), actor=manager
        )
    with pytest.raises(ValidationError, match=r"\(2 of 2 mentors\)"):
        services.participant_add(
            cohort=cohort, application=applicant(cohort.program, role=MENTOR), actor=manager
        )


def test_someone_already_in_the_class_is_not_added_twice(cohort, manager):
    application = applicant(cohort.program)
    services.participant_add(cohort=cohort, application=application, actor=manager)
    with pytest.raises(ValidationError, match="already in the class"):
        services.participant_add(cohort=cohort, application=application, actor=manager)


def test_removing_someone_while_selecting_returns_them_to_the_pool(cohort, manager):
    participant = ParticipantFactory(cohort=cohort)
    services.participant_remove(participant=participant, actor=manager)
    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert services.selection_propose(cohort=cohort, role=MENTEE).application_ids == [
        participant.application_id
    ]


def test_an_active_cohort_records_withdrawals_instead_of_removals(cohort, manager):
    participant = ParticipantFactory(cohort=cohort)
    cohort.status = CohortStatus.ACTIVE
    cohort.save()
    with pytest.raises(ValidationError, match="mark the person as withdrawn"):
        services.participant_remove(participant=participant, actor=manager)


# participant_withdraw / waitlist_promote


def test_a_withdrawal_frees_the_place_and_withdraws_the_application(cohort, manager):
    participant = ParticipantFactory(cohort=cohort)
    services.participant_withdraw(participant=participant, actor=manager)
    participant.refresh_from_db()
    participant.application.refresh_from_db()
    assert participant.status == ParticipantStatus.WITHDRAWN
    assert participant.withdrawn_by == manager and participant.withdrawn_at is not None
    assert participant.application.status == ApplicationStatus.WITHDRAWN
    assert _selected(cohort) == []
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.participant_withdraw(participant=participant, actor=manager)


def test_promoting_takes_the_earliest_waitlisted_accepts_them_and_emails_them(
    cohort, manager, django_capture_on_commit_callbacks
):
    applicant(cohort.program, status=ApplicationStatus.WAITLISTED, days_ago=1)
    earliest = applicant(cohort.program, status=ApplicationStatus.WAITLISTED, days_ago=5)
    earliest.employee.email = "waiting@acme.test"
    earliest.employee.save()
    with django_capture_on_commit_callbacks(execute=True):
        participant = services.waitlist_promote(cohort=cohort, role=MENTEE, actor=manager)
    earliest.refresh_from_db()
    assert participant.application == earliest
    assert earliest.status == ApplicationStatus.ACCEPTED and earliest.decided_by == manager
    assert _selected(cohort) == [earliest.pk]
    # One message, the promotion, not also the plain acceptance.
    assert [m.to for m in mail.outbox] == [["waiting@acme.test"]]
    assert mail.outbox[0].subject.endswith(": a place opened for you")


def test_a_withdrawn_place_goes_to_the_waitlist_in_one_step(cohort, manager):
    members = [ParticipantFactory(cohort=cohort) for _ in range(3)]
    waiting = applicant(cohort.program, status=ApplicationStatus.WAITLISTED)
    with pytest.raises(ValidationError, match=r"The class is full \(3 of 3 mentees\)"):
        services.waitlist_promote(cohort=cohort, role=MENTEE, actor=manager)
    services.participant_withdraw(participant=members[0], actor=manager)
    services.waitlist_promote(cohort=cohort, role=MENTEE, actor=manager)
    assert waiting.pk in _selected(cohort)
    assert len(_selected(cohort)) == 3


def test_promoting_with_nobody_waiting_says_so(cohort, manager):
    with pytest.raises(ValidationError, match="Nobody is on the waitlist for mentors"):
        services.waitlist_promote(cohort=cohort, role=MENTOR, actor=manager)


# cohort_activate and active participation


def test_activating_starts_the_cohort_and_the_program(cohort, manager):
    ParticipantFactory(cohort=cohort)
    services.cohort_activate(cohort=cohort, actor=manager)
    cohort.refresh_from_db()
    cohort.program.refresh_from_db()
    assert cohort.status == CohortStatus.ACTIVE and cohort.activated_at is not None
    assert cohort.program.status == ProgramStatus.ACTIVE


def test_activating_closes_applications_that_are_still_open(org, manager):
    cohort = CohortFactory(program=ProgramFactory(organization=org, open_now=True))
    ParticipantFactory(cohort=cohort)
    services.cohort_activate(cohort=cohort, actor=manager, close_applications_early=True)
    cohort.program.refresh_from_db()
    assert cohort.program.status == ProgramStatus.ACTIVE


def test_a_cohort_without_mentees_cannot_start(cohort, manager):
    ParticipantFactory(cohort=cohort, application__role=MENTOR)
    with pytest.raises(ValidationError, match="at least one mentee"):
        services.cohort_activate(cohort=cohort, actor=manager)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.SELECTING


def test_a_cohort_starts_once(cohort, manager):
    ParticipantFactory(cohort=cohort)
    services.cohort_activate(cohort=cohort, actor=manager)
    with pytest.raises(ValidationError, match="The cohort is active"):
        services.cohort_activate(cohort=cohort, actor=manager)


def test_eligibility_sees_who_is_selected_in_an_active_cohort(cohort, other_org, manager):
    selected = ParticipantFactory(cohort=cohort)
    left = ParticipantFactory(cohort=cohort)
    services.cohort_activate(cohort=cohort, actor=manager)
    services.participant_withdraw(participant=left, actor=manager)
    choosing = ParticipantFactory(cohort__program__organization=cohort.organization)
    ids = [selected.employee_id, left.employee_id, choosing.employee_id]
    assert employees_in_active_cohorts(cohort.organization, ids) == {selected.employee_id}
    assert employees_in_active_cohorts(other_org, ids) == set()


# cohort_complete


def test_completing_closes_the_cohort_and_its_program(cohort, manager):
    member = ParticipantFactory(cohort=cohort)
    services.cohort_activate(cohort=cohort, actor=manager)
    services.cohort_complete(cohort=cohort, actor=manager)
    cohort.refresh_from_db()
    cohort.program.refresh_from_db()
    assert cohort.status == CohortStatus.COMPLETED
    assert cohort.program.status == ProgramStatus.COMPLETED
    assert employees_in_active_cohorts(cohort.organization, [member.employee_id]) == set()


def test_only_an_active_cohort_can_complete(cohort, manager):
    with pytest.raises(ValidationError, match="The cohort is selecting"):
        services.cohort_complete(cohort=cohort, actor=manager)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.SELECTING


def test_someone_a_later_step_relies_on_is_not_removed_silently(cohort, manager, monkeypatch):
    """Matching protects the participants its pairs use; removal then explains instead of crashing."""
    from django.db.models import ProtectedError, QuerySet

    participant = ParticipantFactory(cohort=cohort, application__employee__name="Ida Paired")

    @dataclass(frozen=True)
    class Pair:
        participant_id: int

    def protected(queryset):
        raise ProtectedError("protected", {Pair(participant_id=participant.pk)})

    monkeypatch.setattr(QuerySet, "delete", protected)
    with pytest.raises(ValidationError, match="Ida Paired already take part in later steps"):
        services.participant_remove(participant=participant, actor=manager)
    assert Participant.objects.filter(pk=participant.pk, status=ParticipantStatus.SELECTED).exists()


def test_starting_the_cohort_waitlists_accepted_people_without_a_place_and_tells_everyone(
    cohort, manager, django_capture_on_commit_callbacks
):
    in_class = ParticipantFactory(cohort=cohort)
    left_out = applicant(cohort.program, department="Sales", status=ApplicationStatus.ACCEPTED)
    declined = applicant(cohort.program, department="Finance", status=ApplicationStatus.DECLINED)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.cohort_activate(cohort=cohort, actor=manager)

    left_out.refresh_from_db()
    in_class.application.refresh_from_db()
    declined.refresh_from_db()
    assert left_out.status == ApplicationStatus.WAITLISTED
    assert in_class.application.status == ApplicationStatus.ACCEPTED
    assert declined.status == ApplicationStatus.DECLINED
    told = {m.to[0]: m for m in mail.outbox}
    assert set(told) == {left_out.employee.email, in_class.employee.email}
    assert "waiting list" in told[left_out.employee.email].body
    assert told[in_class.employee.email].subject.endswith(": you have a place in the class")

"""Match runs through the services: what is stored, and the hard rules that always hold."""

import contextlib
import math

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cohorts.models import CohortStatus
from matching.inputs import same_reporting_line
from matching.models import (
    ForbiddenPair,
    MatchMode,
    MatchRun,
    MenteeRanking,
    PinnedPair,
    ProposedPair,
    RunScope,
    RunStatus,
    Unmatched,
)
from matching.scoring import COMPONENTS
from matching.selectors import run_comparison
from matching.services.edits import (
    pair_forbid,
    pair_pin,
    pair_unforbid,
    pair_unpin,
    proposal_swap,
    proposal_swap_preview,
)
from matching.services.publish import match_run_publish
from matching.services.runs import match_run_create, match_run_rerun
from organizations.models import Employee
from programs.models import ApplicantRole, Structure
from tests.cohorts.factories import ParticipantFactory
from tests.factories import EmployeeFactory, OrganizationFactory
from tests.matching.factories import (
    MatchSettingsFactory,
    active_matching_cohort,
    member,
    published_pair,
    small_class,
)

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def _pairs(run: MatchRun) -> dict[int, int]:
    return dict(run.proposed_pairs.values_list("mentee_id", "mentor_id"))


class TestARun:
    def test_it_stores_every_pair_with_a_breakdown_that_adds_up_to_the_score(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=3, mentors=3)
        run = match_run_create(cohort=cohort, actor=manager)
        assert run.status == RunStatus.DRAFT and run.number == 1 and run.scope == RunScope.WHOLE_CLASS
        proposals = list(run.proposed_pairs.all())
        assert len(proposals) == 3 == run.matched_count
        for proposal in proposals:
            assert set(proposal.contributions) == set(COMPONENTS)
            assert math.isclose(sum(proposal.contributions.values()), proposal.score, abs_tol=1e-9)
            assert proposal.why.endswith(".")
        assert math.isclose(run.total_score, sum(p.score for p in proposals))
        assert run.worst_score == min(p.score for p in proposals)

    def test_it_is_optimal_not_first_come(self, org, manager):
        """Ava comes first and fits both mentors; Ben fits only Xavier. Giving Ava her favourite
        (first come, first served) would leave Ben with nothing he wants to learn."""
        cohort = active_matching_cohort(org)
        ava = member(cohort, MENTEE, name="Ava", profile={"learning_wishes": ["Negotiation", "Writing"]})
        ben = member(cohort, MENTEE, name="Ben", profile={"learning_wishes": ["Negotiation"]})
        xavier = member(
            cohort, MENTOR, level=5, name="Xavier", profile={"strengths": ["Negotiation", "Writing"]}
        )
        yara = member(cohort, MENTOR, level=5, name="Yara", profile={"strengths": ["Writing"]})
        run = match_run_create(cohort=cohort, actor=manager)
        assert _pairs(run) == {ava.pk: yara.pk, ben.pk: xavier.pk}

    def test_the_settings_it_ran_with_are_kept(self, org, manager):
        cohort, _, _ = small_class(org, mentees=1, mentors=1)
        MatchSettingsFactory(program=cohort.program, weights={"learning_fit": 5.0}, min_level_gap=2)
        run = match_run_create(cohort=cohort, actor=manager)
        assert run.settings_snapshot["weights"]["learning_fit"] == 5.0
        assert run.settings_snapshot["min_level_gap"] == 2
        assert run.settings_snapshot["weights"]["mentee_rank"] == 0.0  # manager-matched: no ranks

    def test_a_mentor_never_gets_more_mentees_than_their_capacity(self, org, manager):
        cohort = active_matching_cohort(org)
        for n in range(5):
            member(cohort, MENTEE, name=f"Mentee {n}")
        busy = member(cohort, MENTOR, level=5, capacity=2, department="Finance")
        single = member(cohort, MENTOR, level=5, capacity=1, department="Sales")
        run = match_run_create(cohort=cohort, actor=manager)
        mentors = list(_pairs(run).values())
        assert mentors.count(busy.pk) == 2 and mentors.count(single.pk) == 1
        left = list(run.unmatched.values_list("reason", "detail"))
        assert len(left) == 2
        assert {reason for reason, _ in left} == {"no_capacity"}
        assert all("full" in detail for _, detail in left)

    def test_a_reporting_line_conflict_is_never_proposed_and_the_reason_is_given(self, org, manager):
        cohort = active_matching_cohort(org)
        mentor = member(cohort, MENTOR, level=7, name="The boss")
        middle = EmployeeFactory(organization=org, level=5, manager=mentor.employee)
        mentee = member(cohort, MENTEE, level=2, manager=middle)
        run = match_run_create(cohort=cohort, actor=manager)
        assert _pairs(run) == {}
        left = run.unmatched.get()
        assert (left.participant_id, left.reason) == (mentee.pk, "reporting_line")
        assert left.detail.startswith("Only conflicting mentors")

    def test_a_cohort_still_being_chosen_is_refused_and_nothing_is_stored(self, org, manager):
        cohort, _, _ = small_class(org)
        cohort.status = CohortStatus.SELECTING
        cohort.save()
        with pytest.raises(ValidationError, match="Start"):
            match_run_create(cohort=cohort, actor=manager)
        assert not MatchRun.objects.exists()

    def test_a_class_with_nobody_left_to_match_is_refused(self, org, manager):
        cohort, _, _ = small_class(org, mentees=1, mentors=1)
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
        with pytest.raises(ValidationError, match="Everyone in the class is paired already"):
            match_run_create(cohort=cohort, actor=manager)
        assert MatchRun.objects.count() == 1

    def test_a_class_without_mentors_leaves_everyone_out_with_the_reason(self, org, manager):
        cohort = active_matching_cohort(org)
        member(cohort, MENTEE)
        run = match_run_create(cohort=cohort, actor=manager)
        assert run.unmatched.get().detail == "The class has no mentors yet"

    def test_people_paired_in_an_earlier_cohort_are_not_paired_again_unless_allowed(self, org, manager):
        earlier = published_pair(active_matching_cohort(org))
        cohort = active_matching_cohort(org)
        people = {}
        for role in (MENTOR, MENTEE):
            employee = earlier.members.get(role=role).participant.employee
            Employee.objects.filter(pk=employee.pk).update(level=6 if role == MENTOR else 2, department=role)
            people[role] = ParticipantFactory(
                cohort=cohort, application__role=role, application__employee=employee
            )
        run = match_run_create(cohort=cohort, actor=manager)
        assert run.unmatched.get().reason == "previously_paired"
        MatchSettingsFactory(program=cohort.program, allow_previous_pairs=True)
        again = match_run_create(cohort=cohort, actor=manager)
        assert _pairs(again) == {people[MENTEE].pk: people[MENTOR].pk}

    def test_a_hard_level_gap_leaves_out_a_mentee_with_no_mentor_senior_enough(self, org, manager):
        cohort = active_matching_cohort(org)
        member(cohort, MENTEE, level=4)
        member(cohort, MENTOR, level=5)
        MatchSettingsFactory(program=cohort.program, min_level_gap=2, level_gap_is_hard=True)
        run = match_run_create(cohort=cohort, actor=manager)
        assert run.unmatched.get().reason == "level_gap"


class TestPinsAndForbids:
    def test_a_pinned_pair_is_kept_in_every_later_run(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
        first = match_run_create(cohort=cohort, actor=manager)
        # Pin the pair the optimum did not choose for mentee 1.
        other = next(m for m in mentors if m.pk != _pairs(first)[mentees[0].pk])
        pair_pin(cohort=cohort, mentee=mentees[0], mentor=other, actor=manager)
        second = match_run_rerun(run=first, actor=manager)
        assert second.parent_id == first.pk and second.number == 2
        assert _pairs(second)[mentees[0].pk] == other.pk
        assert ProposedPair.objects.get(run=second, mentee=mentees[0]).pinned
        third = match_run_create(cohort=cohort, actor=manager)
        assert _pairs(third)[mentees[0].pk] == other.pk

    def test_pinning_marks_the_pair_in_draft_runs_and_unpinning_unmarks_it(self, org, manager):
        cohort, mentees, _ = small_class(org, mentees=1, mentors=1)
        run = match_run_create(cohort=cohort, actor=manager)
        proposal = run.proposed_pairs.get()
        pin = pair_pin(cohort=cohort, mentee=proposal.mentee, mentor=proposal.mentor, actor=manager)
        proposal.refresh_from_db()
        assert proposal.pinned
        pair_unpin(pin=pin, actor=manager)
        proposal.refresh_from_db()
        assert not proposal.pinned and not PinnedPair.objects.exists()

    def test_pinning_a_mentee_again_moves_their_pin(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=1, mentors=2)
        pair_pin(cohort=cohort, mentee=mentees[0], mentor=mentors[0], actor=manager)
        pair_pin(cohort=cohort, mentee=mentees[0], mentor=mentors[1], actor=manager)
        assert list(PinnedPair.objects.values_list("mentor_id", flat=True)) == [mentors[1].pk]

    def test_a_pin_in_one_reporting_line_is_refused(self, org, manager):
        cohort = active_matching_cohort(org)
        mentor = member(cohort, MENTOR, level=6, name="Rita Boss")
        mentee = member(cohort, MENTEE, manager=mentor.employee)
        with pytest.raises(ValidationError, match="one reporting line"):
            pair_pin(cohort=cohort, mentee=mentee, mentor=mentor, actor=manager)
        assert not PinnedPair.objects.exists()

    def test_a_pin_beyond_the_mentors_capacity_is_refused(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=2, mentors=1)
        pair_pin(cohort=cohort, mentee=mentees[0], mentor=mentors[0], actor=manager)
        with pytest.raises(ValidationError, match="every place is already pinned"):
            pair_pin(cohort=cohort, mentee=mentees[1], mentor=mentors[0], actor=manager)

    def test_pinning_a_forbidden_pair_and_forbidding_a_pinned_one_are_refused(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
        pair_forbid(cohort=cohort, mentee=mentees[0], mentor=mentors[0], actor=manager)
        with pytest.raises(ValidationError, match="never to be paired"):
            pair_pin(cohort=cohort, mentee=mentees[0], mentor=mentors[0], actor=manager)
        pair_pin(cohort=cohort, mentee=mentees[1], mentor=mentors[1], actor=manager)
        with pytest.raises(ValidationError, match="Unpin the pair"):
            pair_forbid(cohort=cohort, mentee=mentees[1], mentor=mentors[1], actor=manager)

    def test_a_forbidden_pair_is_never_proposed_until_allowed_again(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=1, mentors=2)
        best = _pairs(match_run_create(cohort=cohort, actor=manager))[mentees[0].pk]
        forbid = pair_forbid(
            cohort=cohort, mentee=mentees[0], mentor=mentors[0 if best == mentors[0].pk else 1], actor=manager
        )
        assert _pairs(match_run_create(cohort=cohort, actor=manager))[mentees[0].pk] != best
        pair_unforbid(forbid=forbid, actor=manager)
        assert _pairs(match_run_create(cohort=cohort, actor=manager))[mentees[0].pk] == best

    def test_forbidding_twice_keeps_one_rule(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=1, mentors=1)
        for _ in range(2):
            pair_forbid(cohort=cohort, mentee=mentees[0], mentor=mentors[0], actor=manager)
        assert ForbiddenPair.objects.count() == 1

    def test_people_of_another_cohort_cannot_be_pinned(self, org, manager):
        cohort, mentees, _ = small_class(org, mentees=1, mentors=1)
        _, _, strangers = small_class(org, mentees=1, mentors=1)
        with pytest.raises(ValidationError, match="is not a mentor of"):
            pair_pin(cohort=cohort, mentee=mentees[0], mentor=strangers[0], actor=manager)

    def test_a_pin_whose_mentor_is_now_full_waits_and_is_named(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=2, mentors=1)
        pair_pin(cohort=cohort, mentee=mentees[1], mentor=mentors[0], actor=manager)
        published = match_run_create(cohort=cohort, actor=manager)
        match_run_publish(run=published, actor=manager)
        member(cohort, MENTEE, name="Newcomer")
        member(cohort, MENTOR, level=5, name="Spare mentor")
        PinnedPair.objects.update(mentee=mentees[0])  # as if pinned after the first publish
        run = match_run_create(cohort=cohort, actor=manager)
        assert "no place left" in " ".join(run.settings_snapshot["skipped_pins"])


class TestSwaps:
    def _run(self, org, manager):
        cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
        run = match_run_create(cohort=cohort, actor=manager)
        first, second = run.proposed_pairs.order_by("mentee_id")
        return run, first, second

    def test_the_preview_shows_each_new_score_part_by_part_and_the_runs_totals(self, org, manager):
        run, first, second = self._run(org, manager)
        preview = proposal_swap_preview(run=run, first=first, second=second)
        assert preview.first.new_mentor.pk == second.mentor_id
        assert math.isclose(preview.first.before.score, first.score)
        for side in preview.sides:
            assert math.isclose(sum(side.after.contributions.values()), side.after.score, abs_tol=1e-9)
        assert math.isclose(preview.total_before, run.total_score)
        # The optimum was already chosen: a swap can only lower the total.
        assert preview.delta <= 1e-9
        assert ProposedPair.objects.get(pk=first.pk).mentor_id == first.mentor_id  # nothing saved

    def test_applying_a_swap_changes_the_draft_and_its_totals(self, org, manager):
        run, first, second = self._run(org, manager)
        preview = proposal_swap(run=run, first=first, second=second, actor=manager)
        first.refresh_from_db()
        run.refresh_from_db()
        assert first.mentor_id == preview.first.new_mentor.pk and first.swapped
        assert math.isclose(first.score, preview.first.after.score)
        assert math.isclose(run.total_score, preview.total_after) and run.edited_at is not None

    def test_a_swap_that_breaks_a_hard_rule_is_refused(self, org, manager):
        run, first, second = self._run(org, manager)
        pair_forbid(cohort=run.cohort, mentee=first.mentee, mentor=second.mentor, actor=manager)
        preview = proposal_swap_preview(run=run, first=first, second=second)
        names = f"{first.mentee.employee.name} and {second.mentor.employee.name}"
        assert preview.problems == [f"You marked {names} as never to be paired."]
        with pytest.raises(ValidationError, match="never to be paired"):
            proposal_swap(run=run, first=first, second=second, actor=manager)
        first.refresh_from_db()
        assert not first.swapped

    def test_pinned_pairs_and_published_runs_are_not_swapped(self, org, manager):
        run, first, second = self._run(org, manager)
        pair_pin(cohort=run.cohort, mentee=first.mentee, mentor=first.mentor, actor=manager)
        first.refresh_from_db()
        with pytest.raises(ValidationError, match="pinned"):
            proposal_swap_preview(run=run, first=first, second=second)
        pair_unpin(pin=PinnedPair.objects.get(), actor=manager)
        first.refresh_from_db()
        match_run_publish(run=run, actor=manager)
        with pytest.raises(ValidationError, match="Only a draft"):
            proposal_swap(run=run, first=first, second=second, actor=manager)


class TestSwapsSurviveRunningAgain:
    """A swap by hand pins the two pairs it makes: "Run again" keeps them, and unpinning one is
    how the manager lets the next run choose again."""

    def _class(self, org, manager, size: int = 2):
        # Mentee n wishes for what mentor n is strong in: the optimum pairs n with n, strictly.
        cohort = active_matching_cohort(org)
        topics = ["Negotiation", "Writing", "Pricing"][:size]
        mentees = [
            member(cohort, MENTEE, name=f"Mentee {t}", profile={"learning_wishes": [t]}) for t in topics
        ]
        mentors = [
            member(
                cohort, MENTOR, level=5, department="Sales", name=f"Mentor {t}", profile={"strengths": [t]}
            )
            for t in topics
        ]
        run = match_run_create(cohort=cohort, actor=manager)
        assert _pairs(run) == {mentee.pk: mentor.pk for mentee, mentor in zip(mentees, mentors, strict=True)}
        return cohort, mentees, mentors, run

    def _swap(self, run, mentee_a, mentee_b, actor):
        first = run.proposed_pairs.get(mentee=mentee_a)
        second = run.proposed_pairs.get(mentee=mentee_b)
        return proposal_swap(run=run, first=first, second=second, actor=actor)

    def test_a_swap_pins_the_two_pairs_it_makes_and_running_again_keeps_them(self, org, manager):
        cohort, (a, b), (mentor_a, mentor_b), run = self._class(org, manager)
        self._swap(run, a, b, manager)
        assert set(PinnedPair.objects.values_list("mentee_id", "mentor_id")) == {
            (a.pk, mentor_b.pk),
            (b.pk, mentor_a.pk),
        }
        assert all(run.proposed_pairs.values_list("pinned", flat=True))
        again = match_run_rerun(run=run, actor=manager)
        assert _pairs(again) == {a.pk: mentor_b.pk, b.pk: mentor_a.pk}
        assert all(again.proposed_pairs.values_list("pinned", flat=True))
        # Every later run keeps them too, not only the re-run of the swapped one.
        assert _pairs(match_run_create(cohort=cohort, actor=manager)) == _pairs(again)

    def test_unpinning_a_swapped_pair_lets_the_next_run_choose_again(self, org, manager):
        cohort, (a, b, c), (mentor_a, mentor_b, mentor_c), run = self._class(org, manager, size=3)
        self._swap(run, a, b, manager)
        self._swap(run, b, c, manager)  # now a → mentor_b, b → mentor_c, c → mentor_a, all pinned
        for mentee in (a, c):
            pair_unpin(pin=PinnedPair.objects.get(mentee=mentee), actor=manager)
        proposal = run.proposed_pairs.get(mentee=a)
        assert not proposal.pinned and proposal.swapped  # still the hand's pair in this draft
        again = match_run_rerun(run=run, actor=manager)
        # b keeps the pair the hand made; a and c are free again, and a gets the mentor for them.
        assert _pairs(again) == {a.pk: mentor_a.pk, b.pk: mentor_c.pk, c.pk: mentor_b.pk}
        assert [p.mentee_id for p in again.proposed_pairs.filter(pinned=True)] == [b.pk]

    def test_a_pair_pinned_by_a_swap_can_be_swapped_again_and_its_pins_move(self, org, manager):
        cohort, (a, b, c), (mentor_a, mentor_b, mentor_c), run = self._class(org, manager, size=3)
        self._swap(run, a, b, manager)
        self._swap(run, a, c, manager)  # a (pinned to mentor_b by the first swap) swaps with c
        assert _pairs(run) == {a.pk: mentor_c.pk, b.pk: mentor_a.pk, c.pk: mentor_b.pk}
        assert set(PinnedPair.objects.values_list("mentee_id", "mentor_id")) == set(_pairs(run).items())
        assert _pairs(match_run_rerun(run=run, actor=manager)) == _pairs(run)

    def test_a_pair_pinned_with_the_pin_button_is_still_not_swapped(self, org, manager):
        cohort, (a, b), (mentor_a, _), run = self._class(org, manager)
        pair_pin(cohort=cohort, mentee=a, mentor=mentor_a, actor=manager)
        with pytest.raises(ValidationError, match="Unpin it before swapping"):
            self._swap(run, a, b, manager)
        assert list(PinnedPair.objects.values_list("mentee_id", flat=True)) == [a.pk]


def test_comparing_two_runs_lists_the_changed_pairs_and_the_deltas(org, manager):
    cohort = active_matching_cohort(org)
    moved = member(cohort, MENTEE, profile={"learning_wishes": ["Negotiation"]})
    stays = member(cohort, MENTEE, profile={"learning_wishes": ["Writing"]})
    negotiator = member(cohort, MENTOR, level=5, department="Sales", profile={"strengths": ["Negotiation"]})
    writer = member(cohort, MENTOR, level=5, department="Sales", profile={"strengths": ["Writing"]})
    member(cohort, MENTOR, level=5, department="Sales", profile={"strengths": ["Coaching"]})
    first = match_run_create(cohort=cohort, actor=manager)
    assert _pairs(first) == {moved.pk: negotiator.pk, stays.pk: writer.pk}
    pair_forbid(cohort=cohort, mentee=moved, mentor=negotiator, actor=manager)
    second = match_run_rerun(run=first, actor=manager)
    comparison = run_comparison(first, second)
    assert [c.mentee.pk for c in comparison.changed] == [moved.pk]
    assert comparison.unchanged == 1 and not comparison.added and not comparison.removed
    assert math.isclose(comparison.total_delta, second.total_score - first.total_score)
    assert comparison.changed[0].delta == pytest.approx(
        comparison.changed[0].after.score - comparison.changed[0].before.score
    )


def test_hybrid_ranks_add_to_the_score_and_unranked_mentees_are_matched_on_score(org, manager):
    cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
    MatchSettingsFactory(
        program=cohort.program, mode=MatchMode.HYBRID, weights={"mentee_rank": 10.0}, shortlist_size=2
    )
    plain = _pairs(match_run_create(cohort=cohort, actor=manager))
    # Mentee 1 ranks first the mentor the scores did not give them.
    wanted = next(m for m in mentors if m.pk != plain[mentees[0].pk])
    MenteeRanking.objects.create(organization=org, mentee=mentees[0], mentor=wanted, rank=1)
    run = match_run_create(cohort=cohort, actor=manager)
    assert _pairs(run)[mentees[0].pk] == wanted.pk
    ranked = run.proposed_pairs.get(mentee=mentees[0])
    assert ranked.contributions["mentee_rank"] == 10.0 and "the mentee ranked this mentor #1" in ranked.why
    assert run.proposed_pairs.get(mentee=mentees[1]).contributions["mentee_rank"] == 0.0


def test_peer_circles_mix_departments_and_levels(org, manager):
    cohort = active_matching_cohort(org, structure=Structure.PEER_CIRCLE, group_size=3)
    for n, department in enumerate(["Sales", "Sales", "Finance", "Finance", "Legal", "Legal"]):
        member(cohort, MENTEE, department=department, level=2 + n % 2)
    run = match_run_create(cohort=cohort, actor=manager)
    circles: dict[int, set[str]] = {}
    for circle, department in run.circle_members.values_list("circle", "participant__employee__department"):
        circles.setdefault(circle, set()).add(department)
    assert len(circles) == 2 and all(len(departments) == 3 for departments in circles.values())
    assert run.matched_count == 6 and run.worst_score == 5.0  # 3 departments + 2 levels


# --- The hard rules hold whatever the class: random classes through the services ------------

people = st.tuples(st.sampled_from(["Sales", "Finance", "Legal"]), st.integers(1, 7))


class TestHardRulesThroughTheServices(TestCase):
    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        mentees=st.lists(people, min_size=1, max_size=5),
        mentors=st.lists(st.tuples(people, st.integers(1, 3)), min_size=1, max_size=4),
        reports=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3)), max_size=3),
        pins=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3)), max_size=2),
        forbids=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3)), max_size=3),
    )
    def test_capacities_pins_forbids_and_reporting_lines_always_hold(
        self, mentees, mentors, reports, pins, forbids
    ):
        from django_scopes import scopes_disabled

        with scopes_disabled():
            organization = OrganizationFactory()
            cohort = active_matching_cohort(organization)
            mentor_rows = [
                member(cohort, MENTOR, department=d, level=level, capacity=capacity)
                for (d, level), capacity in mentors
            ]
            mentee_rows = []
            bosses = {e % len(mentees): m % len(mentor_rows) for e, m in reports}
            for n, (department, level) in enumerate(mentees):
                boss = mentor_rows[bosses[n]].employee if n in bosses else None
                mentee_rows.append(member(cohort, MENTEE, department=department, level=level, manager=boss))
            for e, m in forbids:
                mentee, mentor = mentee_rows[e % len(mentee_rows)], mentor_rows[m % len(mentor_rows)]
                if not PinnedPair.objects.filter(mentee=mentee, mentor=mentor).exists():
                    pair_forbid(cohort=cohort, mentee=mentee, mentor=mentor, actor=None)
            for e, m in pins:
                mentee, mentor = mentee_rows[e % len(mentee_rows)], mentor_rows[m % len(mentor_rows)]
                with contextlib.suppress(ValidationError):  # refused pins are tested on their own
                    pair_pin(cohort=cohort, mentee=mentee, mentor=mentor, actor=None)
            run = match_run_create(cohort=cohort, actor=None)
            manager_of = dict(
                Employee.objects.filter(organization=organization).values_list("id", "manager_id")
            )
            capacity = {m.pk: c for m, ((_, _), c) in zip(mentor_rows, mentors, strict=True)}
            taken: dict[int, int] = {}
            forbidden = set(ForbiddenPair.objects.values_list("mentee_id", "mentor_id"))
            proposals = list(run.proposed_pairs.select_related("mentee", "mentor"))
            for proposal in proposals:
                taken[proposal.mentor_id] = taken.get(proposal.mentor_id, 0) + 1
                assert (proposal.mentee_id, proposal.mentor_id) not in forbidden
                assert not same_reporting_line(
                    manager_of, proposal.mentee.employee_id, proposal.mentor.employee_id
                )
                assert math.isclose(sum(proposal.contributions.values()), proposal.score, abs_tol=1e-9)
            assert all(taken[pk] <= capacity[pk] for pk in taken)
            for pin in PinnedPair.objects.all():
                assert ProposedPair.objects.get(run=run, mentee=pin.mentee_id).mentor_id == pin.mentor_id
            assert len(proposals) + Unmatched.objects.filter(run=run).count() == len(mentee_rows)


def test_peer_circles_keep_apart_people_who_shared_a_pair_before_unless_allowed(org, manager):
    # Last year A (Finance, level 3) and B (Sales, level 2) shared a pair. Without that history
    # the most varied circles could as well reunite them: {A, B} and {Finance 2, Sales 2}.
    earlier = published_pair(active_matching_cohort(org))
    a, b = (m.participant.employee for m in earlier.members.order_by("role"))
    cohort = active_matching_cohort(org, structure=Structure.PEER_CIRCLE, group_size=2)
    old = []
    for employee, department, level in ((a, "Finance", 3), (b, "Sales", 2)):
        Employee.objects.filter(pk=employee.pk).update(department=department, level=level)
        old.append(
            ParticipantFactory(cohort=cohort, application__role=MENTEE, application__employee=employee).pk
        )
    for department in ("Finance", "Sales"):
        member(cohort, MENTEE, department=department, level=2)

    def reunited(run) -> bool:
        circles: dict[int, set[int]] = {}
        for circle, participant_id in run.circle_members.values_list("circle", "participant_id"):
            circles.setdefault(circle, set()).add(participant_id)
        return any(set(old) <= members for members in circles.values())

    assert not reunited(match_run_create(cohort=cohort, actor=manager))
    MatchSettingsFactory(program=cohort.program, allow_previous_pairs=True)
    assert reunited(match_run_create(cohort=cohort, actor=manager))

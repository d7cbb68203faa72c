"""A run as its page reads it: breakdowns without the components every pair shares, bars on
one scale, and the mentors a run leaves without a mentee."""

import pytest

from cohorts.models import ParticipantStatus
from matching.rows import people_items, places_items
from matching.selectors import component_bars, mentors_without_mentee, run_page, same_for_every_pair
from matching.services.publish import match_run_publish
from matching.services.rematch import rematch_request_create, rematch_resolve
from matching.services.runs import match_run_create
from programs.models import ApplicantRole
from tests.matching.factories import active_matching_cohort, member, small_class

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


class TestTheBreakdown:
    def test_components_equal_for_every_pair_are_left_out_and_named(self, org, manager):
        # Everyone is in Amsterdam and no pair is in one reporting line: location and reporting
        # line add the same to every pair; the mentors' strengths differ.
        run = match_run_create(cohort=small_class(org, mentees=3, mentors=3)[0], actor=manager)
        page = run_page(run)
        same = {component.name: component.value for component in page.same_for_every_pair}
        assert same["reporting_line"] == pytest.approx(0.5)
        assert same["location"] == pytest.approx(0.5)
        for row in page.rows:
            names = [bar.name for bar in row.bars]
            assert "reporting_line" not in names and "location" not in names
            assert "learning_fit" in names

    def test_a_component_that_differs_between_two_pairs_stays(self):
        weights = {"location": 0.5, "values": 1.0}
        same = same_for_every_pair(
            [{"location": 0.5, "values": 1.0}, {"location": 0.4, "values": 1.0}], weights
        )
        assert [component.name for component in same] == ["values"]

    def test_a_single_pair_keeps_every_component(self):
        assert same_for_every_pair([{"location": 0.5}], {"location": 0.5}) == []

    def test_every_bar_of_a_run_is_drawn_on_the_largest_weight_shown(self, org, manager):
        cohort = active_matching_cohort(org)
        for n in range(2):
            member(cohort, MENTEE, name=f"Mentee {n}")
        member(cohort, MENTOR, level=5, department="Sales", profile={"strengths": ["Negotiation"]})
        member(cohort, MENTOR, level=5, department="Sales", location="Lisbon")
        page = run_page(match_run_create(cohort=cohort, actor=manager))
        largest = max(bar.weight for row in page.rows for bar in row.bars)
        for row in page.rows:
            for bar in row.bars:
                assert bar.scale == largest
                assert bar.track_percent == pytest.approx(round(100 * bar.weight / largest, 1))
        # Learning fit (weight 2) is drawn four times as long as location (weight 0.5).
        bars = {bar.name: bar for bar in page.rows[0].bars}
        assert set(bars) == {"learning_fit", "location"}
        assert bars["learning_fit"].track_percent == 100.0
        assert bars["location"].track_percent == 25.0

    def test_the_fill_is_the_pairs_share_of_the_components_weight(self):
        (bar,) = component_bars({"learning_fit": 1.0}, {"learning_fit": 2.0, "values": 0.0})
        assert bar.track_percent == 100.0 and bar.fill_percent == 50.0
        bars = component_bars({"learning_fit": 1.0, "values": 0.5}, {"learning_fit": 2.0, "values": 1.0})
        assert [(b.track_percent, b.fill_percent) for b in bars] == [(100.0, 50.0), (50.0, 50.0)]


class TestMentorsWithoutAMentee:
    def test_a_draft_lists_the_selected_mentors_it_gives_no_mentee(self, org, manager):
        cohort, _, mentors = small_class(org, mentees=1, mentors=3)
        gone = member(cohort, MENTOR, level=5, department="Sales", name="Gone mentor")
        gone.status = ParticipantStatus.WITHDRAWN
        gone.save(update_fields=["status"])
        run = match_run_create(cohort=cohort, actor=manager)
        chosen = run.proposed_pairs.get().mentor_id
        idle = mentors_without_mentee(run)
        assert {m.pk for m in idle} == {m.pk for m in mentors if m.pk != chosen}
        assert [m.employee.name for m in idle] == sorted(m.employee.name for m in idle)
        page = run_page(run)
        assert page.mentors_without_mentee == idle
        # They are listed apart, not again among the mentors with places left.
        assert not {entry.mentor.pk for entry in page.mentors_with_places} & {m.pk for m in idle}

    def test_the_published_run_lists_them_too(self, org, manager):
        cohort, _, mentors = small_class(org, mentees=1, mentors=2)
        run = match_run_create(cohort=cohort, actor=manager)
        match_run_publish(run=run, actor=manager)
        run.refresh_from_db()
        chosen = run.proposed_pairs.get().mentor_id
        assert [m.pk for m in mentors_without_mentee(run)] == [m.pk for m in mentors if m.pk != chosen]

    def test_a_mentor_with_a_published_mentee_is_not_listed_by_a_later_run(self, org, manager):
        cohort = active_matching_cohort(org)
        first_mentee = member(cohort, MENTEE)
        busy = member(cohort, MENTOR, level=5, department="Sales", name="Busy mentor", capacity=2)
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
        member(cohort, MENTEE, name="Newcomer", manager=busy.employee)  # cannot go to busy
        spare = member(cohort, MENTOR, level=5, department="Legal", name="Spare mentor")
        later = match_run_create(cohort=cohort, actor=manager)
        assert later.proposed_pairs.get().mentor_id == spare.pk
        assert mentors_without_mentee(later) == []
        assert first_mentee.pk not in {p.mentee_id for p in later.proposed_pairs.all()}

    def test_a_mentor_whose_pair_ended_has_no_mentee_now(self, org, manager, mentee):
        cohort = active_matching_cohort(org)
        me = member(cohort, MENTEE, user=mentee)
        mentor = member(cohort, MENTOR, level=5, department="Sales")
        run = match_run_create(cohort=cohort, actor=manager)
        (pair,) = match_run_publish(run=run, actor=manager)
        assert mentors_without_mentee(run) == []
        request = rematch_request_create(pair=pair, participant=me, actor=mentee)
        rematch_resolve(request=request, actor=manager, end_pair=True)
        run.refresh_from_db()
        assert [m.pk for m in mentors_without_mentee(run)] == [mentor.pk]

    def test_peer_circles_have_no_mentors_to_list(self, org, manager):
        cohort = active_matching_cohort(org, structure="peer_circle")
        for n in range(4):
            member(cohort, MENTEE, name=f"Peer {n}", department=["Sales", "Legal"][n % 2])
        assert mentors_without_mentee(match_run_create(cohort=cohort, actor=manager)) == []

    def test_the_listed_mentors_are_drawn_from_what_the_page_read(
        self, org, manager, django_assert_num_queries
    ):
        # The page reads only the roster fields it draws: drawing both lists queries nothing.
        cohort = active_matching_cohort(org)
        roomy = member(cohort, MENTOR, level=5, department="Sales", name="Roomy mentor", capacity=2)
        boss = member(cohort, MENTOR, level=6, department="Legal", name="Boss mentor")
        member(cohort, MENTEE, name="Report", manager=boss.employee)  # cannot go to their manager
        page = run_page(match_run_create(cohort=cohort, actor=manager))
        assert [m.pk for m in page.mentors_without_mentee] == [boss.pk]
        assert [(e.mentor.pk, e.taken, e.places) for e in page.mentors_with_places] == [(roomy.pk, 1, 2)]
        with django_assert_num_queries(0):
            idle = people_items(page.mentors_without_mentee)
            spare = places_items(page.mentors_with_places)
        assert idle == (
            '<li><span class="who"><strong>Boss mentor</strong><small>Legal · level 6</small></span></li>'
        )
        assert spare == (
            '<li><span class="who"><strong>Roomy mentor</strong><small>Sales · level 5</small></span>'
            " — 1 of 2 places free</li>"
        )

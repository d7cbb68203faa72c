"""The run page for hybrid and group programs: the rank outcome next to the total, groups with
their mix and score, pages instead of every pair at once, left-out reasons that name the
mentor; the ranking status page and its reminder; the shortlist closing after publishing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st

from matching.models import MatchMode, MenteeRanking, ProposedPair
from matching.selectors.runs import PAGE_SIZE
from matching.services.edits import proposal_swap
from matching.services.publish import match_run_publish
from matching.services.ranking import ranking_reminders_send, ranking_status, shortlist_for
from matching.services.runs import match_run_create
from organizations.models import Notification
from organizations.notifications.dispatch import dispatch_due
from programs.models import ApplicantRole, Structure
from tests.factories import EmployeeFactory
from tests.matching.factories import MatchSettingsFactory, active_matching_cohort, member, small_class
from tests.matching.test_views import url

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def rank(mentee, *mentors):
    for n, mentor in enumerate(mentors, start=1):
        MenteeRanking.objects.create(organization=mentee.organization, mentee=mentee, mentor=mentor, rank=n)


def hybrid_class(org, **settings):
    """Four mentees in Engineering; three of them rank the mentors in Sales, Finance, Legal."""
    cohort, mentees, mentors = small_class(org, mentees=4, mentors=3)
    MatchSettingsFactory(program=cohort.program, mode=MatchMode.HYBRID, shortlist_size=3, **settings)
    rank(mentees[0], mentors[0], mentors[1])
    rank(mentees[1], mentors[1], mentors[0])
    rank(mentees[2], mentors[2])
    return cohort, mentees, mentors


class TestTheRankOutcome:
    def test_a_hybrid_run_shows_how_many_got_each_choice_next_to_the_total(self, org, manager, client_for):
        cohort, mentees, mentors = hybrid_class(org)
        run = match_run_create(cohort=cohort, actor=manager)
        assert run.settings_snapshot["rank_outcome"] == {
            "ranked": 3,
            "by_rank": [3, 0],
            "other_mentor": 0,
            "left_out": 0,
            "not_ranked": 1,
        }
        page = client_for(manager).get(url("run", org, pk=run.pk)).content.decode()
        assert "First choices" in page and "of 3 who ranked" in page
        assert "Of the 3 mentees who ranked, 3 got their #1" in page
        assert "1 did not rank and was matched on the fit alone" in page
        assert "First choices were honoured" in page
        assert page.count("Their #1") == 3
        cohort_page = client_for(manager).get(url("cohort", org, pk=cohort.pk)).content.decode()
        assert '<th scope="col">First choices</th>' in cohort_page and "3 of 3" in cohort_page

    def test_a_swap_by_hand_updates_the_outcome(self, org, manager):
        cohort, mentees, mentors = hybrid_class(org)
        run = match_run_create(cohort=cohort, actor=manager)
        first = run.proposed_pairs.get(mentee=mentees[0])
        second = run.proposed_pairs.get(mentee=mentees[1])
        proposal_swap(run=run, first=first, second=second, actor=manager)
        run.refresh_from_db()
        assert run.settings_snapshot["rank_outcome"]["by_rank"] == [1, 2]

    def test_without_honouring_the_page_says_ranks_only_add_to_the_score(self, org, manager, client_for):
        cohort, _, _ = hybrid_class(org, honour_first_choices=False)
        run = match_run_create(cohort=cohort, actor=manager)
        assert run.settings_snapshot["honour_first_choices"] is False
        page = client_for(manager).get(url("run", org, pk=run.pk)).content.decode()
        assert "Ranks only added to the score in this run" in page

    def test_the_comparison_shows_both_outcomes_and_the_settings_that_changed(self, org, manager, client_for):
        cohort, _, _ = hybrid_class(org, honour_first_choices=False)
        first = match_run_create(cohort=cohort, actor=manager)
        settings = cohort.program.match_settings
        settings.honour_first_choices = True
        settings.weights = {**settings.weights, "learning_fit": 3.0}
        settings.save()
        second = match_run_create(cohort=cohort, actor=manager)
        page = (
            client_for(manager).get(url("compare", org, pk=second.pk) + f"?with={first.pk}").content.decode()
        )
        assert "Settings changed between these runs" in page
        assert "Honour first choices off → on" in page and "Learning fit weight 2 → 3" in page
        assert "First choices" in page and "of 3 who ranked" in page

    def test_runs_with_the_same_settings_say_so(self, org, manager, client_for):
        cohort, _, _ = hybrid_class(org)
        first = match_run_create(cohort=cohort, actor=manager)
        second = match_run_create(cohort=cohort, actor=manager)
        page = (
            client_for(manager).get(url("compare", org, pk=second.pk) + f"?with={first.pk}").content.decode()
        )
        assert "Both runs were made with the same settings." in page


class TestGroups:
    def group_class(self, org):
        cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=3)
        one = member(cohort, MENTOR, level=5, department="Finance", name="Ola One", capacity=1)
        three = member(cohort, MENTOR, level=5, department="Sales", name="Tia Three", capacity=3)
        for n, department in enumerate(["Legal", "Legal", "People", "Legal", "People", "Legal"]):
            member(cohort, MENTEE, department=department, level=1 + n % 2, name=f"Mentee {n}")
        return cohort, one, three

    def test_a_mentor_who_can_take_one_gets_one_and_the_rest_are_told_which_barrier(self, org, manager):
        cohort, one, three = self.group_class(org)
        run = match_run_create(cohort=cohort, actor=manager)
        loads = {m: run.proposed_pairs.filter(mentor=m).count() for m in (one, three)}
        assert loads == {one: 1, three: 3}
        left_out = list(run.unmatched.all())
        assert len(left_out) == 2
        for row in left_out:
            assert row.reason == "no_capacity"
            assert "Ola One" in row.detail and "Tia Three" in row.detail

    def test_the_run_page_shows_each_group_with_its_mix_score_and_the_places_warning(
        self, org, manager, client_for
    ):
        cohort, one, three = self.group_class(org)
        run = match_run_create(cohort=cohort, actor=manager)
        page = client_for(manager).get(url("run", org, pk=run.pk)).content.decode()
        assert "Proposed groups (2)" in page and "Tia Three's group" in page
        assert "3</strong> of 3 places" in page and "Group score" in page
        assert "Departments: " in page and "Levels: " in page
        assert "6 mentees, 4 places" in page and "at least 2 mentees are left out" in page
        cohort_page = client_for(manager).get(url("cohort", org, pk=cohort.pk)).content.decode()
        assert "6 mentees wait for a mentor, and the mentors have 4 places left" in cohort_page

    def test_publishing_counts_groups_and_people_and_tells_each_person_once(self, org, manager, client_for):
        cohort, one, three = self.group_class(org)
        run = match_run_create(cohort=cohort, actor=manager)
        client = client_for(manager)
        assert "Publish 2 groups (6 people)" in client.get(url("publish", org, pk=run.pk)).content.decode()
        page = client.post(url("publish", org, pk=run.pk), follow=True).content.decode()
        assert "Published: 2 groups (6 people)" in page
        assert Notification.objects.filter(kind="pair_published").count() == 6
        mail.outbox.clear()
        dispatch_due(organization=org)
        to_three = [m for m in mail.outbox if m.to == [three.employee.email]]
        assert len(to_three) == 1 and to_three[0].subject.endswith("your group is ready")
        assert "Your group:" in to_three[0].body

    def test_a_one_to_one_mentor_with_three_mentees_gets_one_email(self, org, manager):
        cohort = active_matching_cohort(org)
        mentor = member(cohort, MENTOR, level=5, department="Sales", capacity=3)
        for n in range(3):
            member(cohort, MENTEE, name=f"Mentee {n}")
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
        to_mentor = Notification.objects.filter(email=mentor.employee.email)
        assert to_mentor.count() == 1
        assert "Mentee 0, Mentee 1 and Mentee 2" in to_mentor.get().body_text


class TestPages:
    def test_a_large_run_is_drawn_one_page_at_a_time_in_a_fixed_number_of_queries(
        self, org, manager, client_for
    ):
        client = client_for(manager)
        counts = []
        for size in (3, PAGE_SIZE + 10):
            run = match_run_create(cohort=small_class(org, mentees=size, mentors=size)[0], actor=manager)
            with CaptureQueriesContext(connection) as captured:
                page = client.get(url("run", org, pk=run.pk)).content.decode()
            counts.append(len(captured))
        assert counts[0] == counts[1] <= 12
        assert f"Proposed pairs ({PAGE_SIZE + 10})" in page and "Page 1 of 2" in page
        assert page.count('class="breakdown') == PAGE_SIZE
        second = client.get(url("run", org, pk=run.pk) + "?page=2").content.decode()
        assert second.count('class="breakdown') == 10
        weakest = run.proposed_pairs.order_by("score", "-id").first()
        assert f'id="pair-{weakest.pk}"' in second and f'id="pair-{weakest.pk}"' not in page

    def test_an_htmx_pin_on_a_later_page_returns_its_row(self, org, manager, client_for):
        run = match_run_create(
            cohort=small_class(org, mentees=PAGE_SIZE + 2, mentors=PAGE_SIZE + 2)[0], actor=manager
        )
        last = run.proposed_pairs.order_by("score", "-id").first()
        response = client_for(manager).post(
            url("pin", org, pk=run.pk, proposal_pk=last.pk), HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 200 and f'id="pair-{last.pk}"' in response.content.decode()

    def test_a_page_number_out_of_range_shows_the_last_page(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=3, mentors=3)[0], actor=manager)
        for odd in ("99", "abc", "-1", "9" * 30):
            assert client_for(manager).get(url("run", org, pk=run.pk) + f"?page={odd}").status_code == 200

    def test_a_left_out_mentee_is_told_the_mentor_in_their_reporting_line(self, org, manager):
        cohort = active_matching_cohort(org)
        boss = EmployeeFactory(organization=org, level=9)
        lead = member(cohort, MENTOR, level=6, manager=boss, name="Lena Lead")
        member(cohort, MENTEE, level=2, manager=lead.employee, name="Dev Report")
        run = match_run_create(cohort=cohort, actor=manager)
        left = run.unmatched.get()
        assert left.reason == "reporting_line" and "in their reporting line: Lena Lead" in left.detail


class TestRankingStatus:
    def test_the_manager_sees_who_has_not_ranked_and_reminds_them_once_a_day(self, org, manager, client_for):
        cohort, mentees, _ = hybrid_class(org, ranking_deadline=timezone.now() + datetime.timedelta(days=3))
        client = client_for(manager)
        page = client.get(url("ranking", org, pk=cohort.pk)).content.decode()
        assert "Not ranked yet (1)" in page and "Ranked (3)" in page and "Mentee 4" in page
        assert "Remind the 1 who has not ranked" in page
        response = client.post(url("ranking", org, pk=cohort.pk), follow=True)
        assert "Reminder sent to 1 mentee." in response.content.decode()
        reminder = Notification.objects.get(kind="rank_shortlist")
        assert reminder.email == mentees[3].employee.email and "Please rank by" in reminder.body_text
        assert ranking_reminders_send(cohort=cohort, actor=manager) == 0  # once a day
        cohort_page = client.get(url("cohort", org, pk=cohort.pk)).content.decode()
        assert "has not, and remind them" in cohort_page

    def test_without_a_deadline_no_deadline_is_shown(self, org, manager, mentee, client_for):
        cohort, mentees, mentors = hybrid_class(org)
        me = member(cohort, MENTEE, user=mentee)
        ranking_reminders_send(cohort=cohort, actor=manager)
        body = Notification.objects.get(kind="rank_shortlist", email=mentee.email).body_text
        assert "deadline" not in body and "until the program team publishes the pairs" in body
        page = client_for(manager).get(url("ranking", org, pk=cohort.pk)).content.decode()
        assert "no deadline: ranking stays open until you publish" in page
        offered = shortlist_for(participant=me).options[0].mentor
        response = client_for(mentee).post(
            url("shortlist", org, pk=cohort.pk), {f"rank_{offered.pk}": "1"}, follow=True
        )
        assert "You can change it until your program team publishes the pairs." in response.content.decode()

    def test_reminders_stop_once_the_matches_are_published(self, org, manager):
        cohort, _, _ = hybrid_class(org)
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
        assert ranking_status(cohort=cohort).closed
        with pytest.raises(ValidationError, match="published"):
            ranking_reminders_send(cohort=cohort, actor=manager)

    def test_another_organizations_cohort_is_a_404(self, org, other_org, manager, outsider, client_for):
        cohort, _, _ = hybrid_class(org)
        response = client_for(outsider).get(f"/o/{other_org.slug}/matching/cohorts/{cohort.pk}/ranking/")
        assert response.status_code == 404


class TestAfterPublishing:
    def test_the_shortlist_closes_and_my_matches_stops_asking_to_rank(self, org, manager, mentee, client_for):
        cohort, _, mentors = small_class(org, mentees=2, mentors=1)
        MatchSettingsFactory(program=cohort.program, mode=MatchMode.HYBRID, shortlist_size=2)
        me = member(cohort, MENTEE, user=mentee, department="Engineering")
        client = client_for(mentee)
        assert "See your shortlist" in client.get(url("mine", org)).content.decode()
        run = match_run_create(cohort=cohort, actor=manager)
        match_run_publish(run=run, actor=manager)
        left_out = not ProposedPair.objects.filter(run=run, mentee=me).exists()
        mine = client.get(url("mine", org)).content.decode()
        assert "See your shortlist" not in mine
        if left_out:
            assert "there was no place for you in this round" in mine
            assert "When your program team publishes the pairs" not in mine
        shortlist = client.get(url("shortlist", org, pk=cohort.pk)).content.decode()
        assert "ranking is closed" in shortlist or "You have a mentor already" in shortlist


@pytest.mark.django_db
@hyp_settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    group_size=st.integers(1, 4),
    capacities=st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=1, max_size=4),
    mentees=st.integers(1, 10),
)
def test_a_group_run_never_gives_a_mentor_more_than_group_size_or_stated_capacity(
    org, manager, group_size, capacities, mentees
):
    with transaction.atomic():
        cohort = active_matching_cohort(org, structure=Structure.GROUP, group_size=group_size)
        mentors = [
            member(
                cohort,
                MENTOR,
                level=5,
                department="Sales",
                **({"profile": False} if c is None else {"capacity": c}),
            )
            for c in capacities
        ]
        for n in range(mentees):
            member(cohort, MENTEE, department="Legal", level=1 + n % 3)
        run = match_run_create(cohort=cohort, actor=manager)
        places = sum(min(group_size, c or group_size) for c in capacities)
        for mentor, stated in zip(mentors, capacities, strict=True):
            assert run.proposed_pairs.filter(mentor=mentor).count() <= min(group_size, stated or group_size)
        assert run.matched_count == min(mentees, places)
        assert run.unmatched_count == mentees - run.matched_count
        assert all(row.reason == "no_capacity" for row in run.unmatched.all())
        transaction.set_rollback(True)


def test_the_run_keeps_the_components_every_pair_shares_and_refreshes_them_after_a_swap(org, manager):
    """The run page leaves out the bars every pair shares without reading every breakdown: the
    run stores them when saved and again after a hand swap, equal to reading them all."""
    from matching.selectors.runs import SAME_KEY, run_page, same_for_every_pair

    cohort, _mentees, _mentors = small_class(org, mentees=4, mentors=4)
    run = match_run_create(cohort=cohort, actor=manager)

    def read_all(run):
        weights = run.settings_snapshot["weights"]
        contributions = list(ProposedPair.objects.filter(run=run).values_list("contributions", flat=True))
        return [[c.name, c.value] for c in same_for_every_pair(contributions, weights)]

    assert run.settings_snapshot[SAME_KEY] == read_all(run)
    first, second = ProposedPair.objects.filter(run=run).order_by("pk")[:2]
    proposal_swap(run=run, first=first, second=second, actor=manager)
    run.refresh_from_db()
    assert run.settings_snapshot[SAME_KEY] == read_all(run)
    shown = {component.name for component in run_page(run).same_for_every_pair}
    assert shown == {name for name, _ in read_all(run)}

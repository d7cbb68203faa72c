"""Matching pages: what managers and participants see and do, and what stays private."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from matching.models import (
    ForbiddenPair,
    MatchMode,
    MatchRun,
    MatchSettings,
    MenteeRanking,
    Pair,
    PairStatus,
    PinnedPair,
    ProposedPair,
    RematchRequest,
    RunStatus,
)
from matching.services.edits import pair_forbid, pair_pin, proposal_swap
from matching.services.publish import match_run_publish
from matching.services.rematch import rematch_request_create
from matching.services.runs import match_run_create
from programs.models import ApplicantRole
from tests.matching.factories import MatchSettingsFactory, active_matching_cohort, member, small_class

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR
HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, org, **kwargs) -> str:
    return reverse(f"matching:{name}", kwargs={"org_slug": org.slug, **kwargs})


class TestRunningMatching:
    def test_a_manager_runs_matching_and_lands_on_the_run(self, org, manager, client_for):
        cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
        response = client_for(manager).post(url("run_create", org, pk=cohort.pk))
        run = MatchRun.objects.get()
        assert response.status_code == 302 and response["Location"] == url("run", org, pk=run.pk)
        page = client_for(manager).get(response["Location"]).content.decode()
        for person in (*mentees, *mentors):
            assert person.employee.name in page
        assert "<svg" in page and "How the scores spread" in page
        assert "Learning fit" in page
        assert escape(run.proposed_pairs.first().why) in page

    def test_a_refused_run_says_why_on_the_cohort_page(self, org, manager, client_for):
        cohort = active_matching_cohort(org)
        response = client_for(manager).post(url("run_create", org, pk=cohort.pk), follow=True)
        assert "The class has no mentees yet" in response.content.decode()
        assert not MatchRun.objects.exists()

    def test_the_cohort_page_explains_the_steps_before_the_first_run(self, org, manager, client_for):
        cohort, _, _ = small_class(org)
        page = client_for(manager).get(url("cohort", org, pk=cohort.pk)).content.decode()
        assert "Run matching" in page and "Check the weights" in page and "No runs yet" in page

    def test_left_out_people_are_listed_with_the_reason(self, org, manager, client_for):
        cohort, _, _ = small_class(org, mentees=3, mentors=1)
        run = match_run_create(cohort=cohort, actor=manager)
        page = client_for(manager).get(url("run", org, pk=run.pk)).content.decode()
        assert "Left out (2)" in page and "No mentor capacity left" in page

    def test_the_run_page_reads_a_fixed_number_of_queries(self, org, manager, client_for):
        small = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
        large = match_run_create(cohort=small_class(org, mentees=12, mentors=12)[0], actor=manager)
        client = client_for(manager)
        counts = []
        for run in (small, large):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url("run", org, pk=run.pk)).status_code == 200
            counts.append(len(captured))
        assert counts[0] == counts[1] <= 12

    def test_pins_never_pairs_swaps_and_idle_mentors_add_no_query_per_pair(self, org, manager, client_for):
        client = client_for(manager)
        counts = []
        for size in (3, 12):
            cohort, mentees, mentors = small_class(org, mentees=size, mentors=size + 2)
            run = match_run_create(cohort=cohort, actor=manager)
            proposals = list(run.proposed_pairs.order_by("id"))
            proposal_swap(run=run, first=proposals[0], second=proposals[1], actor=manager)
            pair_pin(cohort=cohort, mentee=proposals[2].mentee, mentor=proposals[2].mentor, actor=manager)
            for proposal in proposals[3:]:
                pair_forbid(cohort=cohort, mentee=proposal.mentee, mentor=proposal.mentor, actor=manager)
            with CaptureQueriesContext(connection) as captured:
                page = client.get(url("run", org, pk=run.pk)).content.decode()
            counts.append(len(captured))
            assert "Mentors without a mentee (2)" in page
        assert counts[0] == counts[1] <= 12


class TestTheBreakdown:
    def test_components_every_pair_shares_are_named_once_not_drawn(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=3, mentors=3)[0], actor=manager)
        page = client_for(manager).get(url("run", org, pk=run.pk)).content.decode()
        assert "Not drawn in the breakdowns, because every pair gets the same:" in page
        assert "Reporting line 0.5" in page and "of the best possible" in page
        assert '<dt title="Reporting line">' not in page
        assert '<dt title="Learning fit">' in page
        assert 'class="track" style="width: 100.0%"' in page  # learning fit, the largest weight

    def test_the_htmx_row_is_drawn_like_the_page(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
        proposal = run.proposed_pairs.first()
        html = client_for(manager).post(url("pin", org, pk=run.pk, proposal_pk=proposal.pk), **HTMX)
        assert '<dt title="Reporting line">' not in html.content.decode()


class TestHandEdits:
    def test_pin_and_never_pair_ask_first_naming_the_pair(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=1, mentors=1)[0], actor=manager)
        proposal = run.proposed_pairs.select_related("mentee__employee", "mentor__employee").get()
        mentee, mentor = proposal.mentee.employee.name, proposal.mentor.employee.name
        page = client_for(manager).get(url("run", org, pk=run.pk)).content.decode()
        assert (
            f'data-confirm="Pin {escape(mentee)} to {escape(mentor)}? Every later run keeps this pair' in page
        )
        assert f'data-confirm="Never pair {escape(mentee)} with {escape(mentor)}?' in page

    def test_a_pin_is_undone_in_its_row(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
        proposal = run.proposed_pairs.first()
        client = client_for(manager)
        client.post(url("pin", org, pk=run.pk, proposal_pk=proposal.pk), **HTMX)
        pin = PinnedPair.objects.get()
        response = client.post(url("unpin", org, pk=pin.pk), {"run": run.pk, "proposal": proposal.pk}, **HTMX)
        html = response.content.decode()
        assert html.strip().startswith(f'<tr id="pair-{proposal.pk}"')
        row = html.split("</tr>")[0]
        assert ">Pin</button>" in row and "Unpin" not in row and "Pinned pairs (0)" in html
        assert not PinnedPair.objects.exists() and not ProposedPair.objects.get(pk=proposal.pk).pinned

    def test_a_never_pair_is_allowed_again_in_its_row(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
        proposal = run.proposed_pairs.first()
        client = client_for(manager)
        html = client.post(url("forbid", org, pk=run.pk, proposal_pk=proposal.pk), **HTMX).content.decode()
        row = html.split("</tr>")[0]
        assert "Ruled out" in row and "Allow again" in row and ">Pin</button>" not in row
        # The list of rules below the table is swapped out of band, so the page agrees.
        assert '<div id="run-rules" hx-swap-oob="true">' in html and "Never paired (1)" in html
        forbid = ForbiddenPair.objects.get()
        response = client.post(
            url("unforbid", org, pk=forbid.pk), {"run": run.pk, "proposal": proposal.pk}, **HTMX
        )
        html = response.content.decode()
        assert html.strip().startswith(f'<tr id="pair-{proposal.pk}"')
        row = html.split("</tr>")[0]
        assert "Ruled out" not in row and ">Pin</button>" in row and ">Never pair</button>" in row
        assert "Never paired (0)" in html
        assert not ForbiddenPair.objects.exists()

    def test_without_htmx_an_undo_returns_to_the_row_on_the_run_page(self, org, manager, client_for):
        cohort, _, _ = small_class(org, mentees=2, mentors=2)
        run = match_run_create(cohort=cohort, actor=manager)
        proposal = run.proposed_pairs.select_related("mentee", "mentor").first()
        forbid = pair_forbid(cohort=cohort, mentee=proposal.mentee, mentor=proposal.mentor, actor=manager)
        response = client_for(manager).post(
            url("unforbid", org, pk=forbid.pk), {"run": run.pk, "proposal": proposal.pk}
        )
        assert response["Location"] == url("run", org, pk=run.pk) + f"#pair-{proposal.pk}"

    def test_an_undo_naming_a_row_of_another_run_goes_back_to_the_run(self, org, manager, client_for):
        cohort, _, _ = small_class(org, mentees=2, mentors=2)
        run = match_run_create(cohort=cohort, actor=manager)
        other = match_run_create(cohort=small_class(org, mentees=1, mentors=1)[0], actor=manager)
        proposal = run.proposed_pairs.select_related("mentee", "mentor").first()
        pin = pair_pin(cohort=cohort, mentee=proposal.mentee, mentor=proposal.mentor, actor=manager)
        response = client_for(manager).post(
            url("unpin", org, pk=pin.pk), {"run": run.pk, "proposal": other.proposed_pairs.get().pk}, **HTMX
        )
        assert response.status_code == 302 and response["Location"] == url("run", org, pk=run.pk)
        assert not PinnedPair.objects.exists()

    def test_the_run_page_lists_the_cohorts_rules_with_their_undo_buttons(self, org, manager, client_for):
        cohort, mentees, mentors = small_class(org, mentees=2, mentors=2)
        run = match_run_create(cohort=cohort, actor=manager)
        pair_pin(cohort=cohort, mentee=mentees[0], mentor=mentors[0], actor=manager)
        pair_forbid(cohort=cohort, mentee=mentees[1], mentor=mentors[0], actor=manager)
        page = client_for(manager).get(url("run", org, pk=run.pk)).content.decode()
        assert "Your rules for every run" in page
        assert "Pinned pairs (1)" in page and "Never paired (1)" in page
        assert url("unpin", org, pk=PinnedPair.objects.get().pk) in page
        assert url("unforbid", org, pk=ForbiddenPair.objects.get().pk) in page

    def test_pinning_with_htmx_returns_the_changed_row(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
        proposal = run.proposed_pairs.first()
        response = client_for(manager).post(url("pin", org, pk=run.pk, proposal_pk=proposal.pk), **HTMX)
        html = response.content.decode()
        assert response.status_code == 200 and html.strip().startswith(f'<tr id="pair-{proposal.pk}"')
        assert "Pinned" in html and "Unpin" in html
        assert PinnedPair.objects.filter(mentee=proposal.mentee, mentor=proposal.mentor).exists()

    def test_a_refused_pin_with_htmx_reloads_the_page_to_show_why(self, org, manager, client_for):
        cohort, mentees, mentors = small_class(org, mentees=2, mentors=1)
        run = match_run_create(cohort=cohort, actor=manager)
        proposal = run.proposed_pairs.get()  # the two mentees tie: either may be the one matched
        other = next(mentee for mentee in mentees if mentee.pk != proposal.mentee_id)
        PinnedPair.objects.create(organization=org, cohort=cohort, mentee=other, mentor=mentors[0])
        client = client_for(manager)
        response = client.post(url("pin", org, pk=run.pk, proposal_pk=proposal.pk), **HTMX)
        assert response["HX-Redirect"] == url("run", org, pk=run.pk)
        page = client.get(url("run", org, pk=run.pk)).content.decode()
        assert "every place is already pinned" in page

    def test_never_pair_marks_the_row_until_the_next_run(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=1, mentors=2)[0], actor=manager)
        proposal = run.proposed_pairs.get()
        response = client_for(manager).post(
            url("forbid", org, pk=run.pk, proposal_pk=proposal.pk), follow=True
        )
        assert "Ruled out — run again to replace" in response.content.decode()

    def test_a_swap_is_previewed_with_its_score_impact_then_applied(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
        first, second = run.proposed_pairs.order_by("id")
        client = client_for(manager)
        preview = client.get(url("swap", org, pk=run.pk), {"first": first.pk, "second": second.pk}, **HTMX)
        html = preview.content.decode()
        assert "Run total" in html and ">After</th>" in html and "Apply this swap" in html
        assert ProposedPair.objects.get(pk=first.pk).mentor_id == first.mentor_id
        client.post(url("swap", org, pk=run.pk), {"first": first.pk, "second": second.pk})
        assert ProposedPair.objects.get(pk=first.pk).mentor_id == second.mentor_id

    def test_a_proposal_of_another_run_is_not_a_choice(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
        other = match_run_create(cohort=small_class(org, mentees=1, mentors=1)[0], actor=manager)
        response = client_for(manager).post(
            url("swap", org, pk=run.pk),
            {"first": run.proposed_pairs.first().pk, "second": other.proposed_pairs.get().pk},
        )
        assert "Select a valid choice" in response.content.decode()

    def test_a_swap_survives_running_again_and_the_message_links_to_the_comparison(
        self, org, manager, client_for
    ):
        cohort, _, _ = small_class(org, mentees=2, mentors=2)
        run = match_run_create(cohort=cohort, actor=manager)
        first, second = run.proposed_pairs.order_by("id")
        client = client_for(manager)
        response = client.post(
            url("swap", org, pk=run.pk), {"first": first.pk, "second": second.pk}, follow=True
        )
        page = response.content.decode()
        assert "Both pairs are pinned, so running again keeps them" in page
        assert page.count("flag-swap") >= 2 and "your swap" in page
        response = client.post(url("rerun", org, pk=run.pk), follow=True)
        again = MatchRun.objects.get(number=2)
        assert dict(again.proposed_pairs.values_list("mentee_id", "mentor_id")) == {
            first.mentee_id: second.mentor_id,
            second.mentee_id: first.mentor_id,
        }
        page = response.content.decode()
        link = url("compare", org, pk=again.pk) + f"?with={run.pk}"
        assert f'<a href="{link}">Compare it with run 1</a>' in page
        comparison = client.get(link).content.decode()
        assert "Run 1 → run 2" in comparison and "Same pairs" in comparison

    def test_a_swapped_pair_unpinned_in_its_row_is_free_in_the_next_run(self, org, manager, client_for):
        cohort, _, _ = small_class(org, mentees=2, mentors=2)
        run = match_run_create(cohort=cohort, actor=manager)
        first, second = run.proposed_pairs.order_by("id")
        client = client_for(manager)
        client.post(url("swap", org, pk=run.pk), {"first": first.pk, "second": second.pk})
        for proposal in (first, second):
            pin = PinnedPair.objects.get(mentee=proposal.mentee_id)
            html = client.post(
                url("unpin", org, pk=pin.pk), {"run": run.pk, "proposal": proposal.pk}, **HTMX
            ).content.decode()
            row = html.split("</tr>")[0]
            assert "Swapped by hand" in row and ">Pin</button>" in row
        client.post(url("rerun", org, pk=run.pk))
        again = MatchRun.objects.get(number=2)
        assert dict(again.proposed_pairs.values_list("mentee_id", "mentor_id")) == {
            first.mentee_id: first.mentor_id,
            second.mentee_id: second.mentor_id,
        }

    def test_two_runs_are_compared(self, org, manager, client_for):
        cohort, _, _ = small_class(org, mentees=2, mentors=2)
        first = match_run_create(cohort=cohort, actor=manager)
        second = match_run_create(cohort=cohort, actor=manager, parent=first)
        page = client_for(manager).get(url("compare", org, pk=second.pk)).content.decode()
        assert "Run 1 → run 2" in page and "Same pairs" in page

    @pytest.mark.parametrize("odd", ["²", "9" * 10_000, "abc"])
    def test_comparing_with_an_odd_run_id_is_a_404(self, org, manager, client_for, odd):
        cohort, _, _ = small_class(org, mentees=1, mentors=1)
        run = match_run_create(cohort=cohort, actor=manager)
        response = client_for(manager).get(url("compare", org, pk=run.pk), {"with": odd})
        assert response.status_code == 404


class TestPublishing:
    def test_the_confirmation_says_what_happens_then_publishing_makes_the_pairs(
        self, org, manager, client_for
    ):
        cohort, _, _ = small_class(org, mentees=2, mentors=2)
        run = match_run_create(cohort=cohort, actor=manager)
        client = client_for(manager)
        page = client.get(url("publish", org, pk=run.pk)).content.decode()
        assert "Publish 2 pairs" in page and "read each other's trust profiles" in page
        response = client.post(url("publish", org, pk=run.pk), follow=True)
        assert "Published: 2 pairs (4 people)" in response.content.decode()
        assert Pair.objects.count() == 2 and MatchRun.objects.get().status == RunStatus.PUBLISHED

    def test_the_confirmation_and_the_published_pages_name_the_mentors_without_a_mentee(
        self, org, manager, client_for
    ):
        cohort, _, mentors = small_class(org, mentees=1, mentors=3)
        run = match_run_create(cohort=cohort, actor=manager)
        chosen = run.proposed_pairs.get().mentor_id
        idle = sorted(m.employee.name for m in mentors if m.pk != chosen)
        client = client_for(manager)
        page = client.get(url("publish", org, pk=run.pk)).content.decode()
        assert "2 mentors stay without a mentee:" in page
        assert all(name in page for name in idle)
        response = client.post(url("publish", org, pk=run.pk), follow=True)
        page = response.content.decode()
        assert f"2 mentors have no mentee: {idle[0]} and {idle[1]}" in page
        assert f'href="{url("run", org, pk=run.pk)}#without-mentee"' in page
        # The cohort's page, where publishing lands, keeps saying so after the message is gone.
        page = client.get(url("cohort", org, pk=cohort.pk)).content.decode()
        assert "2 mentors without a mentee" in page and f"{idle[0]}, {idle[1]}" in page
        page = client.get(url("run", org, pk=run.pk)).content.decode()
        assert "Mentors without a mentee (2)" in page and all(name in page for name in idle)

    def test_publishing_pairs_for_every_mentor_names_nobody(self, org, manager, client_for):
        run = match_run_create(cohort=small_class(org, mentees=2, mentors=2)[0], actor=manager)
        client = client_for(manager)
        assert "without a mentee" not in client.get(url("publish", org, pk=run.pk)).content.decode()
        assert "no mentee" not in client.post(url("publish", org, pk=run.pk), follow=True).content.decode()

    def test_a_refused_publish_stays_on_the_confirmation_with_the_reason(self, org, manager, client_for):
        cohort, _, _ = small_class(org, mentees=1, mentors=1)
        stale = match_run_create(cohort=cohort, actor=manager)
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
        response = client_for(manager).post(url("publish", org, pk=stale.pk), follow=True)
        assert "superseded" in response.content.decode()


class TestSettings:
    def test_the_preview_shows_the_class_under_the_new_weights_without_saving(self, org, manager, client_for):
        cohort, _, _ = small_class(org, mentees=2, mentors=2)
        data = _settings_form(learning_fit=6)
        response = client_for(manager).post(url("settings", org, pk=cohort.program_id), data, **HTMX)
        html = response.content.decode()
        assert "Strongest pairs" in html and "Scores with these weights" in html and "<svg" in html
        assert not MatchSettings.objects.exists()

    def test_saving_stores_the_weights_for_the_next_run(self, org, manager, client_for):
        cohort, _, _ = small_class(org)
        data = {**_settings_form(learning_fit=6), "action": "save"}
        response = client_for(manager).post(url("settings", org, pk=cohort.program_id), data)
        assert response.status_code == 302
        assert MatchSettings.objects.get(program=cohort.program).weights["learning_fit"] == 6
        run = match_run_create(cohort=cohort, actor=manager)
        assert run.settings_snapshot["weights"]["learning_fit"] == 6

    def test_all_weights_at_zero_is_refused_with_a_message(self, org, manager, client_for):
        cohort, _, _ = small_class(org)
        data = {**_settings_form(), "action": "save"}
        data.update({key: "0" for key in data if key.startswith("weight_")})
        response = client_for(manager).post(url("settings", org, pk=cohort.program_id), data)
        assert "Give at least one reason a weight above 0" in response.content.decode()
        assert not MatchSettings.objects.exists()


def _settings_form(**weights) -> dict:
    from matching.scoring import DEFAULT_WEIGHTS

    data = {f"weight_{name}": str(weights.get(name, value)) for name, value in DEFAULT_WEIGHTS.items()}
    data.update({"min_level_gap": "1", "mode": MatchMode.MANAGER, "shortlist_size": "5", "load_balance": "0"})
    return data


class TestParticipants:
    def _published(self, org, manager, mentee, mentor):
        cohort = active_matching_cohort(org)
        member(
            cohort,
            MENTEE,
            user=mentee,
            name="Mia Mentee",
            profile={"purpose_statement": "Mia's own purpose."},
        )
        member(
            cohort,
            MENTOR,
            level=5,
            department="Finance",
            user=mentor,
            name="Marco Mentor",
            profile={"purpose_statement": "Marco helps people find their footing."},
        )
        match_run_publish(run=match_run_create(cohort=cohort, actor=manager), actor=manager)
        return Pair.objects.get()

    def test_a_mentee_sees_their_mentors_trust_profile_once_published(
        self, org, manager, mentee, mentor, client_for
    ):
        page = client_for(mentee).get(url("mine", org)).content.decode()
        assert "no published matches yet" in page
        self._published(org, manager, mentee, mentor)
        page = client_for(mentee).get(url("mine", org)).content.decode()
        assert "Marco Mentor" in page and "Marco helps people find their footing." in page
        assert "Ask for a rematch" in page

    def test_a_rematch_request_is_private_from_the_partner(self, org, manager, mentee, mentor, client_for):
        pair = self._published(org, manager, mentee, mentor)
        reason = "Our schedules never line up and I dread the meetings."
        response = client_for(mentee).post(
            url("rematch_ask", org, pk=pair.pk), {"reason": reason}, follow=True
        )
        assert "your partner is not told" in response.content.decode()
        assert RematchRequest.objects.get().reason == reason
        mentee_page = client_for(mentee).get(url("mine", org)).content.decode()
        assert "Rematch requested" in mentee_page
        mentor_page = client_for(mentor).get(url("mine", org)).content.decode()
        assert reason not in mentor_page and "Rematch requested" not in mentor_page
        managers_page = (
            client_for(manager).get(url("rematch_requests", org, pk=pair.cohort_id)).content.decode()
        )
        assert reason in managers_page and "Mia Mentee" in managers_page

    def test_someone_outside_the_pair_cannot_ask_to_leave_it(
        self, org, manager, mentee, mentor, senior_leader, client_for
    ):
        pair = self._published(org, manager, mentee, mentor)
        assert client_for(senior_leader).get(url("rematch_ask", org, pk=pair.pk)).status_code == 404
        assert client_for(senior_leader).post(url("rematch_ask", org, pk=pair.pk)).status_code == 404

    def test_resolving_a_request_ends_the_pair_and_runs_matching_for_the_people_affected(
        self, org, manager, mentee, mentor, client_for
    ):
        pair = self._published(org, manager, mentee, mentor)
        member(pair.cohort, MENTOR, level=6, department="Sales", name="Sam Spare")
        request = rematch_request_create(
            pair=pair, participant=pair.members.get(role="mentee").participant, actor=mentee
        )
        response = client_for(manager).post(
            url("rematch_resolve", org, pk=request.pk), {"outcome": "ended", "rerun": "on"}
        )
        run = MatchRun.objects.order_by("-number").first()
        assert response["Location"] == url("run", org, pk=run.pk)
        assert Pair.objects.get(pk=pair.pk).status == PairStatus.ENDED
        assert run.proposed_pairs.get().mentor.employee.name == "Sam Spare"

    def test_a_hybrid_mentee_ranks_their_shortlist(self, org, mentee, client_for):
        cohort = active_matching_cohort(org)
        MatchSettingsFactory(program=cohort.program, mode=MatchMode.HYBRID, shortlist_size=2)
        me = member(cohort, MENTEE, user=mentee)
        mentors = [member(cohort, MENTOR, level=5, department="Sales", name=f"Mentor {n}") for n in range(2)]
        page = client_for(mentee).get(url("mine", org)).content.decode()
        assert "See your shortlist of mentors and rank them" in page
        page = client_for(mentee).get(url("shortlist", org, pk=cohort.pk)).content.decode()
        assert "Mentor 0" in page and "Mentor 1" in page
        client_for(mentee).post(
            url("shortlist", org, pk=cohort.pk), {f"rank_{mentors[1].pk}": "1", f"rank_{mentors[0].pk}": "2"}
        )
        assert list(MenteeRanking.objects.filter(mentee=me).values_list("mentor_id", flat=True)) == [
            mentors[1].pk,
            mentors[0].pk,
        ]

    def test_the_same_rank_twice_is_refused(self, org, mentee, client_for):
        cohort = active_matching_cohort(org)
        MatchSettingsFactory(program=cohort.program, mode=MatchMode.HYBRID, shortlist_size=2)
        member(cohort, MENTEE, user=mentee)
        mentors = [member(cohort, MENTOR, level=5, department="Sales") for _ in range(2)]
        response = client_for(mentee).post(
            url("shortlist", org, pk=cohort.pk), {f"rank_{m.pk}": "1" for m in mentors}
        )
        assert "Give each mentor a different rank" in response.content.decode()
        assert not MenteeRanking.objects.exists()

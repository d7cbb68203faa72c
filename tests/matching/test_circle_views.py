"""The circle run page and the manager's hand on it (matching/views/circles.py)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching.models import CircleChoice
from matching.services.circles import circle_choice_add
from matching.services.runs import match_run_create
from tests.matching.factories import circle_class


def url(name: str, org, **kwargs) -> str:
    return reverse(f"matching:{name}", kwargs={"org_slug": org.slug, **kwargs})


def visible_text(html: str) -> str:
    """The page's words, without tags, scripts or attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


class TestRunPage:
    def test_circle_cards_show_their_mix_and_why_they_were_formed(self, org, manager, client_for):
        cohort, peers = circle_class(org, peers=8, size=4)
        run = match_run_create(cohort=cohort, actor=manager)
        page = client_for(manager).get(url("run", org, pk=run.pk)).content.decode()
        assert "Circle 1" in page and "Circle 2" in page
        assert "4 departments · levels 1–3" in page or "departments · levels" in page
        assert "Why these people" in page and "Mixes" in page
        assert "Move" in page and "Save the choice" in page
        assert "Run again, keeping your choices" in page

    def test_a_circles_run_page_never_speaks_of_mentors_or_pins(self, org, manager, client_for):
        cohort, peers = circle_class(org, peers=8, size=4)
        run = match_run_create(cohort=cohort, actor=manager)
        text = visible_text(client_for(manager).get(url("run", org, pk=run.pk)).content.decode())
        for word in (r"\bmentors?\b", r"\bmentees?\b", r"\bpin(s|ned)?\b", r"\bswap"):
            found = re.search(word, text, flags=re.I)
            assert found is None, " ".join(text[max(found.start() - 150, 0) : found.end() + 60].split())

    def test_the_page_reads_in_a_fixed_number_of_queries(self, org, manager, client_for):
        client = client_for(manager)

        def count(peers: int) -> int:
            cohort, people = circle_class(org, peers=peers, size=4)
            run = match_run_create(cohort=cohort, actor=manager)
            circle_choice_add(cohort=cohort, first=people[0], second=people[1], kind="apart", actor=manager)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url("run", org, pk=run.pk)).status_code == 200
            return len(queries)

        assert count(8) == count(20)


class TestHandEdits:
    def test_a_manager_moves_someone_from_the_page(self, org, manager, client_for):
        cohort, peers = circle_class(org, peers=8, size=4)
        run = match_run_create(cohort=cohort, actor=manager)
        person = peers[0]
        target = 2 if run.circle_members.get(participant=person).circle == 1 else 1
        response = client_for(manager).post(
            url("circle_move", org, pk=run.pk), {"participant": person.pk, "circle": target}, follow=True
        )
        assert f"is in circle {target} now" in response.content.decode()
        assert run.circle_members.get(participant=person).circle == target
        assert "moved by you" in response.content.decode()

    def test_a_manager_keeps_two_apart_and_removes_the_choice(self, org, manager, client_for):
        cohort, peers = circle_class(org, peers=8, size=4)
        run = match_run_create(cohort=cohort, actor=manager)
        client = client_for(manager)
        response = client.post(
            url("circle_choose", org, pk=cohort.pk),
            {"first": peers[0].pk, "second": peers[1].pk, "kind": "apart", "run": run.pk},
            follow=True,
        )
        page = response.content.decode()
        assert "are kept in different circles" in page and "Your choices, kept in every run" in page
        choice = CircleChoice.objects.get()
        client.post(url("circle_choice_remove", org, pk=choice.pk), {"run": run.pk})
        assert not CircleChoice.objects.exists()

    def test_bad_input_is_refused_with_a_message_and_nothing_stored(self, org, manager, client_for):
        cohort, peers = circle_class(org, peers=8, size=4)
        run = match_run_create(cohort=cohort, actor=manager)
        client = client_for(manager)
        for data, said in (
            ({"first": peers[0].pk, "second": peers[0].pk, "kind": "apart"}, "Choose two different people."),
            ({"first": peers[0].pk, "second": "x" * 10_000, "kind": "apart"}, "Select a valid choice."),
            ({"first": peers[0].pk, "second": peers[1].pk, "kind": "sideways"}, "sideways is not one of"),
        ):
            response = client.post(
                url("circle_choose", org, pk=cohort.pk), {**data, "run": run.pk}, follow=True
            )
            assert response.status_code == 200 and said in response.content.decode()
        assert not CircleChoice.objects.exists()
        response = client.post(url("circle_move", org, pk=run.pk), {"participant": peers[0].pk, "circle": 99})
        assert response.status_code == 302
        assert run.circle_members.filter(moved=True).count() == 0

    @pytest.mark.across_organizations
    def test_another_organizations_manager_gets_404(self, org, other_org, client_for):
        from django_scopes import scope

        from organizations.roles import Role
        from tests.factories import MembershipFactory

        with scope(organization=org):
            cohort, peers = circle_class(org, peers=8, size=4)
            run = match_run_create(cohort=cohort, actor=None)
            choice = circle_choice_add(
                cohort=cohort, first=peers[0], second=peers[1], kind="apart", actor=None
            )
        stranger = MembershipFactory(organization=other_org, role=Role.PROGRAM_MANAGER).user
        client = client_for(stranger)
        for name, pk in (
            ("circle_move", run.pk),
            ("circle_choose", cohort.pk),
            ("circle_group_release", cohort.pk),
            ("circle_choice_remove", choice.pk),
        ):
            assert client.post(url(name, other_org, pk=pk), {"participant": peers[0].pk}).status_code == 404
        with scope(organization=org):
            assert CircleChoice.objects.count() == 1


class TestSettings:
    def test_a_circle_programs_settings_show_no_weights_and_save_the_rule_that_applies(
        self, org, manager, client_for
    ):
        cohort, _ = circle_class(org, peers=4, size=2)
        program = cohort.program
        client = client_for(manager)
        page = client.get(url("settings", org, pk=program.pk)).content.decode()
        assert "How circles are formed" in page
        assert 'name="weight_' not in page and 'name="mode"' not in page and 'name="load_balance"' not in page
        response = client.post(
            url("settings", org, pk=program.pk), {"action": "save", "allow_previous_pairs": "on"}
        )
        assert response.status_code == 302
        from matching.inputs import settings_for

        saved = settings_for(program)
        assert saved.pk is not None and saved.allow_previous_pairs is True and saved.mode == "manager"

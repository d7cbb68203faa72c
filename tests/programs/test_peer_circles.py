"""Peer circles are a peer program (issue 16, item 4) and the structure and mode are chosen when
the program is designed (item 1): applying as a peer, one set of rules, and the design form."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs.models import (
    ApplicantRole,
    Application,
    ApplicationStatus,
    EligibilityRule,
    Program,
    ProgramStatus,
)
from programs.services.applications import application_submit
from programs.services.programs import program_create, program_transition, program_update
from programs.services.rules import eligibility_rule_create
from programs.vocabulary import words_for
from tests.programs.factories import program_design

PEER = ApplicantRole.PEER


@pytest.fixture
def circles(org, manager):
    return program_create(
        organization=org,
        actor=manager,
        template="peer_circles",
        **program_design(structure="peer_circle", group_size=5),
    )


def url(name, org, **kwargs):
    return reverse(f"programs:{name}", kwargs={"org_slug": org.slug, **kwargs})


class TestDesign:
    def test_a_circle_program_has_one_set_of_rules_for_peers_and_no_mentor_places(self, circles):
        assert set(circles.eligibility_rules.values_list("applies_to", flat=True)) == {PEER}
        assert circles.mentor_limit == 0 and circles.roles == (PEER,)

    def test_a_blank_circle_design_turns_the_mentee_defaults_into_peer_rules(self, org, manager):
        program = program_create(
            organization=org, actor=manager, **program_design(structure="peer_circle", group_size=4)
        )
        kinds = set(program.eligibility_rules.values_list("applies_to", "kind"))
        assert {role for role, _ in kinds} == {PEER}
        assert ("peer", "min_tenure_months") in kinds and ("peer", "min_rating") in kinds

    def test_changing_the_structure_refits_the_rules_until_someone_applies(
        self, org, manager, circles, mentee, mentee_employee
    ):
        program_update(program=circles, actor=manager, structure="one_to_one", mentor_limit=4)
        assert set(circles.eligibility_rules.values_list("applies_to", flat=True)) == {"mentee", "mentor"}
        program_update(program=circles, actor=manager, structure="peer_circle", group_size=5)
        assert set(circles.eligibility_rules.values_list("applies_to", flat=True)) == {PEER}
        program_transition(program=circles, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)
        application_submit(
            program=circles, user=mentee, role=PEER, motivation="Meet people", learning_goals="Sales"
        )
        with pytest.raises(ValidationError, match="can no longer change"):
            program_update(program=circles, actor=manager, structure="group", group_size=3, mentor_limit=2)

    def test_hybrid_is_refused_for_peer_circles(self, org, manager):
        with pytest.raises(ValidationError) as caught:
            program_create(
                organization=org,
                actor=manager,
                **program_design(structure="peer_circle", group_size=4, matching_mode="hybrid"),
            )
        assert "no mentors to rank" in str(caught.value.message_dict["matching_mode"])

    def test_a_manager_chooses_structure_and_mode_on_the_design_form_with_an_explanation(
        self, org, manager, client_for
    ):
        page = client_for(manager).get(url("create", org), {"template": "blank"}).content.decode()
        for structure in ("one_to_one", "group", "peer_circle"):
            assert words_for(structure).explanation.split(";")[0] in page
        assert "Each mentee first ranks a shortlist" in page
        response = client_for(manager).post(
            url("create", org),
            {
                "name": "Group Leaders 2026",
                "purpose": "retention",
                "structure": "group",
                "matching_mode": "hybrid",
                "group_size": "3",
                "start_date": "2026-09-01",
                "meeting_cadence_days": "14",
                "applications_open_at": "2026-06-01T09:00",
                "applications_close_at": "2026-06-30T17:00",
                "mentee_limit": "12",
                "mentor_limit": "4",
            },
        )
        assert response.status_code == 302
        program = Program.objects.get(name="Group Leaders 2026")
        assert (program.structure, program.matching_mode) == ("group", "hybrid")

    def test_a_peer_rule_cannot_be_added_to_a_mentoring_program_nor_a_mentor_rule_to_circles(
        self, org, manager, circles
    ):
        with pytest.raises(ValidationError, match="one set of rules, for peers"):
            eligibility_rule_create(
                program=circles, applies_to="mentor", kind="min_level", value=2, actor=manager
            )
        mentoring = program_create(organization=org, actor=manager, **program_design())
        with pytest.raises(ValidationError, match="mentees or to mentors"):
            eligibility_rule_create(
                program=mentoring, applies_to=PEER, kind="min_level", value=2, actor=manager
            )


class TestApplying:
    @pytest.fixture
    def open_circles(self, circles, manager):
        return program_transition(program=circles, to_status=ProgramStatus.APPLICATIONS_OPEN, actor=manager)

    def test_a_member_applies_as_a_peer_without_choosing_a_role(
        self, org, open_circles, mentee, mentee_employee, client_for
    ):
        client = client_for(mentee)
        page = client.get(url("program", org, pk=open_circles.pk)).content.decode()
        assert 'type="radio"' not in page and "What can you bring to your circle?" in page
        assert "I want to take part as" not in page
        response = client.post(
            url("apply", org, pk=open_circles.pk),
            {
                "role": "peer",
                "motivation": "Meet colleagues",
                "learning_goals": "How sales works",
                "offer": "",
            },
        )
        assert response.status_code == 302
        application = Application.objects.get()
        assert application.role == PEER and application.status == ApplicationStatus.SUBMITTED

    def test_applying_to_circles_as_a_mentor_is_refused_and_nothing_stored(
        self, open_circles, mentee, mentee_employee
    ):
        with pytest.raises(ValidationError, match="everyone applies as a peer"):
            application_submit(
                program=open_circles, user=mentee, role="mentor", motivation="Teach", offer="Finance"
            )
        assert not Application.objects.exists()

    def test_a_peer_is_checked_against_the_peer_rules_only(self, org, open_circles, mentee, mentee_employee):
        EligibilityRule.objects.filter(
            program=open_circles, applies_to=PEER, kind="min_tenure_months"
        ).update(value=600)
        application = application_submit(
            program=open_circles, user=mentee, role=PEER, motivation="Meet people", learning_goals="Sales"
        )
        assert application.status == ApplicationStatus.INELIGIBLE
        assert [f["rule"] for f in application.eligibility_failures] == ["min_tenure_months"]

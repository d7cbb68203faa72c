"""Trust profile services: who may save, every rule a profile must keep, the framework's
defaults and its editing rule, and completion."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cohorts.models import CohortStatus, ParticipantStatus, ProfileFramework, ProfileSection, TrustProfile
from cohorts.profiles.models import DEFAULT_PASSIONS, DEFAULT_SKILLS, DEFAULT_VALUES
from cohorts.profiles.services import profile_framework_for, profile_framework_update, trust_profile_save
from programs.models import ApplicantRole
from tests.cohorts.factories import ParticipantFactory, TrustProfileFactory, employee_of_user
from tests.factories import MembershipFactory

GOOD = {
    "values": ["Integrity", "Growth"],
    "passions": ["Builder", "Connector", "Teacher"],
    "purpose_statement": "I want the people who depend on my team to trust what we deliver.",
    "strengths": ["Writing", "Project management"],
    "learning_wishes": ["Negotiation", "Pricing"],
}


@pytest.fixture
def participant(org, mentee):
    """The conftest mentee, selected as a mentee in an active cohort of Acme."""
    return ParticipantFactory(
        cohort__program__organization=org,
        cohort__status=CohortStatus.ACTIVE,
        application__employee=employee_of_user(mentee, org),
    )


@pytest.fixture
def mentor_participant(org, mentor):
    return ParticipantFactory(
        cohort__program__organization=org,
        cohort__status=CohortStatus.ACTIVE,
        application__employee=employee_of_user(mentor, org),
        application__role=ApplicantRole.MENTOR,
    )


def save(participant, actor, **changes):
    return trust_profile_save(participant=participant, actor=actor, **{**GOOD, **changes})


def errors_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


class TestTheFramework:
    def test_the_default_passions_are_the_ten_archetypes_of_the_spec_in_order(self):
        assert DEFAULT_PASSIONS == (
            "Creator",
            "Conceiver",
            "Discoverer",
            "Processor",
            "Teacher",
            "Connector",
            "Altruist",
            "Healer",
            "Transformer",
            "Builder",
        )

    def test_it_is_made_with_the_defaults_on_first_use_and_then_reused(self, org):
        framework = profile_framework_for(org)
        assert framework.passions == list(DEFAULT_PASSIONS)
        assert framework.values == list(DEFAULT_VALUES)
        assert framework.skills == list(DEFAULT_SKILLS)
        assert len(framework.skills) == 20
        assert profile_framework_for(org).pk == framework.pk
        assert ProfileFramework.objects.filter(organization=org).count() == 1

    def test_each_organization_has_its_own(self, org, other_org, admin):
        profile_framework_update(
            organization=org,
            actor=admin,
            passions=["Maker", "Thinker", "Helper"],
            values=["Care"],
            skills=["Sales"],
        )
        assert profile_framework_for(other_org).passions == list(DEFAULT_PASSIONS)

    def test_a_manager_edits_the_lists_keeping_the_order_given(self, org, manager):
        framework = profile_framework_update(
            organization=org,
            actor=manager,
            passions=[" Maker ", "Thinker", "Helper", ""],
            values=["Care", "Candour"],
            skills=["Sales", "Hiring"],
        )
        framework.refresh_from_db()
        assert framework.passions == ["Maker", "Thinker", "Helper"]
        assert framework.values == ["Care", "Candour"]
        assert framework.updated_by == manager

    @pytest.mark.parametrize("person", ["hr_analyst", "senior_leader", "mentee"])
    def test_only_managers_and_admins_edit_it(self, org, person, request):
        with pytest.raises(PermissionDenied):
            profile_framework_update(
                organization=org,
                actor=request.getfixturevalue(person),
                passions=["A", "B", "C"],
                values=["V"],
                skills=["S"],
            )
        assert profile_framework_for(org).passions == list(DEFAULT_PASSIONS)

    def test_an_outsiders_admin_cannot_edit_it(self, org, outsider):
        with pytest.raises(PermissionDenied):
            profile_framework_update(
                organization=org, actor=outsider, passions=["A", "B", "C"], values=["V"], skills=["S"]
            )

    def test_a_passion_in_use_cannot_be_removed_and_the_message_says_why(self, org, manager, participant):
        save(participant, participant.employee.user)
        TrustProfileFactory(participant__cohort=participant.cohort, passions=["Builder", "Creator", "Healer"])
        framework = profile_framework_for(org)
        with pytest.raises(ValidationError) as excinfo:
            profile_framework_update(
                organization=org,
                actor=manager,
                passions=[p for p in framework.passions if p not in ("Builder", "Altruist")],
                values=framework.values,
                skills=framework.skills,
            )
        message = " ".join(errors_of(excinfo)["passions"])
        assert "“Builder” (2 profiles)" in message
        assert "in use" in message
        assert "Altruist" not in message  # unused: removing it alone would have been fine
        framework.refresh_from_db()
        assert "Altruist" in framework.passions  # nothing stored

    def test_values_and_skills_in_use_stay_too_including_learning_wishes(self, org, manager, participant):
        save(participant, participant.employee.user)
        framework = profile_framework_for(org)
        with pytest.raises(ValidationError) as excinfo:
            profile_framework_update(
                organization=org,
                actor=manager,
                passions=framework.passions,
                values=[v for v in framework.values if v != "Growth"],
                skills=[s for s in framework.skills if s not in ("Writing", "Pricing")],
            )
        errors = errors_of(excinfo)
        assert "“Growth” (1 profile)" in errors["values"][0]
        assert "“Pricing” (1 profile), “Writing” (1 profile) are in use" in errors["skills"][0]
        assert errors["skills"][0].endswith("People can change their picks first; then remove them.")

    def test_renaming_an_item_in_use_is_removing_it(self, org, manager, participant):
        save(participant, participant.employee.user)
        framework = profile_framework_for(org)
        with pytest.raises(ValidationError, match="Integrity"):
            profile_framework_update(
                organization=org,
                actor=manager,
                passions=framework.passions,
                values=["Honesty" if v == "Integrity" else v for v in framework.values],
                skills=framework.skills,
            )

    def test_unused_items_can_be_removed_and_added(self, org, manager, participant):
        save(participant, participant.employee.user)
        framework = profile_framework_for(org)
        profile_framework_update(
            organization=org,
            actor=manager,
            passions=[*[p for p in framework.passions if p != "Altruist"], "Explorer"],
            values=framework.values,
            skills=framework.skills,
        )
        framework.refresh_from_db()
        assert "Altruist" not in framework.passions
        assert framework.passions[-1] == "Explorer"

    @pytest.mark.parametrize(
        ("lists", "field", "expected"),
        [
            ({"passions": ["A", "B"]}, "passions", "Keep at least 3 passions"),
            ({"values": []}, "values", "Keep at least 1 values"),
            ({"skills": ["Sales", "sales"]}, "skills", "“sales” is in the list twice"),
            ({"values": ["x" * 61]}, "values", "under 60 characters"),
            ({"skills": [f"Skill {n}" for n in range(41)]}, "skills", "40 skills at most"),
        ],
    )
    def test_each_list_is_checked(self, org, manager, lists, field, expected):
        framework = profile_framework_for(org)
        current = {"passions": framework.passions, "values": framework.values, "skills": framework.skills}
        with pytest.raises(ValidationError) as excinfo:
            profile_framework_update(organization=org, actor=manager, **{**current, **lists})
        assert expected in " ".join(errors_of(excinfo)[field])


class TestSavingAProfile:
    def test_the_person_saves_their_own_profile(self, participant, mentee):
        profile = save(participant, mentee)
        profile.refresh_from_db()
        assert profile.participant == participant
        assert profile.organization_id == participant.organization_id
        assert profile.passions == GOOD["passions"]
        assert profile.values == GOOD["values"]
        assert profile.purpose_statement == GOOD["purpose_statement"]
        assert profile.strengths == GOOD["strengths"]
        assert profile.learning_wishes == GOOD["learning_wishes"]
        assert profile.updated_by == mentee
        assert profile.is_complete

    def test_saving_again_updates_the_one_profile(self, participant, mentee):
        save(participant, mentee)
        save(participant, mentee, purpose_statement="  A new purpose.  ")
        assert TrustProfile.objects.filter(participant=participant).count() == 1
        assert TrustProfile.objects.get(participant=participant).purpose_statement == "A new purpose."

    @pytest.mark.parametrize("person", ["manager", "admin"])
    def test_a_program_manager_or_admin_may_save_it_for_them(self, participant, person, request):
        actor = request.getfixturevalue(person)
        assert save(participant, actor).updated_by == actor

    @pytest.mark.parametrize("person", ["hr_analyst", "senior_leader", "mentor", "outsider"])
    def test_nobody_else_may_save_it(self, participant, person, request):
        with pytest.raises(PermissionDenied):
            save(participant, request.getfixturevalue(person))
        assert not TrustProfile.objects.exists()

    def test_a_manager_of_another_organization_may_not_save_it(self, participant, other_org):
        foreign_manager = MembershipFactory(organization=other_org, role="program_manager").user
        with pytest.raises(PermissionDenied):
            save(participant, foreign_manager)

    @pytest.mark.parametrize(
        "passions", [["Builder", "Connector"], ["Builder"], ["Builder", "Connector", "Teacher", "Healer"]]
    )
    def test_passions_are_exactly_three(self, participant, mentee, passions):
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee, passions=passions)
        assert errors_of(excinfo)["passions"] == [
            f"Pick exactly 3 passions, your dominant three. You picked {len(passions)}."
        ]
        assert not TrustProfile.objects.exists()

    def test_the_three_passions_are_different(self, participant, mentee):
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee, passions=["Builder", "Builder", "Teacher"])
        assert "“Builder” is there twice" in errors_of(excinfo)["passions"][0]

    def test_passions_come_from_the_framework(self, participant, mentee):
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee, passions=["Builder", "Dreamer", "Teacher"])
        assert errors_of(excinfo)["passions"] == [
            "“Dreamer” is not among your organization's passions; pick from the list."
        ]

    def test_the_organizations_own_framework_is_what_counts(self, org, manager, participant, mentee):
        profile_framework_update(
            organization=org,
            actor=manager,
            passions=["Maker", "Thinker", "Helper"],
            values=["Care"],
            skills=["Sales"],
        )
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee)
        assert set(errors_of(excinfo)) == {"values", "passions", "strengths", "learning_wishes"}
        profile = save(
            participant,
            mentee,
            values=["Care"],
            passions=["Helper", "Maker", "Thinker"],
            strengths=["Sales"],
            learning_wishes=[],
        )
        assert profile.passions == ["Helper", "Maker", "Thinker"]

    def test_at_most_three_values(self, participant, mentee):
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee, values=["Integrity", "Growth", "Courage", "Impact"])
        assert "Pick at most 3 values" in errors_of(excinfo)["values"][0]

    def test_unknown_values_and_skills_are_named(self, participant, mentee):
        with pytest.raises(ValidationError) as excinfo:
            save(
                participant,
                mentee,
                values=["Kindness"],
                strengths=["Juggling", "Knitting"],
                learning_wishes=["Pricing", "Poetry"],
            )
        errors = errors_of(excinfo)
        assert errors["values"] == ["“Kindness” is not among your organization's values; pick from the list."]
        assert errors["strengths"] == [
            "“Juggling”, “Knitting” are not among your organization's skills; pick from the list."
        ]
        assert errors["learning_wishes"] == [
            "“Poetry” is not among your organization's skills; pick from the list."
        ]

    def test_at_most_five_strengths_and_five_wishes(self, participant, mentee):
        six = list(DEFAULT_SKILLS[:6])
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee, strengths=six, learning_wishes=six)
        errors = errors_of(excinfo)
        assert "Pick at most 5 strengths" in errors["strengths"][0]
        assert "Pick at most 5 things to learn" in errors["learning_wishes"][0]

    def test_the_purpose_statement_has_a_length_limit(self, participant, mentee):
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee, purpose_statement="x" * 801)
        assert "under 800 characters (it has 801)" in errors_of(excinfo)["purpose_statement"][0]

    @pytest.mark.parametrize("bad", ["Integrity", [1, 2], None])
    def test_lists_must_be_lists_of_text(self, participant, mentee, bad):
        if bad is None:  # None is an empty section, which is allowed
            assert save(participant, mentee, values=bad).values == []
            return
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee, values=bad)
        assert "values" in errors_of(excinfo)

    def test_every_problem_is_listed_at_once_and_nothing_is_stored(self, participant, mentee):
        TrustProfileFactory(participant=participant, purpose_statement="Before.")
        with pytest.raises(ValidationError) as excinfo:
            save(participant, mentee, passions=["Builder"], values=["Nope"], purpose_statement="x" * 900)
        assert set(errors_of(excinfo)) == {"passions", "values", "purpose_statement"}
        assert TrustProfile.objects.get(participant=participant).purpose_statement == "Before."

    def test_a_part_filled_profile_is_saved_and_incomplete(self, participant, mentee):
        profile = save(participant, mentee, passions=[], purpose_statement="", learning_wishes=[])
        assert profile.pk
        assert profile.completion == pytest.approx(0.4)
        assert profile.missing_sections == [
            ProfileSection.PASSIONS,
            ProfileSection.PURPOSE,
            ProfileSection.LEARNING_WISHES,
        ]

    def test_a_mentor_sets_their_capacity_from_one_to_five(self, mentor_participant, mentor):
        assert save(mentor_participant, mentor, mentor_capacity=3).mentor_capacity == 3
        assert save(mentor_participant, mentor).mentor_capacity == 3  # None keeps it
        for bad in (0, 6, True):
            with pytest.raises(ValidationError) as excinfo:
                save(mentor_participant, mentor, mentor_capacity=bad)
            assert errors_of(excinfo)["mentor_capacity"] == ["A mentor can take 1 to 5 mentees."]

    def test_a_mentees_capacity_is_ignored(self, participant, mentee):
        assert save(participant, mentee, mentor_capacity=4).mentor_capacity == 1

    def test_a_withdrawn_participant_cannot_change_their_profile(self, participant, mentee):
        participant.status = ParticipantStatus.WITHDRAWN
        participant.save()
        with pytest.raises(ValidationError, match="left the cohort"):
            save(participant, mentee)

    def test_a_completed_cohorts_profiles_are_kept_as_they_were(self, participant, mentee):
        participant.cohort.status = CohortStatus.COMPLETED
        participant.cohort.save()
        with pytest.raises(ValidationError, match="completed"):
            save(participant, mentee)

    def test_people_in_a_class_still_being_chosen_can_fill_theirs(self, org, mentee):
        participant = ParticipantFactory(
            cohort__program__organization=org, application__employee=employee_of_user(mentee, org)
        )
        assert participant.cohort.status == CohortStatus.SELECTING
        assert save(participant, mentee).is_complete


class TestCompletion:
    @pytest.mark.parametrize(
        ("changes", "expected", "missing"),
        [
            ({}, 1.0, []),
            ({"values": []}, 0.8, ["values"]),
            ({"passions": ["Builder", "Teacher"]}, 0.8, ["passions"]),
            ({"purpose_statement": "   "}, 0.8, ["purpose_statement"]),
            ({"strengths": [], "learning_wishes": []}, 0.6, ["strengths", "learning_wishes"]),
            (
                {
                    "values": [],
                    "passions": [],
                    "purpose_statement": "",
                    "strengths": [],
                    "learning_wishes": [],
                },
                0.0,
                ["values", "passions", "purpose_statement", "strengths", "learning_wishes"],
            ),
        ],
    )
    def test_completion_is_the_share_of_the_five_sections_filled(self, changes, expected, missing):
        profile = TrustProfile(**{**GOOD, **changes})
        assert profile.completion == pytest.approx(expected)
        assert profile.missing_sections == missing
        assert profile.is_complete is (expected == 1.0)

"""Trust profile pages per role: the person fills theirs (the passion rule explained), managers
follow completion and fill in for someone, edit the framework; cross-organization 404s and
query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorts.models import CohortStatus, ParticipantStatus, TrustProfile
from cohorts.profiles.models import DEFAULT_PASSIONS
from cohorts.profiles.services import profile_framework_for
from programs.models import ApplicantRole
from tests.cohorts.factories import CohortFactory, ParticipantFactory, TrustProfileFactory, employee_of_user

FILLED = {
    "values": ["Integrity", "Growth"],
    "passions": ["Builder", "Connector", "Teacher"],
    "purpose_statement": "I want the people who depend on my team to trust what we deliver.",
    "strengths": ["Writing"],
    "learning_wishes": ["Negotiation", "Pricing"],
}


def url(name: str, org, **kwargs) -> str:
    return reverse(f"cohorts:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def cohort(org):
    return CohortFactory(
        program__organization=org, program__name="Leadership Bridge", status=CohortStatus.ACTIVE
    )


@pytest.fixture
def me(cohort, mentee, org):
    """The mentee's participation in the cohort."""
    return ParticipantFactory(
        cohort=cohort, application__employee=employee_of_user(mentee, org, name="Mia Mentee")
    )


@pytest.fixture
def mentor_me(cohort, mentor, org):
    return ParticipantFactory(
        cohort=cohort,
        application__employee=employee_of_user(mentor, org, name="Marco Mentor"),
        application__role=ApplicantRole.MENTOR,
    )


class TestMyProfile:
    def test_the_list_shows_each_cohort_with_its_completion(self, org, me, mentee, client_for):
        body = client_for(mentee).get(url("my_profiles", org)).content.decode()
        assert "Leadership Bridge" in body
        assert "shared with your partner at the start to build trust quickly" in body
        assert "Not started yet" in body
        assert url("my_profile", org, pk=me.cohort_id) in body

    def test_someone_in_no_cohort_is_told_how_to_get_there(self, org, senior_leader, client_for):
        body = client_for(senior_leader).get(url("my_profiles", org)).content.decode()
        assert "You are not in a cohort yet" in body

    def test_the_dashboard_card_shows_only_to_participants(self, org, me, mentee, mentor, client_for):
        dashboard = reverse("dashboard", kwargs={"org_slug": org.slug})
        assert "My trust profile" in client_for(mentee).get(dashboard).content.decode()
        assert "My trust profile" not in client_for(mentor).get(dashboard).content.decode()

    def test_the_form_offers_the_ten_passions_with_their_descriptions(self, org, me, mentee, client_for):
        response = client_for(mentee).get(url("my_profile", org, pk=me.cohort_id))
        body = response.content.decode()
        assert response.status_code == 200
        for passion in DEFAULT_PASSIONS:
            assert f'value="{passion}"' in body
        assert "You bring people together and know who should meet whom." in body
        assert 'name="mentor_capacity"' not in body  # mentees have no capacity

    def test_two_passions_are_refused_with_a_clear_message_and_nothing_is_saved(
        self, org, me, mentee, client_for
    ):
        response = client_for(mentee).post(
            url("my_profile", org, pk=me.cohort_id), {**FILLED, "passions": ["Builder", "Teacher"]}
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "Pick exactly 3 passions, your dominant three. You picked 2." in body
        assert "Nothing was saved yet." in body
        assert 'value="Builder" id="id_passions_9" checked' in body  # the picks are kept
        assert not TrustProfile.objects.exists()

    def test_three_passions_save_the_profile_and_show_it(self, org, me, mentee, client_for):
        response = client_for(mentee).post(url("my_profile", org, pk=me.cohort_id), FILLED, follow=True)
        profile = TrustProfile.objects.get(participant=me)
        assert profile.passions == FILLED["passions"]
        assert profile.is_complete
        assert response.redirect_chain[-1][0] == url("profile", org, pk=me.cohort_id, participant_pk=me.pk)
        body = response.content.decode()
        assert "Your trust profile is saved and complete." in body
        assert FILLED["purpose_statement"] in body

    def test_a_part_filled_profile_says_what_is_left(self, org, me, mentee, client_for):
        response = client_for(mentee).post(
            url("my_profile", org, pk=me.cohort_id),
            {"values": ["Integrity"], "purpose_statement": "Why I work."},
            follow=True,
        )
        assert "saved (40% complete). Still to fill: passions, strengths, learning wishes." in (
            response.content.decode()
        )

    def test_a_mentor_gives_their_capacity(self, org, mentor_me, mentor, client_for):
        client = client_for(mentor)
        assert (
            'name="mentor_capacity"'
            in client.get(url("my_profile", org, pk=mentor_me.cohort_id)).content.decode()
        )
        client.post(url("my_profile", org, pk=mentor_me.cohort_id), {**FILLED, "mentor_capacity": "2"})
        assert TrustProfile.objects.get(participant=mentor_me).mentor_capacity == 2

    def test_a_posted_passion_outside_the_framework_is_refused(self, org, me, mentee, client_for):
        response = client_for(mentee).post(
            url("my_profile", org, pk=me.cohort_id), {**FILLED, "passions": ["Builder", "Teacher", "Dreamer"]}
        )
        assert "Dreamer is not one of the available choices" in response.content.decode()
        assert not TrustProfile.objects.exists()

    def test_the_form_follows_the_organizations_own_framework(self, org, me, mentee, client_for):
        framework = profile_framework_for(org)
        framework.passions = ["Maker", "Thinker", "Helper", "Dreamer"]
        framework.save()
        body = client_for(mentee).get(url("my_profile", org, pk=me.cohort_id)).content.decode()
        assert 'value="Dreamer"' in body
        assert 'value="Creator"' not in body

    def test_a_cohort_you_are_not_in_is_404(self, org, cohort, mentee, client_for):
        assert client_for(mentee).get(url("my_profile", org, pk=cohort.pk)).status_code == 404

    def test_a_withdrawn_participant_has_no_form(self, org, me, mentee, client_for):
        me.status = ParticipantStatus.WITHDRAWN
        me.save()
        assert client_for(mentee).get(url("my_profile", org, pk=me.cohort_id)).status_code == 404

    def test_a_completed_cohort_sends_you_to_read_your_profile(self, org, me, mentee, client_for):
        TrustProfileFactory(participant=me)
        me.cohort.status = CohortStatus.COMPLETED
        me.cohort.save()
        response = client_for(mentee).post(url("my_profile", org, pk=me.cohort_id), FILLED)
        assert response.status_code == 302
        assert response["Location"] == url("profile", org, pk=me.cohort_id, participant_pk=me.pk)

    def test_another_organizations_cohort_is_404_from_yours(self, org, other_org, outsider, client_for):
        foreign = ParticipantFactory(
            cohort__program__organization=org, application__employee=employee_of_user(outsider, org)
        )
        # The outsider is on Acme's roster but signs in to Globex: Acme's cohort is not there.
        response = client_for(outsider).get(url("my_profile", other_org, pk=foreign.cohort_id))
        assert response.status_code == 404


class TestTheManagersPages:
    def test_the_profiles_page_lists_every_participant_with_completion_and_gaps(
        self, org, cohort, me, mentor_me, manager, client_for
    ):
        TrustProfileFactory(participant=me)
        TrustProfileFactory(participant=mentor_me, purpose_statement="", learning_wishes=[])
        not_started = ParticipantFactory(cohort=cohort, application__employee__name="Nina Notyet")
        body = client_for(manager).get(url("profiles", org, pk=cohort.pk)).content.decode()
        assert "Mia Mentee" in body and "Marco Mentor" in body and "Nina Notyet" in body
        assert "100%" in body and "60%" in body and "0%" in body
        assert "Purpose statement, Learning wishes" in body
        assert "not started" in body
        assert url("profile", org, pk=cohort.pk, participant_pk=not_started.pk) in body
        assert '1 <span class="stat-muted">of 3</span>' in body

    def test_withdrawn_people_are_not_listed(self, org, cohort, me, manager, client_for):
        ParticipantFactory(
            cohort=cohort, status=ParticipantStatus.WITHDRAWN, application__employee__name="Walter Gone"
        )
        assert (
            "Walter Gone" not in client_for(manager).get(url("profiles", org, pk=cohort.pk)).content.decode()
        )

    def test_the_profiles_page_queries_do_not_grow_with_the_class(self, org, cohort, manager, client_for):
        client = client_for(manager)

        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url("profiles", org, pk=cohort.pk)).status_code == 200
            return len(queries)

        TrustProfileFactory(participant__cohort=cohort)
        ParticipantFactory(cohort=cohort)
        few = count()
        for _ in range(6):
            TrustProfileFactory(participant__cohort=cohort)
            ParticipantFactory(cohort=cohort, application__role=ApplicantRole.MENTOR)
        assert count() == few
        assert few <= 12

    def test_the_cohort_page_links_to_its_profiles(self, org, cohort, manager, client_for):
        body = client_for(manager).get(url("detail", org, pk=cohort.pk)).content.decode()
        assert url("profiles", org, pk=cohort.pk) in body

    def test_a_manager_fills_in_for_someone(self, org, me, manager, client_for):
        edit = url("profile_edit", org, pk=me.cohort_id, participant_pk=me.pk)
        body = client_for(manager).get(edit).content.decode()
        assert "Trust profile of Mia Mentee" in body
        assert "Their three dominant passions" in body
        response = client_for(manager).post(edit, FILLED, follow=True)
        assert "Mia Mentee&#x27;s trust profile is saved and complete." in response.content.decode()
        assert TrustProfile.objects.get(participant=me).updated_by == manager

    def test_a_manager_edit_link_to_their_own_profile_goes_to_my_profile(
        self, org, cohort, manager, client_for
    ):
        mine = ParticipantFactory(cohort=cohort, application__employee=employee_of_user(manager, org))
        response = client_for(manager).get(url("profile_edit", org, pk=cohort.pk, participant_pk=mine.pk))
        assert response["Location"] == url("my_profile", org, pk=cohort.pk)

    def test_a_participant_of_another_cohort_is_404(self, org, me, manager, client_for):
        other_cohort = CohortFactory(program__organization=org)
        response = client_for(manager).get(url("profile_edit", org, pk=other_cohort.pk, participant_pk=me.pk))
        assert response.status_code == 404
        response = client_for(manager).get(url("profile", org, pk=other_cohort.pk, participant_pk=me.pk))
        assert response.status_code == 404

    def test_the_framework_page_saves_the_lists(self, org, manager, client_for):
        client = client_for(manager)
        framework_url = url("profile_framework", org)
        assert "Creator\nConceiver" in client.get(framework_url).content.decode()
        response = client.post(
            framework_url,
            {"passions": "Maker\nThinker\n\nHelper", "values": "Care\nCandour", "skills": "Sales\nHiring"},
            follow=True,
        )
        assert "The profile framework is saved" in response.content.decode()
        framework = profile_framework_for(org)
        assert framework.passions == ["Maker", "Thinker", "Helper"]
        assert framework.skills == ["Sales", "Hiring"]

    def test_the_framework_page_explains_why_an_item_stays(self, org, me, manager, client_for):
        TrustProfileFactory(participant=me)
        framework = profile_framework_for(org)
        response = client_for(manager).post(
            url("profile_framework", org),
            {
                "passions": "\n".join(p for p in framework.passions if p != "Builder"),
                "values": "\n".join(framework.values),
                "skills": "\n".join(framework.skills),
            },
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "“Builder” (1 profile) is in use in trust profiles, so it stays." in body
        assert "Builder" in profile_framework_for(org).passions


class TestTheProfilePage:
    def test_the_person_sees_completion_and_an_edit_button(self, org, me, mentee, client_for):
        TrustProfileFactory(participant=me, values=[])
        body = (
            client_for(mentee)
            .get(url("profile", org, pk=me.cohort_id, participant_pk=me.pk))
            .content.decode()
        )
        assert "This is how your partner will see your profile" in body
        assert "80%" in body
        assert "Still to fill: values." in body
        assert "Edit my profile" in body

    def test_a_mentors_capacity_shows_to_managers(self, org, mentor_me, manager, client_for):
        TrustProfileFactory(participant=mentor_me, mentor_capacity=2)
        page = url("profile", org, pk=mentor_me.cohort_id, participant_pk=mentor_me.pk)
        body = client_for(manager).get(page).content.decode()
        assert "Mentor capacity" in body
        assert "Edit for them" in body

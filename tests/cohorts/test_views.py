import re

import pytest
from django.urls import reverse

from cohorts.models import Cohort, CohortStatus, Participant, ParticipantStatus
from programs.models import ApplicantRole, ApplicationStatus, ProgramStatus
from tests.cohorts.factories import CohortFactory, ParticipantFactory, applicant
from tests.programs.factories import ProgramFactory

MENTEE, MENTOR = ApplicantRole.MENTEE, ApplicantRole.MENTOR


def _url(name: str, org, **kwargs) -> str:
    return reverse(f"cohorts:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture
def cohort(org):
    return CohortFactory(program__organization=org, program__name="Rising Leaders", program__mentee_limit=3)


@pytest.fixture
def as_manager(client_for, manager):
    return client_for(manager)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# Pages


def test_the_cohort_list_offers_to_choose_the_class_of_a_program_with_applicants(org, as_manager):
    program = ProgramFactory(organization=org, open_now=True, name="Rising Leaders")
    ProgramFactory(organization=org, name="Still a draft")
    response = as_manager.get(_url("list", org))
    assert response.status_code == 200
    assert _url("for_program", org, program_pk=program.pk).encode() in response.content
    assert b"Still a draft" not in response.content


def test_a_manager_starts_the_class_of_a_program(org, as_manager, manager):
    program = ProgramFactory(organization=org, status=ProgramStatus.SELECTING, mentee_limit=8)
    url = _url("for_program", org, program_pk=program.pk)
    assert b"up to <strong>8 mentees</strong>" in as_manager.get(url).content
    response = as_manager.post(url, {"name": "Class of 2027"})
    cohort = Cohort.objects.get(program=program)
    assert response.status_code == 302
    assert response["Location"] == _url("detail", org, pk=cohort.pk)
    assert (cohort.name, cohort.mentee_limit, cohort.created_by) == ("Class of 2027", 8, manager)
    assert as_manager.get(url)["Location"] == _url("detail", org, pk=cohort.pk)


def test_a_draft_program_explains_why_its_class_cannot_start(org, as_manager):
    program = ProgramFactory(organization=org)
    response = as_manager.post(_url("for_program", org, program_pk=program.pk), {"name": "x"})
    assert response.status_code == 200
    assert b"Open applications first" in response.content
    assert not Cohort.objects.filter(program=program).exists()


def test_the_cohort_page_shows_each_class_against_its_limit_and_the_accepted_pool(org, cohort, as_manager):
    ParticipantFactory(cohort=cohort, application__employee__name="Ada Chosen")
    applicant(cohort.program, name="Ben Waiting")
    applicant(cohort.program, name="Cleo Mentor", role=MENTOR)
    applicant(cohort.program, name="Dan Declined", status=ApplicationStatus.DECLINED)
    applicant(cohort.program, name="Eve Listed", status=ApplicationStatus.WAITLISTED)
    response = as_manager.get(_url("detail", org, pk=cohort.pk))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<strong>1</strong> of 3 places taken" in content
    assert "Ada Chosen" in content and "Ben Waiting" in content and "Cleo Mentor" in content
    assert "Dan Declined" not in content
    assert "Promote next from waitlist: Eve Listed" in content
    mentees, mentors = response.context["sections"]
    assert [p.employee.name for p in mentees["members"]] == ["Ada Chosen"]
    assert [a.employee.name for a in mentors["pool"]] == ["Cleo Mentor"]


def test_an_empty_class_tells_the_manager_what_to_do(org, cohort, as_manager):
    content = as_manager.get(_url("detail", org, pk=cohort.pk)).content.decode()
    assert "Nobody is in the class yet. Propose a varied class" in content
    assert "No accepted mentees are waiting for a place" in content


def test_the_proposal_page_compares_pool_and_proposal_in_tables_and_charts(org, cohort, as_manager):
    for n in range(4):
        applicant(cohort.program, department="Engineering", level=2, days_ago=20 - n)
    applicant(cohort.program, department="Finance", level=5, days_ago=2)
    applicant(cohort.program, department="Legal", level=7, days_ago=1)
    response = as_manager.get(_url("propose", org, pk=cohort.pk, role=MENTEE))
    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="heat-table"') == 2
    assert content.count("<svg") == 2
    assert "Share of people by department" in content and "Share of people by level" in content
    proposal = response.context["proposal"]
    assert {a.employee.department for a in proposal.picks} == {"Engineering", "Finance", "Legal"}
    assert response.context["class_table"].total == 3
    assert response.context["pool_table"].total == 6
    assert "100%" in content  # the proposal's spread
    assert content.count('name="application_ids"') == 3
    assert "Use this class" in content


def test_using_the_proposed_class_fills_it(org, cohort, as_manager):
    applications = [applicant(cohort.program, department=f"D{n}", days_ago=n) for n in range(3)]
    response = as_manager.post(
        _url("apply", org, pk=cohort.pk, role=MENTEE), {"application_ids": [a.pk for a in applications]}
    )
    assert response.status_code == 302
    assert Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED).count() == 3
    follow = as_manager.get(response["Location"])
    assert "The proposed class is in place: 3 mentees added." in _messages(follow)


def test_a_proposal_naming_someone_no_longer_accepted_is_refused(org, cohort, as_manager):
    declined = applicant(cohort.program, status=ApplicationStatus.DECLINED)
    response = as_manager.post(
        _url("apply", org, pk=cohort.pk, role=MENTEE), {"application_ids": [declined.pk]}, follow=True
    )
    assert "Someone in the proposal is no longer accepted. Propose the class again." in _messages(response)
    assert not Participant.objects.filter(cohort=cohort).exists()


@pytest.mark.parametrize("odd", ["9" * 30, "9" * 5000, "-1", "1.5", "a\x00b"])
def test_a_proposal_with_an_id_that_is_no_id_is_refused(org, cohort, as_manager, odd):
    """A 30-digit id went on to the query, which SQLite cannot run (a 500)."""
    accepted = applicant(cohort.program)
    response = as_manager.post(
        _url("apply", org, pk=cohort.pk, role=MENTEE), {"application_ids": [accepted.pk, odd]}, follow=True
    )
    assert response.status_code == 200
    assert "Someone in the proposal is no longer accepted. Propose the class again." in _messages(response)
    assert not Participant.objects.filter(cohort=cohort).exists()


def test_adding_beyond_the_limit_shows_why(org, cohort, as_manager):
    for _ in range(3):
        ParticipantFactory(cohort=cohort)
    extra = applicant(cohort.program)
    response = as_manager.post(
        _url("add", org, pk=cohort.pk, role=MENTEE), {"application": extra.pk}, follow=True
    )
    assert "The class is full (3 of 3 mentees). Remove someone first." in _messages(response)
    assert not Participant.objects.filter(application=extra).exists()


def test_adding_by_hand_puts_the_person_in_the_class(org, cohort, as_manager):
    application = applicant(cohort.program, name="Fay Hand")
    response = as_manager.post(
        _url("add", org, pk=cohort.pk, role=MENTEE), {"application": application.pk}, follow=True
    )
    assert "Fay Hand is in the class." in _messages(response)
    assert Participant.objects.filter(application=application, status=ParticipantStatus.SELECTED).exists()


def test_another_organizations_application_cannot_be_added(org, other_org, cohort, as_manager):
    foreign = applicant(ProgramFactory(organization=other_org, status=ProgramStatus.SELECTING))
    response = as_manager.post(
        _url("add", org, pk=cohort.pk, role=MENTEE), {"application": foreign.pk}, follow=True
    )
    assert "That person is not an accepted applicant waiting for a place." in _messages(response)
    assert not Participant.objects.exists()


def test_remove_withdraw_and_promote_in_one_click_each(org, cohort, as_manager):
    removed = ParticipantFactory(cohort=cohort)
    leaver = ParticipantFactory(cohort=cohort)
    waiting = applicant(cohort.program, status=ApplicationStatus.WAITLISTED, name="Gus Next")
    as_manager.post(_url("remove", org, pk=cohort.pk, participant_pk=removed.pk))
    assert not Participant.objects.filter(pk=removed.pk).exists()
    as_manager.post(_url("withdraw", org, pk=cohort.pk, participant_pk=leaver.pk))
    leaver.refresh_from_db()
    assert leaver.status == ParticipantStatus.WITHDRAWN
    response = as_manager.post(_url("promote", org, pk=cohort.pk, role=MENTEE), follow=True)
    assert any(m.startswith("Gus Next was accepted from the waitlist") for m in _messages(response))
    assert Participant.objects.filter(application=waiting, status=ParticipantStatus.SELECTED).exists()


def test_starting_the_cohort_from_its_page(org, cohort, as_manager):
    ParticipantFactory(cohort=cohort)
    response = as_manager.post(_url("activate", org, pk=cohort.pk), follow=True)
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.ACTIVE
    assert _messages(response) == [
        "2026 class has started and Rising Leaders is now active. 1 placed and 0 waitlisted are being told."
    ]
    assert b"Start the cohort" not in response.content


def test_starting_an_empty_cohort_says_what_is_missing(org, cohort, as_manager):
    response = as_manager.post(_url("activate", org, pk=cohort.pk))
    assert response.status_code == 200
    assert b"Select at least one mentee before starting the cohort." in response.content
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.SELECTING


# The way in: the program page and the navigation


def _class_links(content: str) -> list[tuple[str, str]]:
    """The class buttons on a page: [("Choose the class", "/o/acme/cohorts/program/7/")]."""
    pattern = r'<a href="([^"]+)"[^>]*>\s*((?:Choose|Open) the class)\s*</a>'
    return [(text, href) for href, text in re.findall(pattern, content)]


def _page(client, name: str, program):
    return client.get(reverse(name, kwargs={"org_slug": program.organization.slug, "pk": program.pk}))


@pytest.mark.parametrize("status", [ProgramStatus.APPLICATIONS_OPEN, ProgramStatus.SELECTING])
def test_the_program_page_offers_to_choose_the_class_while_it_has_none(status, org, as_manager):
    program = ProgramFactory(organization=org, status=status)
    response = _page(as_manager, "programs:detail", program)
    assert response.status_code == 200
    assert _class_links(response.content.decode()) == [
        ("Choose the class", _url("for_program", org, program_pk=program.pk))
    ]


def test_while_selecting_the_class_comes_before_starting_the_program(org, as_manager):
    program = ProgramFactory(organization=org, status=ProgramStatus.SELECTING)
    content = _page(as_manager, "programs:detail", program).content.decode()
    assert content.index(">Choose the class</a>") < content.index("Start the program</button>")
    # Starting the program by itself is the quieter choice: the cohort page starts both.
    assert re.search(r'class="secondary outline"[^>]*>Start the program</button>', content)


def test_the_program_page_opens_the_class_once_it_exists(org, cohort, as_manager):
    links = _class_links(_page(as_manager, "programs:detail", cohort.program).content.decode())
    assert links == [("Open the class", _url("for_program", org, program_pk=cohort.program_id))]
    # The same address leads straight to the class.
    assert as_manager.get(links[0][1])["Location"] == _url("detail", org, pk=cohort.pk)


def test_the_program_page_of_an_active_program_opens_its_started_class(org, as_manager):
    cohort = CohortFactory(
        program__organization=org, program__status=ProgramStatus.ACTIVE, status=CohortStatus.ACTIVE
    )
    links = _class_links(_page(as_manager, "programs:detail", cohort.program).content.decode())
    assert links == [("Open the class", _url("for_program", org, program_pk=cohort.program_id))]


@pytest.mark.parametrize("status", [ProgramStatus.DRAFT, ProgramStatus.ACTIVE, ProgramStatus.COMPLETED])
def test_a_program_page_without_a_class_to_choose_has_no_class_button(status, org, as_manager):
    program = ProgramFactory(organization=org, status=status)
    assert _class_links(_page(as_manager, "programs:detail", program).content.decode()) == []


def test_the_review_page_leads_on_to_the_class(org, cohort, as_manager):
    fresh = ProgramFactory(organization=org, status=ProgramStatus.SELECTING)
    assert _class_links(_page(as_manager, "programs:applications", fresh).content.decode()) == [
        ("Choose the class", _url("for_program", org, program_pk=fresh.pk))
    ]
    assert _class_links(_page(as_manager, "programs:applications", cohort.program).content.decode()) == [
        ("Open the class", _url("for_program", org, program_pk=cohort.program_id))
    ]


def _main_nav(client, org) -> str:
    content = client.get(reverse("dashboard", kwargs={"org_slug": org.slug})).content.decode()
    return content.split('<ul class="main-nav">', 1)[1].split("</ul>", 1)[0]


def test_the_navigation_shows_cohorts_to_managers_and_admins_only(org, people, client_for):
    cohorts_link = f'<a href="{_url("list", org)}">Cohorts</a>'
    for who in ("manager", "admin"):
        assert cohorts_link in _main_nav(client_for(getattr(people, who)), org), who
    for who in ("mentee", "hr_analyst", "senior_leader"):
        assert "Cohorts" not in _main_nav(client_for(getattr(people, who)), org), who


def test_the_cohorts_entry_is_marked_current_on_cohort_pages(org, as_manager):
    content = as_manager.get(_url("list", org)).content.decode()
    assert f'<a href="{_url("list", org)}" aria-current="page">Cohorts</a>' in content


# Roles and organizations


@pytest.mark.parametrize("who", ["mentee", "hr_analyst", "senior_leader"])
def test_people_who_do_not_manage_programs_are_refused(who, org, cohort, people, client_for):
    client = client_for(getattr(people, who))
    assert client.get(_url("detail", org, pk=cohort.pk)).status_code == 403
    assert client.post(_url("activate", org, pk=cohort.pk)).status_code == 403
    cohort.refresh_from_db()
    assert cohort.status == CohortStatus.SELECTING


def test_an_admin_may_manage_cohorts(org, cohort, client_for, admin):
    assert client_for(admin).get(_url("detail", org, pk=cohort.pk)).status_code == 200


def test_another_organizations_cohort_is_not_found(org, other_org, as_manager):
    foreign = CohortFactory(program__organization=other_org)
    foreign_participant = ParticipantFactory(cohort=foreign)
    for url in (
        _url("detail", org, pk=foreign.pk),
        _url("propose", org, pk=foreign.pk, role=MENTEE),
        _url("for_program", org, program_pk=foreign.program_id),
    ):
        assert as_manager.get(url).status_code == 404, url
    for url in (
        _url("activate", org, pk=foreign.pk),
        _url("promote", org, pk=foreign.pk, role=MENTEE),
        _url("withdraw", org, pk=foreign.pk, participant_pk=foreign_participant.pk),
    ):
        assert as_manager.post(url).status_code == 404, url
    foreign_participant.refresh_from_db()
    assert foreign_participant.status == ParticipantStatus.SELECTED


def test_a_participant_is_only_found_under_its_own_cohort(org, cohort, as_manager):
    elsewhere = ParticipantFactory(cohort__program__organization=org)
    response = as_manager.post(_url("withdraw", org, pk=cohort.pk, participant_pk=elsewhere.pk))
    assert response.status_code == 404


def test_an_unknown_role_is_not_found(org, cohort, as_manager):
    assert as_manager.get(_url("propose", org, pk=cohort.pk, role="sponsor")).status_code == 404


# Query count


def test_the_cohort_page_queries_do_not_grow_with_the_class(org, as_manager, django_assert_max_num_queries):
    def page_for(size: int) -> str:
        cohort = CohortFactory(program__organization=org, program__mentee_limit=40, program__mentor_limit=40)
        for n in range(size):
            ParticipantFactory(cohort=cohort, application__role=MENTEE if n % 2 else MENTOR)
            applicant(cohort.program, department=f"D{n % 4}")
            applicant(cohort.program, status=ApplicationStatus.WAITLISTED)
            ParticipantFactory(cohort=cohort, status=ParticipantStatus.WITHDRAWN)
        return _url("detail", org, pk=cohort.pk)

    small, large = page_for(2), page_for(25)
    with django_assert_max_num_queries(22) as small_queries:
        assert as_manager.get(small).status_code == 200
    with django_assert_max_num_queries(len(small_queries)) as large_queries:
        assert as_manager.get(large).status_code == 200
    assert len(large_queries) == len(small_queries)


def test_the_proposal_page_queries_do_not_grow_with_the_pool(org, as_manager, django_assert_max_num_queries):
    def page_for(size: int) -> str:
        cohort = CohortFactory(program__organization=org)
        for n in range(size):
            applicant(cohort.program, department=f"D{n % 5}", level=n % 4)
        ParticipantFactory(cohort=cohort)
        return _url("propose", org, pk=cohort.pk, role=MENTEE)

    small, large = page_for(3), page_for(40)
    with django_assert_max_num_queries(15) as small_queries:
        as_manager.get(small)
    with django_assert_max_num_queries(len(small_queries)):
        as_manager.get(large)


def test_someone_who_withdrew_their_own_application_is_flagged_in_the_class(org, cohort, as_manager):
    participant = ParticipantFactory(cohort=cohort)
    participant.application.status = ApplicationStatus.WITHDRAWN
    participant.application.save()
    content = as_manager.get(_url("detail", org, pk=cohort.pk)).content.decode()
    assert "withdrew their application" in content
    as_manager.post(_url("withdraw", org, pk=cohort.pk, participant_pk=participant.pk))
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.WITHDRAWN

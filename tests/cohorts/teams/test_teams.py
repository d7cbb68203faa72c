import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorts.teams.models import TeamFile, TeamMember, TeamPost
from cohorts.teams.services import space
from cohorts.teams.services.formation import team_member_move, teams_form
from tests.cohorts.factories import ParticipantFactory, employee_of_user
from tests.cohorts.teams.factories import BusinessChallengeFactory, leader_employee, team_file, team_for
from tests.factories import EmployeeFactory


def _mentee(cohort, department="Sales", level=2, **employee):
    return ParticipantFactory(
        cohort=cohort,
        application__employee=EmployeeFactory(
            organization=cohort.organization, department=department, level=level, **employee
        ),
    )


def _url(name, org, **kwargs):
    return reverse(f"teams:{name}", kwargs={"org_slug": org.slug, **kwargs})


# Formation


def test_the_manager_applies_teams_and_each_mentee_is_in_one(cohort, manager, mentor):
    a, b = (
        BusinessChallengeFactory(cohort=cohort, accepted=True),
        BusinessChallengeFactory(cohort=cohort, accepted=True),
    )
    people = [_mentee(cohort) for _ in range(3)]
    teams_form(
        actor=manager, cohort=cohort, assignments={a.pk: [people[0].pk, people[1].pk], b.pk: [people[2].pk]}
    )
    assert TeamMember.objects.filter(team__challenge=a).count() == 2
    with pytest.raises(ValidationError, match="two teams"):
        teams_form(actor=manager, cohort=cohort, assignments={a.pk: [people[0].pk], b.pk: [people[0].pk]})
    with pytest.raises(PermissionDenied):
        teams_form(actor=mentor, cohort=cohort, assignments={})


def test_nobody_is_put_in_a_team_sponsored_by_their_own_line_manager(cohort, manager, org):
    boss = leader_employee(org)
    report = _mentee(cohort, manager=boss)
    challenge = BusinessChallengeFactory(cohort=cohort, accepted=True, sponsor=boss)
    with pytest.raises(ValidationError, match="reporting line"):
        teams_form(actor=manager, cohort=cohort, assignments={challenge.pk: [report.pk]})
    team = team_for(challenge)
    with pytest.raises(ValidationError, match="reporting line"):
        team_member_move(actor=manager, participant=report, team=team)


def test_moving_a_mentee_by_hand_reports_the_mix_before_and_after(cohort, manager):
    a, b = (
        BusinessChallengeFactory(cohort=cohort, accepted=True),
        BusinessChallengeFactory(cohort=cohort, accepted=True),
    )
    s1, s2, t1 = _mentee(cohort, "Sales"), _mentee(cohort, "Sales"), _mentee(cohort, "Tech")
    team_for(a, s1, s2)
    team_b = team_for(b, t1)
    before, after = team_member_move(actor=manager, participant=s2, team=team_b)
    assert after > before
    assert TeamMember.objects.get(participant=s2).team == team_b


def test_the_formation_page_proposes_and_shows_the_mix_before_and_after(org, cohort, manager, client_for):
    BusinessChallengeFactory(cohort=cohort, accepted=True, title="Pricing")
    for department in ("Sales", "Sales", "Tech", "Tech"):
        _mentee(cohort, department)
    client = client_for(manager)
    response = client.get(_url("formation", org, pk=cohort.pk), {"size": "4"})
    body = response.content.decode()
    assert (
        response.status_code == 200
        and "filling teams in roster order" in body
        and "Apply these teams" in body
    )
    for bad in ("abc", "0", "99999999999999999999", "-3"):
        assert client.get(_url("formation", org, pk=cohort.pk), {"size": bad}).status_code == 200
    assert (
        client.post(
            _url("move", org, pk=cohort.pk), {"participant": "x", "team": "99999999999999999999"}
        ).status_code
        == 302
    )


def test_the_formation_page_shows_each_member_in_their_own_team_in_the_move_menu(
    org, cohort, manager, client_for
):
    """Found by the lifecycle walk: every member's menu said "No team" while they were in one."""
    import re

    a = BusinessChallengeFactory(cohort=cohort, accepted=True, title="Pricing")
    b = BusinessChallengeFactory(cohort=cohort, accepted=True, title="Churn")
    in_a, in_b, unplaced = _mentee(cohort), _mentee(cohort), _mentee(cohort)
    team_a, team_b = team_for(a, in_a), team_for(b, in_b)
    body = client_for(manager).get(_url("formation", org, pk=cohort.pk)).content.decode()

    def chosen(person) -> list[str]:
        menu = re.search(rf'<select id="move-{person.pk}".*?</select>', body, re.DOTALL).group(0)
        return re.findall(r'<option value="(\d*)" selected>', menu)

    assert chosen(in_a) == [str(team_a.pk)]
    assert chosen(in_b) == [str(team_b.pk)]
    assert chosen(unplaced) == []  # the first option, "No team", is shown


def test_applying_a_proposal_through_the_page_forms_the_teams(org, cohort, manager, client_for):
    challenge = BusinessChallengeFactory(cohort=cohort, accepted=True)
    people = [_mentee(cohort) for _ in range(2)]
    response = client_for(manager).post(
        _url("form", org, pk=cohort.pk), {f"team_{challenge.pk}": [p.pk for p in people]}
    )
    assert response.status_code == 302
    assert TeamMember.objects.filter(team__challenge=challenge).count() == 2


# Team space


@pytest.fixture
def team(cohort, mentee_participant, leader_row):
    return team_for(BusinessChallengeFactory(cohort=cohort, sponsor=leader_row), mentee_participant)


def test_the_team_space_is_for_members_sponsor_adviser_and_managers_only(
    org, team, people, client_for, cohort
):
    url = _url("team", org, pk=team.pk)
    for user in (people.mentee, people.senior_leader, people.manager, people.admin):
        assert client_for(user).get(url).status_code == 200
    for user in (people.hr_analyst, people.mentor, people.outsider):
        assert client_for(user).get(url).status_code == 404
    adviser = ParticipantFactory(
        cohort=cohort, application__employee=employee_of_user(people.mentor, org), application__role="mentor"
    )
    space.team_adviser_set(actor=people.manager, team=team, adviser=adviser)
    assert client_for(people.mentor).get(url).status_code == 200


def test_a_member_uploads_the_recommendation_and_only_the_space_can_download_it(
    org, team, people, client_for
):
    client = client_for(people.mentee)
    upload = SimpleUploadedFile("recommendation.pdf", b"%PDF-1.7 our plan", content_type="application/pdf")
    response = client.post(
        _url("file_upload", org, pk=team.pk), {"file": upload, "title": "Our plan", "is_recommendation": "on"}
    )
    assert response.status_code == 302
    item = TeamFile.objects.get()
    assert item.is_recommendation and item.size == len(b"%PDF-1.7 our plan")
    download = _url("file", org, pk=item.pk)
    assert b"".join(client_for(people.senior_leader).get(download).streaming_content) == b"%PDF-1.7 our plan"
    assert client_for(people.hr_analyst).get(download).status_code == 404
    assert client_for(people.outsider).get(download).status_code == 404


def test_a_renamed_or_too_big_file_is_refused_before_it_is_stored(team, mentee, settings):
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="does not look like a PDF"):
        space.team_file_add(actor=mentee, team=team, upload=fake)
    settings.TEAM_FILE_MAX_BYTES = 1024
    big = SimpleUploadedFile("plan.pdf", b"%PDF-" + b"x" * 2000)
    with pytest.raises(ValidationError, match="at most 1 KB"):
        space.team_file_add(actor=mentee, team=team, upload=big)
    with pytest.raises(ValidationError, match="not a file type"):
        space.team_file_add(actor=mentee, team=team, upload=SimpleUploadedFile("x.exe", b"MZ"))
    assert not TeamFile.objects.exists()


def test_the_sponsor_posts_in_the_thread_but_does_not_change_the_teams_work(team, senior_leader, mentee):
    space.team_post_add(actor=senior_leader, team=team, text="Talk to finance first.")
    assert TeamPost.objects.get().text == "Talk to finance first."
    with pytest.raises(PermissionDenied):
        space.team_recommendation_save(actor=senior_leader, team=team, recommendation="Mine")
    with pytest.raises(ValidationError):
        space.team_post_add(actor=mentee, team=team, text="x" * 10_000)


def test_milestones_need_a_sensible_due_date(team, mentee):
    milestone = space.team_milestone_add(
        actor=mentee, team=team, title="Interviews", due_on=datetime.date(2027, 3, 1)
    )
    assert space.team_milestone_toggle(actor=mentee, milestone=milestone).done_at is not None
    for bad in (datetime.date(1, 1, 1), None, datetime.date(9999, 12, 31)):
        with pytest.raises(ValidationError):
            space.team_milestone_add(actor=mentee, team=team, title="Later", due_on=bad)


def test_bad_input_on_team_pages_never_500s(org, team, mentee, client_for):
    client = client_for(mentee)
    assert (
        client.post(
            _url("milestone_add", org, pk=team.pk), {"title": "x", "due_on": "0001-01-01"}
        ).status_code
        == 302
    )
    assert client.post(_url("post", org, pk=team.pk), {"text": "y" * 10_000}).status_code == 302
    assert client.post(_url("file_upload", org, pk=team.pk), {}).status_code == 302
    assert client.get(f"/o/{org.slug}/teams/files/abc/").status_code == 404


def test_the_api_lists_teams_without_their_thread(org, team, hr_analyst, mentee):
    from rest_framework.test import APIClient

    space.team_post_add(actor=mentee, team=team, text="MARK-THREAD")
    space.team_recommendation_save(actor=mentee, team=team, recommendation="MARK-RECOMMENDATION")
    api = APIClient()
    api.force_authenticate(hr_analyst)
    response = api.get(f"/api/v1/o/{org.slug}/project-teams/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "MARK-THREAD" not in body and "MARK-RECOMMENDATION" not in body
    assert response.json()["results"][0]["has_recommendation"] is True
    team_file(team)


def test_an_upload_declaring_more_than_the_limit_is_refused_before_its_body_is_read(
    org, team, mentee, settings
):
    from django.test import Client

    settings.TEAM_FILE_MAX_BYTES = 1024
    client = Client()
    client.force_login(mentee)
    url = _url("file_upload", org, pk=team.pk)
    response = client.post(url, {"title": "x"}, CONTENT_LENGTH=str(10 * 1024 * 1024))
    assert response.status_code == 302 and not TeamFile.objects.exists()
    assert "at most 1 KB" in client.get(response["Location"]).content.decode()
    outsider_response = Client().post(url, {}, CONTENT_LENGTH=str(10 * 1024 * 1024))
    assert outsider_response.status_code in (302, 404)  # anonymous: to sign in; never read

"""The privacy rules of project teams and the talent pool (docs/privacy.md), as one table.

Each free text gets a unique marker; every viewer opens every project-team page and API
response that could show it; the marker must appear exactly for the viewers the rule names:

- a talent flag's note: HR analysts, admins, program managers and council members — the
  flagged person sees *that* they were flagged, never the note;
- the team thread: the team space (members, sponsor, adviser, managers);
- the recommendation: the team space and the council that scores it;
- a council comment: managers, and council members once they have submitted their own review.

Guards: every free-text field of these models has a row, and every project-team page is opened
(or named, with the reason it shows none of these texts).
"""

import datetime

import pytest
from django.db import models
from django.urls import URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from cohorts.teams.models import CouncilReview, CouncilSeat, Presentation, ProjectTeam, TalentFlag, TeamPost
from cohorts.teams.services.council import criteria_for, review_save
from cohorts.teams.services.space import team_post_add, team_recommendation_save
from cohorts.teams.services.talent import talent_flag
from organizations.roles import Role
from tests.cohorts.factories import ParticipantFactory, employee_of_user
from tests.cohorts.teams.factories import BusinessChallengeFactory, leader_employee, team_file, team_for
from tests.factories import MembershipFactory, UserFactory

VIEWERS = ["mentee", "other_mentee", "sponsor", "council", "manager", "admin", "hr_analyst", "outsider"]
SPACE = frozenset({"mentee", "sponsor", "manager", "admin"})
OVERSIGHT = frozenset({"manager", "admin"})

TABLE = {
    "TalentFlag.note": ("MARK-TALENT-NOTE-5a1c", OVERSIGHT | {"hr_analyst", "council"}),
    "TeamPost.text": ("MARK-THREAD-77d0", SPACE),
    "ProjectTeam.recommendation": ("MARK-RECOMMENDATION-c3e2", SPACE | {"council"}),
    "CouncilReview.comment": ("MARK-COUNCIL-COMMENT-9b4f", OVERSIGHT | {"council"}),
}

NO_TEAM_TEXT = {
    "teams:leader_overview": "the same page as teams:home, for senior leaders and managers",
    "teams:challenges": "challenges: a senior leader's own words for a whole cohort, not private",
    "teams:challenge_create": "an empty form",
    "teams:challenge": "one challenge",
    "teams:preferences": "accepted challenges' titles",
    "teams:formation": "names, departments and levels of the class",
    "teams:council": "council members, criteria and slots",
    "teams:file": "a team file's bytes (same check as the space)",
    "teams:presentation_ics": "a calendar event: when and where",
}
POST_ONLY = {
    "teams:challenge_decide",
    "teams:form",
    "teams:move",
    "teams:adviser",
    "teams:milestone_add",
    "teams:milestone_toggle",
    "teams:file_upload",
    "teams:file_delete",
    "teams:post",
    "teams:recommendation",
    "teams:presentation",
    "teams:talent_unflag",
}


def _team_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif namespace == "teams" and pattern.name:
                names.add(f"teams:{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


def _free_text_fields() -> set[str]:
    found = set()
    for model in (TalentFlag, TeamPost, ProjectTeam, CouncilReview):
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                found.add(f"{model.__name__}.{field.name}")
    return found


@pytest.fixture
def world(org, people, cohort, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    member = lambda email: MembershipFactory(organization=org, user=UserFactory(email=email)).user  # noqa: E731
    other_mentee = member("other@acme.test")
    sponsor = MembershipFactory(
        organization=org, role=Role.SENIOR_LEADER, user=UserFactory(email="vp@acme.test")
    ).user
    mine = ParticipantFactory(cohort=cohort, application__employee=employee_of_user(people.mentee, org))
    ParticipantFactory(cohort=cohort, application__employee=employee_of_user(other_mentee, org))
    team = team_for(BusinessChallengeFactory(cohort=cohort, sponsor=leader_employee(org, sponsor)), mine)
    leader_employee(org, people.senior_leader)
    CouncilSeat.objects.create(organization=org, cohort=cohort, user=people.senior_leader)
    starts = datetime.datetime(2030, 5, 1, 9, tzinfo=datetime.UTC)
    Presentation.objects.create(
        organization=org, team=team, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=30)
    )
    team_file(team, is_recommendation=True)
    team_post_add(actor=people.mentee, team=team, text=TABLE["TeamPost.text"][0])
    team_recommendation_save(
        actor=people.mentee, team=team, recommendation=TABLE["ProjectTeam.recommendation"][0]
    )
    review_save(
        actor=people.senior_leader,
        team=team,
        scores={c.pk: 4 for c in criteria_for(cohort)},
        comment=TABLE["CouncilReview.comment"][0],
    )
    talent_flag(
        actor=people.senior_leader, participant=mine, readiness="ready_now", note=TABLE["TalentFlag.note"][0]
    )
    viewers = {
        "mentee": people.mentee,
        "other_mentee": other_mentee,
        "sponsor": sponsor,
        "council": people.senior_leader,
        "manager": people.manager,
        "admin": people.admin,
        "hr_analyst": people.hr_analyst,
        "outsider": people.outsider,
    }
    return {"org": org, "cohort": cohort, "team": team, "viewers": viewers}


def _pages(w) -> dict[str, str]:
    kw = {"org_slug": w["org"].slug}
    api = f"/api/v1/o/{w['org'].slug}"
    return {
        "teams:home": reverse("teams:home", kwargs=kw),
        "teams:team": reverse("teams:team", kwargs=kw | {"pk": w["team"].pk}),
        "teams:review": reverse("teams:review", kwargs=kw | {"pk": w["team"].pk}),
        "teams:results": reverse("teams:results", kwargs=kw | {"pk": w["cohort"].pk}),
        "teams:talent": reverse("teams:talent", kwargs=kw | {"pk": w["cohort"].pk}),
        "teams:talent_pool": reverse("teams:talent_pool", kwargs=kw),
        "teams:talent_pool_csv": reverse("teams:talent_pool_csv", kwargs=kw),
        "api challenges": f"{api}/challenges/",
        "api teams": f"{api}/project-teams/",
        "api council results": f"{api}/council-results/",
        "api talent pool": f"{api}/talent-pool/",
    }


MUST_REACH = {
    "mentee": {"teams:home", "teams:team"},
    "other_mentee": {"teams:home"},
    "sponsor": {"teams:team", "teams:home"},
    "council": {"teams:review", "teams:results", "teams:talent"},
    "manager": {"teams:team", "teams:results", "teams:talent", "api teams"},
    "admin": {"teams:team", "teams:talent_pool", "api talent pool"},
    "hr_analyst": {"teams:talent_pool", "teams:talent_pool_csv", "api talent pool", "api council results"},
    "outsider": set(),
}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_each_viewer_sees_exactly_the_texts_the_privacy_rules_allow(viewer, world, client_for):
    assert set(TABLE) == _free_text_fields(), "Give every free-text field a row in TABLE"
    pages = _pages(world)
    unchecked = _team_url_names() - set(pages) - set(NO_TEAM_TEXT) - POST_ONLY
    assert not unchecked, (
        f"Open these pages in the privacy table, or say why they show no such text: {unchecked}"
    )

    user = world["viewers"][viewer]
    browser, api = client_for(user), APIClient()
    api.force_authenticate(user)
    seen, reached = [], set()
    for name, url in pages.items():
        response = (api if name.startswith("api") else browser).get(url)
        if response.status_code == 200:
            reached.add(name)
            seen.append(response.content.decode())
        else:
            assert response.status_code in (403, 404), f"{viewer} got {response.status_code} on {name}"
    assert MUST_REACH[viewer] <= reached, f"{viewer} should reach {MUST_REACH[viewer] - reached}"

    everything = "\n".join(seen)
    for field, (marker, visible_to) in TABLE.items():
        expected = viewer in visible_to
        assert (marker in everything) == expected, (
            f"{field} should be {'visible' if expected else 'hidden'} to {viewer}"
        )
    # The flagged person is told that they were flagged (never the note, checked above).
    assert ("You have been flagged" in everything) == (viewer == "mentee")

"""Who reads the words of a goal plan: one table, checked on every goals page and API response.

docs/privacy.md: goal text and check-ins go to the owner, their partner(s) and their accountability
partner; managers see status and progress; HR sees aggregates only. Each text field of a goal,
milestone and check-in — found from the models, so a field added later joins the table or
fails it — carries a unique marker. For each kind of viewer the test gathers everything they
can get from the goals app (the plan pages, home, the manager's progress page, the pair-space
section, the outside partner's page, the API list, detail and cohort summary) and checks
each marker is there, or is nowhere.
"""

from dataclasses import dataclass

import pytest
from django.db import models
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from goals import selectors, services
from goals.models import Goal, GoalCheckIn, Milestone
from matching.models import MemberRole
from organizations.services.api_keys import api_key_create
from tests.factories import MembershipFactory, UserFactory
from tests.goals.factories import (
    GoalCheckInFactory,
    GoalFactory,
    GoalPlanFactory,
    MilestoneFactory,
    linked_pair,
    member_in,
    member_partner,
    outside_partner,
)

# What: each text field a plan holds, by the name the table uses.
WHAT = {
    "goal title": (Goal, "title"),
    "description": (Goal, "description"),
    "success measure": (Goal, "success_measure"),
    "milestone title": (Milestone, "title"),
    "check-in comment": (GoalCheckIn, "comment"),
}

Y, N = True, False
# Who × what → may they read it?      title  descr. measure mile.  comment
TABLE = {
    "owner (mentee)":                   (Y,    Y,     Y,      Y,     Y),
    "pair partner (mentor)":            (Y,    Y,     Y,      Y,     Y),
    "accountability partner (member)":  (Y,    Y,     Y,      Y,     Y),
    "outside partner via link":         (Y,    Y,     Y,      Y,     Y),
    "other pair in the cohort":         (N,    N,     N,      N,     N),
    "program manager":                  (N,    N,     N,      N,     N),
    "HR analyst":                       (N,    N,     N,      N,     N),
    "HR API key":                       (N,    N,     N,      N,     N),
    "admin":                            (N,    N,     N,      N,     N),
    "outsider of another org":          (N,    N,     N,      N,     N),
}  # fmt: skip


def _marker(model, field: str) -> str:
    return f"private-{model._meta.model_name}-{field.replace('_', '-')}-q7z"


def _text_fields() -> set[tuple[type, str]]:
    """Every free-text field of the goal models (choices are labels, not people's words)."""
    return {
        (model, field.name)
        for model in (Goal, Milestone, GoalCheckIn)
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    }


@dataclass
class World:
    org: object
    pair: object
    plan: object
    mentee: object
    mentor: object
    manager: object
    hr_analyst: object
    admin: object
    outsider: object
    other_org: object


@pytest.fixture
def world(org, other_org, mentee, mentor, manager, hr_analyst, admin, outsider) -> World:
    pair = linked_pair(org, mentor=mentor, mentee=mentee)
    plan = GoalPlanFactory(member=member_in(pair, MemberRole.MENTEE))
    GoalPlanFactory(member=member_in(pair, MemberRole.MENTOR))
    goal = GoalFactory(plan=plan, **{f: _marker(Goal, f) for m, f in WHAT.values() if m is Goal})
    milestone = MilestoneFactory(goal=goal, title=_marker(Milestone, "title"))
    services.milestone_complete(milestone=milestone, actor=mentee)  # a win, shown in the pair space
    MilestoneFactory(goal=goal, title=_marker(Milestone, "title"))  # and an open one
    GoalCheckInFactory(goal=goal, comment=_marker(GoalCheckIn, "comment"))
    return World(org, pair, plan, mentee, mentor, manager, hr_analyst, admin, outsider, other_org)


def _html_and_api_for(user, world: World) -> str:
    """Everything the goals app answers ``user``, from pages and API, as one text."""
    org, plan = world.org, world.plan
    goal = plan.goals.get()
    milestone = goal.milestones.first()
    client = Client()
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)
    slug = {"org_slug": org.slug}
    pages = [
        reverse("goals:home", kwargs=slug),
        reverse("goals:cohort_progress", kwargs={**slug, "cohort_pk": world.pair.cohort_id}),
        *(reverse("goals:plan", kwargs={**slug, "member_pk": m.pk}) for m in world.pair.members.all()),
        reverse("goals:goal_edit", kwargs={**slug, "goal_pk": goal.pk}),
        reverse("goals:milestone_create", kwargs={**slug, "goal_pk": goal.pk}),
        reverse("goals:check_in_create", kwargs={**slug, "goal_pk": goal.pk}),
        reverse("goals:partner", kwargs={**slug, "member_pk": plan.member_id}),
    ]
    texts = [client.get(url).content.decode() for url in pages]
    htmx = client.post(
        reverse("goals:milestone_reopen", kwargs={**slug, "milestone_pk": milestone.pk}),
        HTTP_HX_REQUEST="true",
    )
    texts.append(htmx.content.decode())
    for api_slug in {
        org.slug,
        *(m.organization.slug for m in user.memberships.select_related("organization")),
    }:
        base = f"/api/v1/o/{api_slug}"
        texts += [
            api.get(f"{base}/goal-plans/").content.decode(),
            api.get(f"{base}/goal-plans/{plan.pk}/").content.decode(),
            api.get(f"{base}/goal-summary/").content.decode(),
        ]
    request = RequestFactory().get("/")
    request.user = user
    texts.append(
        render_to_string(
            "goals/_pair_goals.html",
            {"pair_goals": selectors.pair_goals(world.pair, user), "organization": org},
            request=request,
        )
    )
    return "\n".join(texts)


def _api_key_view(world: World) -> str:
    _, raw = api_key_create(
        organization=world.org, actor=world.hr_analyst, name="Workday", scopes=["programs.read"]
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    base = f"/api/v1/o/{world.org.slug}"
    urls = [f"{base}/goal-plans/", f"{base}/goal-plans/{world.plan.pk}/", f"{base}/goal-summary/"]
    return "\n".join(api.get(url).content.decode() for url in urls)


def _outside_partner_view(world: World) -> str:
    outside_partner(world.plan, raw_token="privacy-table-token")
    return Client().get("/goals/shared/privacy-table-token/").content.decode()


def _member_accountability_partner_view(world: World) -> str:
    ally = MembershipFactory(organization=world.org, user=UserFactory()).user
    member_partner(world.plan, ally)
    return _html_and_api_for(ally, world)


def _other_pair_view(world: World) -> str:
    other = MembershipFactory(organization=world.org, user=UserFactory()).user
    linked_pair(
        world.org, cohort=world.pair.cohort, mentor=UserFactory(), mentee=other, mentee_name="Ola Other"
    )
    return _html_and_api_for(other, world)


VIEWS = {
    "owner (mentee)": lambda w: _html_and_api_for(w.mentee, w),
    "pair partner (mentor)": lambda w: _html_and_api_for(w.mentor, w),
    "accountability partner (member)": _member_accountability_partner_view,
    "outside partner via link": _outside_partner_view,
    "other pair in the cohort": _other_pair_view,
    "program manager": lambda w: _html_and_api_for(w.manager, w),
    "HR analyst": lambda w: _html_and_api_for(w.hr_analyst, w),
    "HR API key": _api_key_view,
    "admin": lambda w: _html_and_api_for(w.admin, w),
    "outsider of another org": lambda w: _html_and_api_for(w.outsider, w),
}


@pytest.mark.parametrize("viewer", list(TABLE))
def test_goal_text_reaches_exactly_the_people_the_table_names(viewer, world):
    assert set(WHAT.values()) == _text_fields(), "A goal text field is missing from the privacy table"
    assert set(VIEWS) == set(TABLE)
    seen = VIEWS[viewer](world)
    for (what, (model, field)), visible in zip(WHAT.items(), TABLE[viewer], strict=True):
        marker = _marker(model, field)
        assert (marker in seen) is visible, f"{viewer} {'should' if visible else 'must not'} see the {what}"

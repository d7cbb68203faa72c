"""Acme's project teams: three challenges from leader@, accepted; teams formed by the assistant;
a council of leader@ and a second senior leader, presentation slots, one presentation scored;
one talent flag. Idempotent: whatever exists is kept, the rest is made."""

import datetime

from cohorts.models import Cohort, CohortStatus
from cohorts.teams.formation import propose_teams
from cohorts.teams.models import (
    BusinessChallenge,
    ChallengeStatus,
    CouncilReview,
    CouncilSeat,
    Presentation,
    ProjectTeam,
    TalentFlag,
    TeamMember,
)
from cohorts.teams.services.challenges import challenge_decide, challenge_submit
from cohorts.teams.services.council import council_set, criteria_for, presentation_schedule, review_save
from cohorts.teams.services.formation import teams_form
from cohorts.teams.services.space import team_recommendation_save
from cohorts.teams.services.talent import talent_flag
from cohorts.teams.team_inputs import formation_inputs
from demo.accounts import member_account
from demo.context import DemoContext
from demo.programs import BRIDGE
from organizations.clock import organization_today, organization_tz
from organizations.models import Employee, Membership
from organizations.roles import Role

CHALLENGES = (
    {
        "title": "Halve first-year customer churn",
        "problem": "One new customer in five leaves within a year, most in the first ninety days.",
        "why_it_matters": "Each lost customer costs a year of revenue and a referral we never get.",
        "expected_outcome": "A tested change to onboarding and a business case for rolling it out.",
    },
    {
        "title": "Ship features in weeks, not quarters",
        "problem": "An idea takes four months from approval to customers; competitors take six weeks.",
        "why_it_matters": "We lose deals to faster rivals and our best engineers to boredom.",
        "expected_outcome": "A recommendation on the three changes that would cut lead time most.",
    },
    {
        "title": "Grow our own leaders",
        "problem": "Two of three senior roles are filled from outside; internal candidates are not ready.",
        "why_it_matters": "Outside hires cost more, take longer to be effective and leave sooner.",
        "expected_outcome": "A pilot design for a leadership pipeline in two departments.",
    },
)
TEAM_SIZE = 4


def _second_leader(context: DemoContext, leader_row: Employee | None):
    """Another senior leader for the council (a council member never scores their own challenge):
    the most senior roster person of another department, given an account the first time."""
    organization = context.organization
    seated = CouncilSeat.objects.exclude(user=context.accounts["leader"]).filter(
        cohort__organization=organization
    )
    if seated.exists():
        return seated.first().user
    heads = Employee.objects.filter(
        organization=organization, termination_date__isnull=True, user__isnull=True
    )
    if leader_row is not None:
        heads = heads.exclude(department=leader_row.department)
    head = heads.exclude(external_id__in=context.persona_ids).order_by("-level", "name", "id").first()
    if head is None:
        return None
    user = member_account(head, context.password)
    Membership.objects.filter(organization=organization, user=user).update(role=Role.SENIOR_LEADER)
    if head.user_id is None:
        Employee.objects.filter(pk=head.pk).update(user=user)
    return user


def seed_project_teams(context: DemoContext) -> str:
    organization = context.organization
    leader, manager = context.accounts.get("leader"), context.accounts.get("manager")
    cohort = Cohort.objects.filter(program__name=BRIDGE, status=CohortStatus.ACTIVE).first()
    if cohort is None or leader is None or manager is None:
        return "no running Leadership Bridge class: skipped"

    for spec in CHALLENGES:
        challenge = BusinessChallenge.objects.filter(cohort=cohort, title=spec["title"]).first()
        if challenge is None:
            challenge = challenge_submit(actor=leader, cohort=cohort, **spec)
        if challenge.status != ChallengeStatus.ACCEPTED:
            challenge_decide(actor=manager, challenge=challenge, accept=True)

    if not TeamMember.objects.filter(team__cohort=cohort).exists():
        inputs = formation_inputs(cohort)
        proposal = propose_teams(
            inputs.mentees,
            [c.pk for c in inputs.challenges],
            TEAM_SIZE,
            preferences=inputs.preferences,
            forbidden=inputs.forbidden,
        )
        teams_form(
            actor=manager,
            cohort=cohort,
            assignments={key: [p.id for p in members] for key, members in proposal.teams.items()},
        )
    teams = list(
        ProjectTeam.objects.filter(cohort=cohort)
        .select_related("challenge")
        .order_by("challenge__created_at")
    )

    second = _second_leader(context, Employee.objects.filter(organization=organization, user=leader).first())
    if not CouncilSeat.objects.filter(cohort=cohort).exists():
        council_set(actor=manager, cohort=cohort, user_ids=[u.pk for u in (leader, second) if u is not None])

    today = organization_today(organization)
    tz = organization_tz(organization)
    for index, team in enumerate(teams):
        if not Presentation.objects.filter(team=team).exists():
            starts = datetime.datetime.combine(
                today + datetime.timedelta(days=21), datetime.time(14, 0), tzinfo=tz
            )
            presentation_schedule(
                actor=manager,
                team=team,
                starts_at=starts + datetime.timedelta(minutes=40 * index),
                minutes=30,
                location="Board room, 5th floor",
            )

    scored = teams[0] if teams else None
    if scored is not None and second is not None:
        if not scored.recommendation:
            team_recommendation_save(
                actor=manager,
                team=scored,
                recommendation="Call every new customer in week two and give them a named contact for "
                "their first ninety days. Our pilot with 40 customers kept 36.",
            )
        if not CouncilReview.objects.filter(team=scored, reviewer=second).exists():
            review_save(
                actor=second,
                team=scored,
                scores={c.pk: (4, 4, 5, 3)[i % 4] for i, c in enumerate(criteria_for(cohort))},
                comment="Clear problem and a pilot with real numbers. Show the cost per retained customer.",
            )
        member = scored.members.select_related("participant").first()
        if member is not None and not TalentFlag.objects.filter(cohort=cohort).exists():
            talent_flag(
                actor=second,
                participant=member.participant,
                readiness="ready_soon",
                note="Led the pilot calls and presented the numbers with calm authority.",
            )
    reviews = CouncilReview.objects.filter(team__cohort=cohort, submitted_at__isnull=False).count()
    flags = TalentFlag.objects.filter(cohort=cohort).count()
    return (
        f"{len(CHALLENGES)} challenges from leader@, {len(teams)} teams, "
        f"{reviews} council review(s), {flags} talent flag(s)"
    )

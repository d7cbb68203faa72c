"""Demo programs and a selected class for Acme, made through the same services people use.

- "Acme Rising 2027" takes applications now: about thirty colleagues have applied (a few are
  told they are not eligible), and the demo accounts can apply themselves.
- "Leadership Bridge 2026" started two months ago: its class of mentees and mentors, spread
  across departments and levels, includes mentee@ and mentor@, ready for matching.
- Its participants have filled their trust profiles (``seed_trust_profiles``), all but two
  mentees, so the managers' completion page has someone to nudge.

Applicants get member accounts (the demo password) because applying is something a signed-in
employee does. Idempotent: a second run finds the programs and does nothing.
"""

import datetime

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from cohorts.models import Participant, ParticipantStatus, TrustProfile
from cohorts.profiles.services import profile_framework_for, trust_profile_save
from cohorts.selectors import cohort_for_program
from cohorts.services import cohort_activate, cohort_create, selection_apply, selection_propose
from demo.context import DemoContext
from organizations.models import Employee, Membership, User
from organizations.roles import Role
from programs.models import ApplicantRole, Application, ApplicationStatus, Program, ProgramStatus
from programs.services.applications import application_decide, application_submit
from programs.services.programs import program_create, program_transition

RISING = "Acme Rising 2027"
BRIDGE = "Leadership Bridge 2026"

MOTIVATIONS = [
    "I want to grow into a broader role and learn how other parts of Acme work.",
    "I'd like a sounding board outside my team while I take on more responsibility.",
    "I want to build my network across departments and learn from someone senior.",
]
WISHES = [
    "stakeholder management, presenting to leadership",
    "negotiation, pricing, commercial thinking",
    "people leadership, giving feedback",
    "data-driven decisions, prioritisation",
]
OFFERS = [
    "Fifteen years across sales and operations; happy to share how decisions get made here.",
    "I've led teams through two reorganisations and love helping people find their footing.",
    "Finance and planning; I can demystify budgets and business cases.",
]


def seed_programs_and_cohort(context: DemoContext) -> str:
    organization = context.organization
    if Program.objects.filter(name__in=[RISING, BRIDGE]).exists():
        return "Programs: already seeded."
    actor = context.accounts["manager"]
    today = timezone.localdate()
    demo_people = {context.accounts["mentee"].pk, context.accounts["mentor"].pk}
    pool = _eligible_pool(today, exclude_users=demo_people)
    mentees, mentors = pool["mentee"], pool["mentor"]

    bridge_start = (today - datetime.timedelta(days=60)).replace(day=1)
    bridge = _open_program(
        organization, actor, BRIDGE, bridge_start, opened=timezone.now() - datetime.timedelta(days=100)
    )
    applied_at = bridge.applications_open_at + datetime.timedelta(days=2)
    bridge_applications = [
        _apply(bridge, context.accounts["mentee"], ApplicantRole.MENTEE, 0, applied_at),
        _apply(bridge, context.accounts["mentor"], ApplicantRole.MENTOR, 0, applied_at),
    ]
    bridge_applications += [
        _apply(bridge, _account(e, context.password), ApplicantRole.MENTEE, i, applied_at)
        for i, e in enumerate(mentees[:14])
    ]
    bridge_applications += [
        _apply(bridge, _account(e, context.password), ApplicantRole.MENTOR, i, applied_at)
        for i, e in enumerate(mentors[:10])
    ]
    for application in bridge_applications:
        if application.status == ApplicationStatus.SUBMITTED:
            application_decide(application=application, decision=ApplicationStatus.ACCEPTED, actor=actor)
    cohort = cohort_create(program=bridge, actor=actor, name="2026 class")
    for role, demo_application in (
        (ApplicantRole.MENTEE, bridge_applications[0]),
        (ApplicantRole.MENTOR, bridge_applications[1]),
    ):
        proposal = selection_propose(cohort=cohort, role=role)
        chosen = [demo_application.pk] + [pk for pk in proposal.application_ids if pk != demo_application.pk]
        selection_apply(
            cohort=cohort,
            role=role,
            application_ids=chosen[: cohort.limit_for(role)],
            actor=actor,
            replace=True,
        )
    cohort_activate(cohort=cohort, actor=actor)

    rising = _open_program(
        organization, actor, RISING, today.replace(day=1) + datetime.timedelta(days=62), opened=timezone.now()
    )
    rising_applicants = [(e, ApplicantRole.MENTEE) for e in mentees[14:34]]
    rising_applicants += [(e, ApplicantRole.MENTOR) for e in mentors[10:18]]
    rising_applicants += [(e, ApplicantRole.MENTEE) for e in pool["too_new"][:4]]
    for i, (employee, role) in enumerate(rising_applicants):
        _apply(rising, _account(employee, context.password), role, i, timezone.now())
    counts = {
        status: Application.objects.filter(program=rising, status=status).count()
        for status in (ApplicationStatus.SUBMITTED, ApplicationStatus.INELIGIBLE)
    }
    return (
        f"Programs: {BRIDGE} is active with a class of {cohort.participants.count()} "
        f"(mentee@ and mentor@ included); {RISING} is open with "
        f"{counts[ApplicationStatus.SUBMITTED]} applications and "
        f"{counts[ApplicationStatus.INELIGIBLE]} people told they are not eligible yet."
    )


def _open_program(organization, actor, name, start, *, opened) -> Program:
    program = program_create(
        organization=organization,
        actor=actor,
        name=name,
        description=(
            "A year of cross-department mentoring for people ready for their next step: a mentor "
            "from another part of Acme, a goal plan each, learning sessions and a project team."
        ),
        purpose="retention",
        target_metric="12-month voluntary attrition of participants (%)",
        target_baseline=14,
        target_value=9,
        target_by=start + datetime.timedelta(days=365),
        structure="one_to_one",
        start_date=start,
        meeting_cadence_days=14,
        applications_open_at=opened - datetime.timedelta(days=3),
        applications_close_at=opened + datetime.timedelta(days=21),
        mentee_limit=12,
        mentor_limit=10,
    )
    return program_transition(
        program=program,
        to_status=ProgramStatus.APPLICATIONS_OPEN,
        actor=actor,
        now=opened - datetime.timedelta(days=1),
    )


def _apply(program, user, role, index, now) -> Application:
    try:
        return application_submit(
            program=program,
            user=user,
            role=role,
            motivation=MOTIVATIONS[index % len(MOTIVATIONS)],
            learning_goals=WISHES[index % len(WISHES)] if role == ApplicantRole.MENTEE else "",
            offer=OFFERS[index % len(OFFERS)] if role == ApplicantRole.MENTOR else "",
            now=now,
        )
    except ValidationError as error:
        raise RuntimeError(f"Demo application for {user.email} to {program.name} failed: {error}") from error


def _eligible_pool(today: datetime.date, *, exclude_users: set[int]) -> dict[str, list[Employee]]:
    """Roster people without accounts, spread over departments: mentees at levels 1-3 with a
    year's tenure and a good rating, mentors at levels 4-5, and a few hired under a year ago."""
    a_year_ago = today - datetime.timedelta(days=400)
    active = Employee.objects.filter(termination_date__isnull=True, user__isnull=True).exclude(
        user__in=exclude_users
    )

    def spread(queryset) -> list[Employee]:
        by_department: dict[str, list[Employee]] = {}
        for employee in queryset.order_by("external_id"):
            by_department.setdefault(employee.department, []).append(employee)
        columns = list(by_department.values())
        return [
            column[i]
            for i in range(max(map(len, columns), default=0))
            for column in columns
            if i < len(column)
        ]

    return {
        "mentee": spread(active.filter(level__lte=3, hire_date__lte=a_year_ago, performance_rating__gte=3)),
        "mentor": spread(active.filter(level__gte=4, level__lte=5, hire_date__lte=a_year_ago)),
        "too_new": list(
            active.filter(hire_date__gt=today - datetime.timedelta(days=200)).order_by("external_id")
        ),
    }


def _account(employee: Employee, password: str) -> User:
    """A member account for a roster person, as if they had accepted an invitation."""
    user = User.objects.filter(email__iexact=employee.email).first()
    if user is None:
        user = User.objects.create_user(email=employee.email, password=password, full_name=employee.name)
        EmailAddress.objects.create(user=user, email=employee.email, verified=True, primary=True)
    Membership.objects.get_or_create(
        organization=employee.organization, user=user, defaults={"role": Role.MEMBER}
    )
    return user


# Skills a mentee's application asked for (WISHES above), as the framework names them.
WISH_SKILLS = [
    ["Stakeholder management", "Presenting to leadership", "Public speaking"],
    ["Negotiation", "Pricing", "Commercial thinking"],
    ["People leadership", "Giving feedback", "Coaching"],
    ["Data-driven decisions", "Prioritisation", "Strategy"],
]
# What mentors offer: each group covers one or two of the wishes above, so matching has overlaps.
OFFER_SKILLS = [
    ["Stakeholder management", "Presenting to leadership", "Strategy", "Networking"],
    ["Negotiation", "Commercial thinking", "Pricing", "Customer discovery"],
    ["People leadership", "Coaching", "Giving feedback", "Change management"],
    ["Finance for non-finance", "Data-driven decisions", "Prioritisation", "Project management"],
    ["Product thinking", "Customer discovery", "Public speaking", "Career planning"],
]
MENTEE_STRENGTHS = [
    ["Writing", "Project management"],
    ["Customer discovery", "Product thinking"],
    ["Data-driven decisions", "Networking"],
    ["Public speaking", "Writing"],
    ["Prioritisation", "Change management"],
]
PASSION_TRIOS = [
    ["Builder", "Connector", "Teacher"],
    ["Discoverer", "Conceiver", "Creator"],
    ["Processor", "Builder", "Healer"],
    ["Altruist", "Teacher", "Connector"],
    ["Transformer", "Discoverer", "Builder"],
    ["Creator", "Transformer", "Connector"],
    ["Healer", "Altruist", "Processor"],
]
VALUE_PICKS = [
    ["Integrity", "Growth"],
    ["Curiosity", "Impact", "Collaboration"],
    ["Ownership", "Excellence"],
    ["Empathy", "Balance", "Integrity"],
    ["Courage", "Growth", "Impact"],
    ["Collaboration", "Empathy"],
]
MENTEE_PURPOSES = [
    "I want the people who depend on my team to trust what we deliver. This year I want to learn "
    "to speak up earlier, in the rooms where decisions get made.",
    "I got into this work to solve real customer problems. I'd like to understand the commercial "
    "side well enough to argue for the right thing, not just the urgent thing.",
    "I want to become the kind of lead people are glad to work for. Right now I avoid hard "
    "conversations; I want to get good at them.",
    "Numbers tell stories and I love finding them. My goal is to turn analysis into decisions "
    "other departments act on.",
    "I care about doing work that lasts. I'd like a mentor who can show me how the wider "
    "business fits together, so my next step is a deliberate one.",
]
MENTOR_PURPOSES = [
    "Someone took a chance on me early in my career; mentoring is how I pay that back. I'm "
    "curious how the business looks from the floor today.",
    "I want to help the next generation of leaders avoid the mistakes I made, and to keep "
    "learning myself: every mentee shows me a part of Acme I don't know.",
    "Good decisions come from people who understand each other's constraints. I mentor to "
    "build those bridges across departments.",
]


def seed_trust_profiles(context: DemoContext) -> str:
    """Fill the Leadership Bridge class's trust profiles through ``trust_profile_save``.

    Every mentor and mentee — mentee@ and mentor@ included — gets a complete profile, except the
    two last mentees: one stopped half-way, one has not started. Mentors' strengths overlap the
    mentees' wishes; capacities are 1 or 2. Idempotent: people with a profile are left alone.
    """
    bridge = Program.objects.filter(name=BRIDGE).first()
    cohort = cohort_for_program(bridge) if bridge else None
    if cohort is None:
        return "Trust profiles: no Leadership Bridge class to fill."
    profile_framework_for(context.organization)
    demo_users = {context.accounts["mentee"].pk, context.accounts["mentor"].pk}
    participants = list(
        Participant.objects.filter(cohort=cohort, status=ParticipantStatus.SELECTED)
        .select_related("employee__user", "application")
        .order_by("role", "application__created_at", "id")
    )
    mentees = [p for p in participants if p.role == ApplicantRole.MENTEE]
    mentors = [p for p in participants if p.role == ApplicantRole.MENTOR]
    others = [p for p in mentees if p.employee.user_id not in demo_users]
    half_done, not_started = (others[-2], others[-1]) if len(others) >= 2 else (None, None)
    existing = set(
        TrustProfile.objects.filter(participant__cohort=cohort).values_list("participant_id", flat=True)
    )

    made = 0
    for index, participant in enumerate(mentees):
        if participant.pk in existing or participant == not_started:
            continue
        fields = {
            "values": VALUE_PICKS[index % len(VALUE_PICKS)],
            "passions": PASSION_TRIOS[index % len(PASSION_TRIOS)],
            "purpose_statement": MENTEE_PURPOSES[index % len(MENTEE_PURPOSES)],
            "strengths": MENTEE_STRENGTHS[index % len(MENTEE_STRENGTHS)],
            "learning_wishes": _wish_skills(participant, index),
        }
        if participant == half_done:
            fields.update(purpose_statement="", strengths=[], learning_wishes=[])
        _save_profile(participant, context, **fields)
        made += 1
    for index, participant in enumerate(mentors):
        if participant.pk in existing:
            continue
        _save_profile(
            participant,
            context,
            values=VALUE_PICKS[(index + 3) % len(VALUE_PICKS)],
            passions=PASSION_TRIOS[(index + 2) % len(PASSION_TRIOS)],
            purpose_statement=MENTOR_PURPOSES[index % len(MENTOR_PURPOSES)],
            strengths=OFFER_SKILLS[index % len(OFFER_SKILLS)],
            learning_wishes=["Product thinking"] if index % 2 else ["Data-driven decisions"],
            mentor_capacity=1 + index % 2,
        )
        made += 1
    if not made:
        return "Trust profiles: already filled."
    complete = sum(
        1 for profile in TrustProfile.objects.filter(participant__cohort=cohort) if profile.is_complete
    )
    return (
        f"Trust profiles: {complete} of {len(participants)} in {BRIDGE} are complete; "
        f"{len(participants) - complete} still to finish."
    )


def _wish_skills(participant: Participant, index: int) -> list[str]:
    """The skills the mentee asked for when they applied (WISHES), in the framework's words."""
    asked = participant.application.learning_goals
    return WISH_SKILLS[WISHES.index(asked) if asked in WISHES else index % len(WISH_SKILLS)]


def _save_profile(participant: Participant, context: DemoContext, **fields) -> None:
    """Saved by the person themselves when they have an account, else by the demo manager."""
    actor = participant.employee.user or context.accounts["manager"]
    try:
        trust_profile_save(participant=participant, actor=actor, **fields)
    except ValidationError as error:
        raise RuntimeError(f"Demo trust profile for {participant.employee.name} failed: {error}") from error

"""Demo trust profiles, saved through ``trust_profile_save`` by the people themselves.

Mentors' strengths overlap the mentees' wishes (those they wrote in their application), so
matching has real choices; mentors take one or two mentees. ``seed_trust_profiles`` fills
Leadership Bridge 2026's class; the past cohort and Leadership Bridge's first wave use
``profile_save`` as each person fills theirs in.
"""

from django.core.exceptions import ValidationError

from cohorts.models import Participant, ParticipantStatus, TrustProfile
from cohorts.profiles.services import profile_framework_for, trust_profile_save
from cohorts.selectors import cohort_for_program
from demo.context import DemoContext
from demo.programs import BRIDGE, WISHES
from programs.models import ApplicantRole, Program

# What mentees asked for in their application (programs.WISHES), in the framework's words.
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


def profile_fields(participant: Participant, index: int) -> dict:
    """A complete profile for the ``index``-th mentee or mentor of a class."""
    if participant.role == ApplicantRole.MENTEE:
        return {
            "values": VALUE_PICKS[index % len(VALUE_PICKS)],
            "passions": PASSION_TRIOS[index % len(PASSION_TRIOS)],
            "purpose_statement": MENTEE_PURPOSES[index % len(MENTEE_PURPOSES)],
            "strengths": MENTEE_STRENGTHS[index % len(MENTEE_STRENGTHS)],
            "learning_wishes": _wish_skills(participant, index),
        }
    return {
        "values": VALUE_PICKS[(index + 3) % len(VALUE_PICKS)],
        "passions": PASSION_TRIOS[(index + 2) % len(PASSION_TRIOS)],
        "purpose_statement": MENTOR_PURPOSES[index % len(MENTOR_PURPOSES)],
        "strengths": OFFER_SKILLS[index % len(OFFER_SKILLS)],
        "learning_wishes": ["Product thinking"] if index % 2 else ["Data-driven decisions"],
        "mentor_capacity": 1 + index % 2,
    }


def profile_save(participant: Participant, manager, **fields) -> TrustProfile:
    """Saved by the person themselves when they have an account, else by the program manager."""
    actor = participant.employee.user or manager
    try:
        return trust_profile_save(participant=participant, actor=actor, **fields)
    except ValidationError as error:
        raise RuntimeError(f"Demo trust profile for {participant.employee.name} failed: {error}") from error


def seed_trust_profiles(context: DemoContext) -> str:
    """Fill the Leadership Bridge class's missing trust profiles through ``trust_profile_save``.

    Every mentor and mentee without a profile — mentee@ and mentor@ included — gets a complete
    one, except the two mentees who joined the class last: one stopped half-way, one has not
    started.
    Idempotent: people with a profile are left alone.
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
    existing = set(
        TrustProfile.objects.filter(participant__cohort=cohort).values_list("participant_id", flat=True)
    )
    mentees = [p for p in participants if p.role == ApplicantRole.MENTEE]
    mentors = [p for p in participants if p.role == ApplicantRole.MENTOR]
    # The two who joined the class last have not finished (the same two on every run).
    others = sorted((p for p in mentees if p.employee.user_id not in demo_users), key=lambda p: p.pk)
    half_done, not_started = (others[-2], others[-1]) if len(others) >= 2 else (None, None)

    made = 0
    for index, participant in enumerate(mentees + mentors):
        if participant.pk in existing or participant == not_started:
            continue
        position = index if participant.role == ApplicantRole.MENTEE else index - len(mentees)
        fields = profile_fields(participant, position)
        if participant == half_done:
            fields.update(purpose_statement="", strengths=[], learning_wishes=[])
        profile_save(participant, context.accounts["manager"], **fields)
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

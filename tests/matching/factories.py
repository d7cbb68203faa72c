"""Factories for published pairs. Children take their organization from their parent."""

import factory
from django.utils import timezone

from cohorts.models import CohortStatus, Participant
from matching.models import MatchSettings, MemberRole, Pair, PairKind, PairMember
from matching.scoring import DEFAULT_WEIGHTS
from programs.models import ApplicantRole, ProgramStatus, Structure
from tests.cohorts.factories import CohortFactory, ParticipantFactory, TrustProfileFactory
from tests.factories import EmployeeFactory
from tests.programs.factories import ProgramFactory


class PairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pair

    cohort = factory.SubFactory(
        CohortFactory, status=CohortStatus.ACTIVE, program__status=ProgramStatus.ACTIVE
    )
    organization = factory.SelfAttribute("cohort.organization")
    kind = PairKind.ONE_TO_ONE
    published_at = factory.LazyFunction(timezone.now)


class PairMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PairMember

    pair = factory.SubFactory(PairFactory)
    organization = factory.SelfAttribute("pair.organization")
    participant = factory.SubFactory(
        ParticipantFactory,
        cohort=factory.SelfAttribute("..pair.cohort"),
        application__role=factory.LazyAttribute(
            lambda o: (
                ApplicantRole.MENTOR if o.factory_parent.role == MemberRole.MENTOR else ApplicantRole.MENTEE
            )
        ),
    )
    role = MemberRole.MENTEE
    joined_at = factory.LazyFunction(timezone.now)


def published_pair(cohort=None, *, mentor_employee=None, mentee_employee=None, **pair_fields) -> Pair:
    """A one-to-one pair with a mentor and a mentee, both selected participants of ``cohort``.

    Pass roster employees (e.g. linked to the conftest users) to decide who they are.
    """
    pair = PairFactory(cohort=cohort, **pair_fields) if cohort else PairFactory(**pair_fields)
    for role, employee in ((MemberRole.MENTOR, mentor_employee), (MemberRole.MENTEE, mentee_employee)):
        participant_fields = {"cohort": pair.cohort, "application__role": role}
        if employee is not None:
            participant_fields["application__employee"] = employee
        PairMemberFactory(pair=pair, role=role, participant=ParticipantFactory(**participant_fields))
    return pair


# --- Match runs -----------------------------------------------------------------------------


class MatchSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchSettings

    program = factory.SubFactory(ProgramFactory)
    organization = factory.SelfAttribute("program.organization")
    weights = factory.LazyFunction(lambda: dict(DEFAULT_WEIGHTS))
    min_level_gap = 1

    @factory.post_generation
    def program_mode(obj, create, extracted, **kwargs):
        """The mode is the program's design choice (``Program.matching_mode``): keep them one."""
        if obj.program.matching_mode != obj.mode:
            obj.program.matching_mode = obj.mode
            if create:
                obj.program.save(update_fields=["matching_mode"])


def active_matching_cohort(
    organization, *, structure: str = Structure.ONE_TO_ONE, group_size=None, **program
):
    """An active cohort (and program) of ``organization``, with no one in it yet."""
    return CohortFactory(
        program__organization=organization,
        program__status=ProgramStatus.ACTIVE,
        program__structure=structure,
        program__group_size=group_size,
        program__mentee_limit=50,
        program__mentor_limit=50,
        status=CohortStatus.ACTIVE,
        **{f"program__{key}": value for key, value in program.items()},
    )


def member(
    cohort,
    role: str,
    *,
    department: str = "Engineering",
    level: int = 2,
    name: str | None = None,
    manager=None,
    location: str = "Amsterdam",
    user=None,
    profile: dict | None = None,
    capacity: int = 1,
) -> Participant:
    """A selected participant of ``cohort`` with a roster row and, unless ``profile=False``, a
    complete trust profile (``profile`` overrides its fields)."""
    employee_fields = {
        "organization": cohort.organization,
        "department": department,
        "level": level,
        "manager": manager,
        "location": location,
    }
    if name:
        employee_fields["name"] = name
    if user is not None:
        employee_fields.update(user=user, email=user.email)
    employee = EmployeeFactory(**employee_fields)
    participant = ParticipantFactory(cohort=cohort, application__role=role, application__employee=employee)
    if profile is not False:
        TrustProfileFactory(participant=participant, mentor_capacity=capacity, **(profile or {}))
    return participant


def small_class(organization, *, mentees: int = 3, mentors: int = 3, **cohort_fields):
    """An active cohort with mentees in Engineering (level 2) and mentors across departments
    (level 5), each with a complete profile. Returns (cohort, mentees, mentors)."""
    cohort = active_matching_cohort(organization, **cohort_fields)
    departments = ["Finance", "Sales", "Operations", "Legal", "People"]
    mentee_list = [member(cohort, ApplicantRole.MENTEE, name=f"Mentee {n + 1}") for n in range(mentees)]
    mentor_list = [
        member(
            cohort,
            ApplicantRole.MENTOR,
            department=departments[n % len(departments)],
            level=5,
            name=f"Mentor {n + 1}",
            profile={"strengths": ["Negotiation", "Pricing"] if n == 0 else ["Writing"]},
        )
        for n in range(mentors)
    ]
    return cohort, mentee_list, mentor_list


def draft_run(organization, *, mentees: int = 2, mentors: int = 2):
    """A draft match run of a fresh small class of ``organization``, made by the service."""
    from matching.services.runs import match_run_create

    cohort, _, _ = small_class(organization, mentees=mentees, mentors=mentors)
    return match_run_create(cohort=cohort, actor=None)


def circle_class(organization, *, peers: int = 8, size: int = 4, departments=None, **cohort_fields):
    """An active peer-circle cohort of ``peers`` peers spread over four departments and levels
    1–3, circles of ``size``. Returns (cohort, peers)."""
    cohort = active_matching_cohort(
        organization, structure=Structure.PEER_CIRCLE, group_size=size, **cohort_fields
    )
    departments = departments or ["Finance", "Sales", "Operations", "Legal"]
    people = [
        member(
            cohort,
            ApplicantRole.PEER,
            name=f"Peer {n + 1}",
            department=departments[n % len(departments)],
            level=1 + n % 3,
        )
        for n in range(peers)
    ]
    return cohort, people


def circle_run(organization, **kwargs):
    """A draft run of a fresh peer-circle class of ``organization``, made by the service."""
    from matching.services.runs import match_run_create

    cohort, _ = circle_class(organization, **kwargs)
    return match_run_create(cohort=cohort, actor=None)


# --- URL kwargs for tests/access_table.py: real objects of the given organization -----------


def circle_run_kwargs(organization) -> dict:
    return {"pk": circle_run(organization).pk}


def circle_cohort_kwargs(organization) -> dict:
    return {"pk": circle_class(organization)[0].pk}


def circle_choice_kwargs(organization) -> dict:
    from matching.services.circles import circle_choice_add

    cohort, people = circle_class(organization)
    choice = circle_choice_add(cohort=cohort, first=people[0], second=people[1], kind="apart", actor=None)
    return {"pk": choice.pk}


def run_kwargs(organization) -> dict:
    return {"pk": draft_run(organization).pk}


def run_pair_kwargs(organization) -> dict:
    run = draft_run(organization)
    return {"pk": run.pk, "proposal_pk": run.proposed_pairs.order_by("id").first().pk}


def pin_kwargs(organization) -> dict:
    from matching.services.edits import pair_pin

    proposal = draft_run(organization).proposed_pairs.select_related("run__cohort").first()
    pin = pair_pin(cohort=proposal.run.cohort, mentee=proposal.mentee, mentor=proposal.mentor, actor=None)
    return {"pk": pin.pk}


def forbid_kwargs(organization) -> dict:
    from matching.services.edits import pair_forbid

    proposal = draft_run(organization).proposed_pairs.select_related("run__cohort").first()
    forbid = pair_forbid(
        cohort=proposal.run.cohort, mentee=proposal.mentee, mentor=proposal.mentor, actor=None
    )
    return {"pk": forbid.pk}


def rematch_request_kwargs(organization) -> dict:
    from matching.models import RematchRequest

    pair = published_pair(PairFactory(cohort__program__organization=organization).cohort)
    mentee = pair.members.get(role=MemberRole.MENTEE).participant
    request = RematchRequest.objects.create(
        organization=organization, cohort=pair.cohort, pair=pair, participant=mentee, reason="Private reason"
    )
    return {"pk": request.pk}


def everyone_pair_kwargs(organization) -> dict:
    """A peer circle of every member: each role's user may ask to leave it."""
    from tests.sessions.factories import circle_of_everyone

    return {"pk": circle_of_everyone(organization).pk}


def everyone_mentee_cohort_kwargs(organization) -> dict:
    """An active cohort where every member is a mentee: each role's user has a shortlist page."""
    from tests.cohorts.factories import cohort_of_everyone

    return {"pk": cohort_of_everyone(organization).pk}


def proposed_pair_kwargs(organization) -> dict:
    return {"pk": draft_run(organization).proposed_pairs.order_by("id").first().pk}


def pair_kwargs(organization) -> dict:
    return {"pk": published_pair(PairFactory(cohort__program__organization=organization).cohort).pk}

"""What a program's class means for the program's own status steps (``programs/lifecycle.py``).

Registered from ``CohortsConfig.ready()`` with ``register_transition_check``, since programs
sit below cohorts and cannot ask about classes themselves:

- a program whose class exists can't go back to draft (the class would hang off a draft);
- a program whose class is being chosen starts with it, from the class page, where the
  manager sees who is placed and everyone is told; not with the program's own button.

And, registered with ``register_transition_effect``: a program marked completed (the program
page's "Mark as completed" at the end of its year) completes its active class with it, so its
participants are no longer "in an active cohort" (they may apply next year) and the year's
reminders stop.

And the link a program's pages show to its class (``programs/class_link.py``).
"""

import datetime

from django.urls import reverse

from cohorts.models import Cohort, CohortStatus
from cohorts.selectors import SELECTABLE_PROGRAM_STATUSES, cohort_for_program
from cohorts.services import cohort_complete
from programs.class_link import ClassLink
from programs.models import Program, ProgramStatus


def class_blocks_transition(program: Program, to_status: str) -> str:
    if to_status == ProgramStatus.DRAFT:
        cohort = Cohort.objects.filter(program=program).first()
        if cohort is not None:
            return f"The class “{cohort.name}” exists, so the program can't go back to draft."
    elif (
        to_status == ProgramStatus.ACTIVE
        and Cohort.objects.filter(program=program, status=CohortStatus.SELECTING).exists()
    ):
        return (
            "Start the cohort from the class page instead: the program starts with it, "
            "and everyone placed is told."
        )
    return ""


def complete_class_with_program(program: Program, *, actor, now: datetime.datetime) -> None:
    if program.status != ProgramStatus.COMPLETED:
        return
    for cohort in Cohort.objects.filter(program=program, status=CohortStatus.ACTIVE):
        cohort_complete(cohort=cohort, actor=actor, now=now)


def program_class_link(org_slug: str, program: Program) -> ClassLink | None:
    """Where the program's pages lead to its class (one query): the class once it exists; the
    page to start one while the program takes or weighs applications; None otherwise."""
    exists = cohort_for_program(program) is not None
    if not exists and program.status not in SELECTABLE_PROGRAM_STATUSES:
        return None
    url = reverse("cohorts:for_program", kwargs={"org_slug": org_slug, "program_pk": program.pk})
    return ClassLink(url=url, exists=exists)

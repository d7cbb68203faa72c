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
"""

import datetime

from cohorts.models import Cohort, CohortStatus
from cohorts.services import cohort_complete
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

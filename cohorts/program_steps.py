"""What a program's class means for the program's own status steps (``programs/lifecycle.py``).

Registered from ``CohortsConfig.ready()`` with ``register_transition_check``, since programs
sit below cohorts and cannot ask about classes themselves:

- a program whose class exists can't go back to draft (the class would hang off a draft);
- a program whose class is being chosen starts with it, from the class page, where the
  manager sees who is placed and everyone is told; not with the program's own button.
"""

from cohorts.models import Cohort, CohortStatus
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

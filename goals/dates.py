"""Stored goal dates outside their range (``manage.py find_out_of_range_dates``).

The services date a goal from today to ``MAX_TARGET_YEARS`` ahead, its milestones up to the
goal's target date, and check-ins from the program's start (less the margin) to today; rows
stored before these checks are found against the program's year, widened by those years.
"""

from collections.abc import Iterator

from goals.models import Goal, GoalCheckIn, Milestone
from goals.services.plans import MAX_TARGET_YEARS
from organizations.date_ranges import DateRange, StoredDate, stored_outside
from organizations.months import add_years
from programs.dates import program_year, programs_by_dates


def find_stored_goal_dates(organization) -> Iterator[StoredDate]:
    for program in programs_by_dates(organization):
        year = program_year(program)
        goal_dates = DateRange(
            year.earliest,
            add_years(year.latest, MAX_TARGET_YEARS),
            f"the program's year, to {MAX_TARGET_YEARS} years after it",
        )
        in_program = {"plan__member__pair__cohort__program_id": program.pk}
        yield from stored_outside(Goal.objects.filter(**in_program), "target_date", goal_dates, organization)
        in_goal = {f"goal__{key}": value for key, value in in_program.items()}
        yield from stored_outside(Milestone.objects.filter(**in_goal), "due_date", goal_dates, organization)
        yield from stored_outside(GoalCheckIn.objects.filter(**in_goal), "date", year, organization)

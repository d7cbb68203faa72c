"""The ranges a program's dates, and the dates inside its year, must fall in.

``organizations/date_ranges.py`` says why every date a person enters is bounded. Here is what
bounds the ones that belong to a program:

- start and end: between 1 January 2000 and 31 December 2100, ending at most
  ``MAX_PROGRAM_YEARS`` after the start;
- the target date: from the start to ``TARGET_YEARS_AFTER_END`` years after the end (retention is
  measured after the year is over);
- the application window: from ``APPLICATIONS_YEARS_BEFORE`` years before the start to the
  program dates' own limit (2100);
- everything that happens in the mentoring year (meetings, learning sessions, action items,
  goal check-ins, the ranking deadline): the program's dates, give or take ``MARGIN`` (a kickoff
  before the start, a last meeting after the end).
"""

import datetime
from collections.abc import Iterator

from organizations.date_ranges import DateRange, StoredDate, day_label, shift, stored_outside
from organizations.months import add_years
from programs.models import Program, ProgramPhase

PROGRAM_DATES = DateRange(datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))
MAX_PROGRAM_YEARS = 5
TARGET_YEARS_AFTER_END = 5
APPLICATIONS_YEARS_BEFORE = 2
MARGIN = datetime.timedelta(days=92)
MARGIN_LABEL = "three months"


def _years(day: datetime.date, years: int) -> datetime.date:
    try:
        return add_years(day, years)
    except ValueError:  # past year 9999 or before year 1: only a bad stored date gets here
        return datetime.date.max if years > 0 else datetime.date.min


def _dates(program: Program) -> str:
    return f"{day_label(program.start_date)} – {day_label(program.end_date)}"


def program_year(program: Program) -> DateRange:
    """When the things of the mentoring year may happen: the program's dates ± ``MARGIN``."""
    return DateRange(
        shift(program.start_date, -MARGIN),
        shift(program.end_date, MARGIN),
        f"the program runs {_dates(program)}, give or take {MARGIN_LABEL}",
    )


def program_end_range(start_date: datetime.date) -> DateRange:
    return DateRange(
        shift(start_date, datetime.timedelta(days=1)),
        _years(start_date, MAX_PROGRAM_YEARS),
        f"a program ends after it starts and runs at most {MAX_PROGRAM_YEARS} years",
    )


def target_range(program: Program) -> DateRange:
    return DateRange(
        program.start_date,
        _years(program.end_date, TARGET_YEARS_AFTER_END),
        f"from the program's start to {TARGET_YEARS_AFTER_END} years after its end",
    )


def applications_range(program: Program) -> DateRange:
    # The late side stops at the program dates' own limit, not at the program's end: a window
    # that closes after the end is odd but breaks nothing, and the manager may have a reason.
    return DateRange(
        _years(program.start_date, -APPLICATIONS_YEARS_BEFORE),
        PROGRAM_DATES.latest,
        f"from {APPLICATIONS_YEARS_BEFORE} years before the program starts",
    )


def programs_by_dates(organization) -> Iterator[Program]:
    """The organization's programs with only their id and dates, read without the datetimes a
    bad stored value would make unreadable (for the finders)."""
    rows = Program.objects.filter(organization=organization).order_by("pk")
    for pk, start_date, end_date in rows.values_list("pk", "start_date", "end_date"):
        yield Program(pk=pk, organization=organization, start_date=start_date, end_date=end_date)


def find_stored_program_dates(organization) -> Iterator[StoredDate]:
    """Programs, phases and application windows stored outside their ranges."""
    programs = Program.objects.filter(organization=organization)
    for name in ("start_date", "end_date"):
        yield from stored_outside(programs, name, PROGRAM_DATES, organization)
    for program in programs_by_dates(organization):
        one = Program.objects.filter(pk=program.pk)
        yield from stored_outside(one, "target_by", target_range(program), organization)
        for name in ("applications_open_at", "applications_close_at"):
            yield from stored_outside(one, name, applications_range(program), organization)
        phases = ProgramPhase.objects.filter(program_id=program.pk)
        yield from stored_outside(
            phases,
            "date",
            DateRange(program.start_date, program.end_date, "the program's dates"),
            organization,
        )

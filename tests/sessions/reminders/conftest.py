"""A mentoring year with fixed dates for the reminder tests: Acme keeps its clock in
Europe/Amsterdam, whose summer time starts on Sunday 29 March 2026 and ends on Sunday
25 October 2026. The program runs 5 January – 18 December 2026 and asks for a meeting every
14 days; the conftest mentor and mentee are paired (published 2 March)."""

import pytest

from tests.cohorts.factories import CohortFactory
from tests.frozen_time import frozen, local
from tests.sessions.factories import pair_of


@pytest.fixture
def year(org):
    import datetime

    return CohortFactory(
        program__organization=org,
        program__name="Rising Leaders",
        program__status="active",
        program__start_date=datetime.date(2026, 1, 5),
        program__end_date=datetime.date(2026, 12, 18),
        program__meeting_cadence_days=14,
        status="active",
        name="2026 class",
    )


@pytest.fixture
def year_pair(org, year, mentor, mentee):
    with frozen(local(org, "2026-03-02 09:00")):
        return pair_of(mentor, mentee, year)

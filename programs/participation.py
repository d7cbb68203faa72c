"""Who is already in an active cohort: a hook the cohorts app fills in.

Eligibility has a rule "not already in an active cohort", but cohorts sit above programs in
the layers (STYLE.md), so programs cannot import them. Instead cohorts registers a source at
start-up (``CohortsConfig.ready()``)::

    register_active_participation_source(my_function)

where ``my_function(organization, employee_ids) -> set[int]`` returns which of those employee
ids are participants of a cohort that is active now. Until a source is registered nobody
counts as being in an active cohort.
"""

from collections.abc import Callable, Iterable

from organizations.models import Organization

ActiveParticipationSource = Callable[[Organization, list[int]], set[int]]


def _nobody(organization: Organization, employee_ids: list[int]) -> set[int]:
    return set()


_source: ActiveParticipationSource = _nobody


def register_active_participation_source(source: ActiveParticipationSource) -> ActiveParticipationSource:
    """Install ``source`` and return the one it replaces (tests restore it afterwards)."""
    global _source
    previous = _source
    _source = source
    return previous


def active_participation_source_is_registered() -> bool:
    """Whether an app above programs has installed a source (a start-up check asks)."""
    return _source is not _nobody


def employees_in_active_cohorts(organization: Organization, employee_ids: Iterable[int]) -> set[int]:
    """Which of ``employee_ids`` are in an active cohort of ``organization`` (one call, any size)."""
    ids = sorted(set(employee_ids))
    if not ids:
        return set()
    return set(_source(organization, ids)) & set(ids)

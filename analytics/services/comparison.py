"""Keep each started cohort's comparison groups drawn, and let a manager re-draw one.

The draw itself is ``analytics/comparison.py``; this module stores it. A group is drawn once per
cohort and role and kept while the class and the settings (seed, k, tenure band, eligibility
rules, start date) stay the same, so figures do not wander between refreshes; a change to any
of them re-draws it with the same seed.
"""

import datetime
import hashlib
import json
import secrets
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from django.utils import timezone

from analytics.comparison import (
    DEFAULT_K,
    TENURE_BAND_MONTHS,
    attributes_on_days,
    balance,
    comparison_draw,
    eligibility_on,
)
from analytics.definitions import retention_window_end
from analytics.facts.roster import RosterArrays, day_number
from analytics.facts.writer import facts_insert
from analytics.models import ComparisonGroup, ComparisonMember
from cohorts.models import Cohort
from organizations.models import Organization


@dataclass(frozen=True)
class CohortClass:
    """A started cohort's participants in one role, as the refresh knows them."""

    cohort_id: int
    program_id: int
    role: str
    start: datetime.date
    participant_ids: dict[int, int]  # roster position → Participant id
    excluded: np.ndarray  # roster positions that may never be drawn (this cohort's people)
    rules: list  # the program's EligibilityRule rows for the role
    in_active_cohort: frozenset[int]  # employee ids in a cohort active on the start day


def _inputs_key(group: ComparisonGroup, klass: CohortClass, roster: RosterArrays) -> str:
    employees = sorted(int(roster.employee_ids[p]) for p in klass.participant_ids)
    rules = sorted((r.kind, json.dumps(r.value, sort_keys=True)) for r in klass.rules)
    payload = json.dumps(
        [employees, klass.start.isoformat(), group.seed, group.k, group.tenure_band_months, rules]
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def comparison_groups_sync(
    *,
    organization: Organization,
    roster: RosterArrays,
    classes: list[CohortClass],
    first_participation: np.ndarray,
) -> dict[tuple[int, str], np.ndarray]:
    """Draw the comparison groups that are missing or out of date; return every group's people
    (roster positions) by (cohort id, role). Called by the refresh, inside its transaction."""
    existing = {(g.cohort_id, g.role): g for g in ComparisonGroup.objects.all()}
    stored: dict[int, list[int]] = {}
    for group_id, employee_id in ComparisonMember.objects.values_list("group_id", "employee_id"):
        stored.setdefault(group_id, []).append(employee_id)
    # New groups, the members of re-drawn ones and their settings are written a few statements
    # for all classes together: a first refresh draws forty groups at 100,000 employees.
    missing = [
        ComparisonGroup(
            organization=organization,
            cohort_id=klass.cohort_id,
            role=klass.role,
            seed=secrets.randbits(62),
            k=DEFAULT_K,
            tenure_band_months=TENURE_BAND_MONTHS,
        )
        for klass in classes
        if (klass.cohort_id, klass.role) not in existing
    ]
    for group in ComparisonGroup.objects.bulk_create(missing):
        existing[(group.cohort_id, group.role)] = group
    result: dict[tuple[int, str], np.ndarray] = {}
    to_draw = []
    for klass in classes:
        group = existing[(klass.cohort_id, klass.role)]
        key = _inputs_key(group, klass, roster)
        if group.inputs_key == key:
            ids = stored.get(group.pk, [])
            result[(klass.cohort_id, klass.role)] = roster.positions(ids) if ids else np.zeros(0, np.int64)
        else:
            to_draw.append((klass, group, key))
    attributes_by_day = attributes_on_days(roster, [klass.start for klass, _, _ in to_draw])
    redrawn: list[ComparisonGroup] = []
    members: list[tuple[int, int, int]] = []
    for klass, group, key in to_draw:
        attributes = attributes_by_day[klass.start]
        start = day_number(klass.start)
        everyone = np.arange(roster.size)
        participants = np.array(sorted(klass.participant_ids), dtype=np.int64)
        participants = participants[roster.in_headcount(participants, start)]
        follow_up_end = day_number(retention_window_end(klass.start))
        pool = roster.in_headcount(everyone, start) & (first_participation > follow_up_end)
        pool[klass.excluded] = False
        eligible = eligibility_on(
            roster=roster,
            attributes=attributes,
            organization=organization,
            rules=klass.rules,
            day=klass.start,
            in_active_cohort=klass.in_active_cohort,
        )
        pairs = comparison_draw(
            participants=participants,
            candidates=np.flatnonzero(pool),
            attributes=attributes,
            eligible=eligible,
            k=group.k,
            seed=group.seed,
            band=group.tenure_band_months,
        )
        controls = np.array(sorted(c for _, c in pairs), dtype=np.int64)
        members += [
            (group.pk, int(roster.employee_ids[control]), klass.participant_ids[participant])
            for participant, control in pairs
        ]
        matched = (
            np.bincount([p for p, _ in pairs], minlength=roster.size) if pairs else np.zeros(roster.size)
        )
        group.inputs_key = key
        group.drawn_at = timezone.now()
        group.participants = len(participants)
        group.participants_fully_matched = int(np.sum(matched[participants] >= group.k))
        group.balance = balance(
            participants=participants,
            controls=controls,
            attributes=attributes,
            departments=roster.departments,
        )
        redrawn.append(group)
        result[(klass.cohort_id, klass.role)] = controls
    if redrawn:
        ComparisonMember.objects.filter(group__in=redrawn).delete()
        facts_insert(
            ComparisonMember,
            organization_id=organization.pk,
            columns=("group_id", "employee_id", "participant_id"),
            rows=members,
        )
        ComparisonGroup.objects.bulk_update(
            redrawn, ["inputs_key", "drawn_at", "participants", "participants_fully_matched", "balance"]
        )
    return result


@transaction.atomic
def comparison_group_reseed(
    *,
    cohort: Cohort,
    role: str,
    seed: int | None = None,
    k: int | None = None,
    tenure_band_months: int | None = None,
) -> ComparisonGroup:
    """Change how a cohort's comparison group is drawn (a new seed unless one is given, and
    optionally k and the tenure band); the next facts refresh re-draws it and recomputes.

    Kept apart from the refresh so an analyst's re-draw is an explicit, recorded choice rather
    than something that happens whenever figures are rebuilt.
    """
    group, _ = ComparisonGroup.objects.get_or_create(
        organization=cohort.organization,
        cohort=cohort,
        role=role,
        defaults={"seed": secrets.randbits(62), "k": DEFAULT_K, "tenure_band_months": TENURE_BAND_MONTHS},
    )
    group.seed = secrets.randbits(62) if seed is None else seed
    if k is not None:
        group.k = k
    if tenure_band_months is not None:
        group.tenure_band_months = tenure_band_months
    group.inputs_key = ""
    group.save()
    from analytics.tasks import facts_refresh_later

    facts_refresh_later(cohort.organization_id)
    return group

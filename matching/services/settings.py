"""A program's match settings: the weight of each score component and the matching rules.

``match_settings_build`` validates a manager's choices into an unsaved ``MatchSettings``, which
the settings page previews against the cohort before ``match_settings_save`` stores them.
Settings change later runs only: each run keeps a snapshot of what it was scored with.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.db import transaction

from matching.inputs import settings_for
from matching.models import LoadBalance, MatchMode, MatchSettings
from matching.scoring import COMPONENTS
from organizations.date_ranges import StoredDate, stored_outside
from programs.dates import program_year, programs_by_dates
from programs.models import Program, Structure

MAX_WEIGHT = 10.0
MAX_LEVEL_GAP = 10
MAX_SHORTLIST = 10


def match_settings_build(
    *,
    program: Program,
    weights: dict[str, float],
    min_level_gap: int,
    level_gap_is_hard: bool,
    mode: str,
    shortlist_size: int,
    ranking_deadline: datetime.datetime | None,
    allow_previous_pairs: bool,
    load_balance: int = LoadBalance.OFF,
    honour_first_choices: bool = True,
) -> MatchSettings:
    """Check the choices and return them as unsaved settings of ``program`` (nothing is written).

    Weights: one per score component, each from 0 (off) to 10, at least one above 0. Level gap
    0 to 10. Hybrid mode needs mentors to rank (not peer circles) and a shortlist of 1 to 10.
    Load balance: one of ``LoadBalance`` (peer circles have no mentors to balance).
    Raises ``ValidationError`` keyed by field with every problem.
    """
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(weights) - set(COMPONENTS))
    if unknown:
        errors.setdefault("weights", []).append(f"Unknown score components: {', '.join(unknown)}.")
    clean: dict[str, float] = {}
    for name in COMPONENTS:
        value = weights.get(name, 0.0)
        try:
            value = float(value)
        except (TypeError, ValueError):
            errors.setdefault(f"weight_{name}", []).append("Enter a number.")
            continue
        if not math.isfinite(value) or not 0 <= value <= MAX_WEIGHT:
            errors.setdefault(f"weight_{name}", []).append(f"Use a weight from 0 (ignore) to {MAX_WEIGHT:g}.")
        clean[name] = value
    if len(clean) == len(COMPONENTS) and not any(v > 0 for n, v in clean.items() if n != "mentee_rank"):
        errors.setdefault("weights", []).append(
            "Give at least one reason a weight above 0, or every pair scores 0."
        )
    if not 0 <= min_level_gap <= MAX_LEVEL_GAP:
        errors.setdefault("min_level_gap", []).append(f"Use a gap from 0 to {MAX_LEVEL_GAP} levels.")
    if mode not in MatchMode.values:
        errors.setdefault("mode", []).append("Choose manager-matched or hybrid.")
    if mode == MatchMode.HYBRID and program.structure == Structure.PEER_CIRCLE:
        errors.setdefault("mode", []).append("Peer circles have no mentors to rank; use manager-matched.")
    if not 1 <= shortlist_size <= MAX_SHORTLIST:
        errors.setdefault("shortlist_size", []).append(f"Offer 1 to {MAX_SHORTLIST} mentors.")
    if mode == MatchMode.HYBRID and ranking_deadline is not None:
        year = program_year(program)
        if problem := year.moment_problem(ranking_deadline, organization=program.organization):
            errors.setdefault("ranking_deadline", []).append(problem)
    if load_balance not in LoadBalance.values:
        errors.setdefault("load_balance", []).append("Choose one of the load-balance options.")
    elif load_balance != LoadBalance.OFF and program.structure == Structure.PEER_CIRCLE:
        errors.setdefault("load_balance", []).append("Peer circles have no mentors whose load to balance.")
    if errors:
        raise ValidationError(errors)
    current = settings_for(program)
    current.weights = clean
    current.min_level_gap = min_level_gap
    current.level_gap_is_hard = level_gap_is_hard
    current.mode = mode
    current.shortlist_size = shortlist_size
    current.ranking_deadline = ranking_deadline if mode == MatchMode.HYBRID else None
    current.allow_previous_pairs = allow_previous_pairs
    current.load_balance = load_balance
    current.honour_first_choices = bool(honour_first_choices)
    return current


@transaction.atomic
def match_settings_save(*, program: Program, actor, **choices) -> MatchSettings:
    """Validate (as ``match_settings_build``) and store the program's match settings."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    match_settings = match_settings_build(program=program, **choices)
    match_settings.updated_by = actor
    match_settings.save()
    if program.matching_mode != match_settings.mode:
        program.matching_mode = match_settings.mode  # the design's mode: one choice, two places to make it
        program.save(update_fields=["matching_mode", "updated_at"])
    return match_settings


def find_stored_ranking_deadlines(organization) -> Iterator[StoredDate]:
    """Ranking deadlines stored outside their program's year (``find_out_of_range_dates``)."""
    for program in programs_by_dates(organization):
        stored = MatchSettings.objects.filter(program_id=program.pk)
        yield from stored_outside(stored, "ranking_deadline", program_year(program), organization)

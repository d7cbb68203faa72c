"""The pairs' rhythm (rules in ``sessions/silence.py``): a nudge when a pair has not met for
longer than the cadence, a warning when it stays quiet past the program's limit, and a flag
for the program managers when it is still quiet a further period after the warning.

Each scan first works on plain values (``quiet_pairs``) and reads people only for the pairs
it has something new to say about, so a run that finds nothing new costs a few queries.
"""

import datetime

from django.urls import reverse

from organizations.clock import local_date, organization_today
from organizations.models import Organization
from organizations.notifications.links import link_by_id
from organizations.notifications.outbox import notify_count
from sessions.models import SilentSpell
from sessions.reminders.common import (
    morning_has_come,
    notified_keys,
    program_managers,
    to_managers,
    to_person,
)
from sessions.reminders.pairs import (
    QuietPair,
    current_members,
    pairs_with_members,
    partners_of,
    quiet_pairs,
    running_pairs_queryset,
)
from sessions.silence import cadence_period, flag_due, warning_due
from sessions.stored_facts import pair_facts_expire


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _silence_key(pair_id: int, since: datetime.date) -> str:
    return f"pair:{pair_id}:silent-since:{since.isoformat()}"


def pair_rhythm_scan(organization: Organization, now: datetime.datetime) -> int:
    """The registered scan: nudges, then warnings and flags, from one read of the quiet pairs."""
    if not morning_has_come(organization, now):
        return 0
    states = quiet_pairs(organization, now)
    return cadence_nudges_scan(organization, now, states=states) + silence_scan(
        organization, now, states=states
    )


def cadence_nudges_scan(
    organization: Organization, now: datetime.datetime, *, states: list[QuietPair] | None = None
) -> int:
    """Both partners of a pair quiet for longer than the cadence, once per cadence period.
    One query beyond the quiet pairs when nothing is new; then one to read the pairs' people
    (plain values) and one ``notify_count``."""
    if not morning_has_come(organization, now):
        return 0
    due: dict[str, tuple[QuietPair, int]] = {}
    for state in quiet_pairs(organization, now) if states is None else states:
        period = cadence_period(state.quiet, cadence_days=state.cadence_days, settings=state.settings)
        if period:
            due[f"pair:{state.pair_id}:since:{state.quiet.since.isoformat()}:{period}"] = (state, period)
    for key in notified_keys(organization, "meeting_cadence_nudge", due):
        del due[key]
    people = current_members(state.pair_id for state, _ in due.values())
    link = link_by_id("mentoring:pair", org_slug=organization.slug)
    messages = []
    for key, (state, _) in due.items():
        members = people.get(state.pair_id, [])
        for member in members:
            partners = partners_of(members, member)
            messages.append(
                to_person(
                    member,
                    kind="meeting_cadence_nudge",
                    key=key,
                    subject=f"Time to meet {partners or 'your partner'} again",
                    link=link(state.pair_id),
                    context={
                        "partners": partners,
                        "program": {"name": state.program_name},
                        "days": _days(state.quiet.days),
                        "cadence": _days(state.cadence_days),
                        "never_met": state.never_met,
                    },
                )
            )
    return notify_count(organization, messages, now=now, kick=False)


def silence_scan(
    organization: Organization, now: datetime.datetime, *, states: list[QuietPair] | None = None
) -> int:
    """Warn both partners of a pair quiet past ``silence_warning_days`` (once per spell); flag
    the spell for the program managers when it is still quiet ``silence_flag_days`` later.

    The warning and the flag are recorded on the ``SilentSpell`` in the same transaction as
    their messages; the spells are the record of what was said, so a run that finds nothing
    new reads no notification and no person. Queries: the quiet pairs (3), the spells (1),
    then, only when something is new, their writes, the warned pairs' people (1, plain
    values), the flagged pairs' people (2), the managers (2) and one ``notify_count``.
    """
    if not morning_has_come(organization, now):
        return 0
    today = organization_today(organization, now)
    silent = {
        state.pair_id: state
        for state in (quiet_pairs(organization, now) if states is None else states)
        if warning_due(state.quiet, settings=state.settings)
    }
    if not silent:
        return 0
    # Plain values: the spells already warned (and whether flagged) of the running pairs.
    spells = {
        (pair_id, since): (pk, warned_at, flagged_at)
        for pk, pair_id, since, warned_at, flagged_at in SilentSpell.objects.filter(
            organization=organization,
            pair__in=running_pairs_queryset(organization, today).values("pk"),
            silent_since__in={state.quiet.since for state in silent.values()},
        ).values_list("pk", "pair_id", "silent_since", "warned_at", "flagged_at")
    }
    new_spells: list[SilentSpell] = []
    to_flag: list[SilentSpell] = []
    for state in silent.values():
        spell = spells.get((state.pair_id, state.quiet.since))
        if spell is None:
            new_spells.append(
                SilentSpell(
                    organization=organization,
                    pair_id=state.pair_id,
                    silent_since=state.quiet.since,
                    warned_at=now,
                )
            )
            continue
        pk, warned_at, flagged_at = spell
        if flagged_at is None and flag_due(
            warned_on=local_date(warned_at, organization), today=today, settings=state.settings
        ):
            to_flag.append(
                SilentSpell(pk=pk, pair_id=state.pair_id, silent_since=state.quiet.since, warned_at=warned_at)
            )
    if not new_spells and not to_flag:
        return 0
    SilentSpell.objects.bulk_create(new_spells, ignore_conflicts=True)
    if to_flag:
        SilentSpell.objects.filter(pk__in=[spell.pk for spell in to_flag], flagged_at__isnull=True).update(
            flagged_at=now
        )
        # Flagged pairs show so in the overview: their stored facts are computed again when read.
        pair_facts_expire(pairs=[spell.pair_id for spell in to_flag])
    members_of = current_members(spell.pair_id for spell in new_spells)
    link = link_by_id("mentoring:pair", org_slug=organization.slug)
    messages = []
    for spell in new_spells:
        state, members = silent[spell.pair_id], members_of.get(spell.pair_id, [])
        for member in members:
            partners = partners_of(members, member)
            messages.append(
                to_person(
                    member,
                    kind="pair_silence_warning",
                    key=_silence_key(spell.pair_id, spell.silent_since),
                    subject=f"Your mentoring with {partners or 'your partner'} has gone quiet",
                    link=link(spell.pair_id),
                    context={
                        "partners": partners,
                        "program": {"name": state.program_name},
                        "days": _days(state.quiet.days),
                        "flag_days": _days(state.settings.silence_flag_days),
                    },
                )
            )
    people = pairs_with_members(spell.pair_id for spell in to_flag)
    managers = program_managers(organization) if to_flag else []
    for spell in to_flag:
        state, pair = silent[spell.pair_id], people[spell.pair_id]
        messages += to_managers(
            managers,
            kind="pair_silence_flag",
            key=_silence_key(spell.pair_id, spell.silent_since),
            subject=f"Flagged: {pair.people or 'a pair'} silent for {_days(state.quiet.days)}",
            link=reverse(
                "mentoring:overview", kwargs={"org_slug": organization.slug, "pk": pair.pair.cohort_id}
            ),
            context={
                "people": pair.people,
                "kind_label": pair.pair.get_kind_display().lower(),
                "cohort": pair.pair.cohort,
                "program": pair.program,
                "days": _days(state.quiet.days),
                "since": spell.silent_since,
                "warned_on": local_date(spell.warned_at, organization),
            },
        )
    return notify_count(organization, messages, now=now, kick=False)

"""The pairs' rhythm (rules in ``sessions/silence.py``): a nudge when a pair has not met for
longer than the cadence, a warning when it stays quiet past the program's limit, and a flag
for the program managers when it is still quiet a further period after the warning."""

import datetime

from django.urls import reverse

from organizations.clock import local_date, organization_today
from organizations.models import Organization
from organizations.notifications.outbox import notify_many
from sessions.models import SilentSpell
from sessions.reminders.common import morning_has_come, names, program_managers, to_employee, to_managers
from sessions.reminders.pairs import RunningPair, running_pairs, running_pairs_queryset
from sessions.silence import cadence_period, flag_due, warning_due


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def cadence_nudges_scan(organization: Organization, now: datetime.datetime) -> int:
    """Both partners of a pair quiet for longer than the cadence, once per cadence period."""
    if not morning_has_come(organization, now):
        return 0
    messages = []
    for running in running_pairs(organization, now):
        if running.quiet is None:
            continue
        cadence = running.program.meeting_cadence_days
        period = cadence_period(running.quiet, cadence_days=cadence, settings=running.settings)
        if not period:
            continue
        never_met = running.quiet.since == max(
            local_date(running.pair.published_at, organization), running.program.start_date
        )
        for member in running.members:
            messages.append(
                to_employee(
                    member.participant.employee,
                    kind="meeting_cadence_nudge",
                    key=f"pair:{running.pair.pk}:since:{running.quiet.since.isoformat()}:{period}",
                    subject=f"Time to meet {running.partners_of(member) or 'your partner'} again",
                    link=running.space_link(),
                    context={
                        "partners": running.partners_of(member),
                        "program": running.program,
                        "days": _days(running.quiet.days),
                        "cadence": _days(cadence),
                        "never_met": never_met,
                    },
                )
            )
    return len(notify_many(organization, messages, now=now, kick=False))


def silence_scan(organization: Organization, now: datetime.datetime) -> int:
    """Warn both partners of a pair quiet past ``silence_warning_days`` (once per spell); flag
    the spell for the program managers when it is still quiet ``silence_flag_days`` later.

    The warning and the flag are recorded on the ``SilentSpell`` in the same transaction as
    their messages. Queries: the running pairs (4), the open spells (1), their writes (≤ 2),
    the managers (2), one ``notify_many``.
    """
    if not morning_has_come(organization, now):
        return 0
    today = organization_today(organization, now)
    quiet_pairs = {
        running.pair.pk: running
        for running in running_pairs(organization, now)
        if running.quiet is not None and warning_due(running.quiet, settings=running.settings)
    }
    if not quiet_pairs:
        return 0
    spells = {
        (spell.pair_id, spell.silent_since): spell
        for spell in SilentSpell.objects.filter(
            organization=organization, pair__in=running_pairs_queryset(organization, today).values("pk")
        )
        if spell.pair_id in quiet_pairs
    }
    new_spells: list[SilentSpell] = []
    to_flag: list[tuple[SilentSpell, RunningPair]] = []
    for running in quiet_pairs.values():
        spell = spells.get((running.pair.pk, running.quiet.since))
        if spell is None:
            new_spells.append(
                SilentSpell(
                    organization=organization,
                    pair=running.pair,
                    silent_since=running.quiet.since,
                    warned_at=now,
                )
            )
        elif spell.flagged_at is None and flag_due(
            warned_on=local_date(spell.warned_at, organization), today=today, settings=running.settings
        ):
            to_flag.append((spell, running))
    if new_spells:
        SilentSpell.objects.bulk_create(new_spells, ignore_conflicts=True)
    if to_flag:
        SilentSpell.objects.filter(pk__in=[spell.pk for spell, _ in to_flag], flagged_at__isnull=True).update(
            flagged_at=now
        )
    messages = []
    for spell in new_spells:
        running = quiet_pairs[spell.pair_id]
        for member in running.members:
            messages.append(
                to_employee(
                    member.participant.employee,
                    kind="pair_silence_warning",
                    key=f"pair:{running.pair.pk}:silent-since:{spell.silent_since.isoformat()}",
                    subject=(
                        f"Your mentoring with {running.partners_of(member) or 'your partner'} has gone quiet"
                    ),
                    link=running.space_link(),
                    context={
                        "partners": running.partners_of(member),
                        "program": running.program,
                        "days": _days(running.quiet.days),
                        "flag_days": _days(running.settings.silence_flag_days),
                    },
                )
            )
    if to_flag:
        managers = program_managers(organization)
        for spell, running in to_flag:
            people = [m.participant.employee.name for m in running.members]
            messages += to_managers(
                managers,
                kind="pair_silence_flag",
                key=f"pair:{running.pair.pk}:silent-since:{spell.silent_since.isoformat()}",
                subject=f"Flagged: {names(people) or 'a pair'} silent for {_days(running.quiet.days)}",
                link=reverse(
                    "mentoring:overview", kwargs={"org_slug": organization.slug, "pk": running.pair.cohort_id}
                ),
                context={
                    "people": names(people),
                    "kind_label": running.pair.get_kind_display().lower(),
                    "cohort": running.pair.cohort,
                    "program": running.program,
                    "days": _days(running.quiet.days),
                    "since": spell.silent_since,
                    "warned_on": local_date(spell.warned_at, organization),
                },
            )
    return len(notify_many(organization, messages, now=now, kick=False))

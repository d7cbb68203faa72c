"""Each active pair's facts and judged health, stored (issue 17): the cohort overview and the
pair-health API read a page of these rows instead of computing every pair of the cohort per
request.

A row is written only by ``sessions.stored_facts.pair_facts_refresh`` from the live facts
(``sessions.facts.cohort_pair_facts``), so its meaning is theirs. It holds numbers, dates and the
health reasons only (metadata, as the overview shows); people's names are read live. A row is
good until ``stale_at``: the next local midnight (health is judged for a day, ``as_of``), or
sooner when the next booked meeting or the end of a learning session changes a figure. Writers
refresh their pairs' rows; a reader refreshes stale or missing rows before reading.
"""

from django.db import models
from django_scopes import ScopedManager

from cohorts.models import Cohort
from matching.models import Pair
from organizations.models import Organization


class StoredPairFacts(models.Model):
    pair = models.OneToOneField(Pair, on_delete=models.CASCADE, primary_key=True, related_name="stored_facts")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField(help_text="The day the health was judged for.")
    stale_at = models.DateTimeField(help_text="From this moment the row must be computed again.")
    health_status = models.CharField(max_length=20)
    # SEVERITY of the status: the overview sorts worst first.
    severity = models.SmallIntegerField()
    health_reasons = models.JSONField(default=list)
    published_on = models.DateField()
    could_meet_from = models.DateField(null=True)
    first_meeting_due_on = models.DateField(null=True)
    last_meeting_on = models.DateField(null=True)
    next_meeting_at = models.DateTimeField(null=True)
    meetings_held = models.IntegerField(default=0)
    meetings_expected = models.IntegerField(default=0)
    # held − expected: the overview's "meetings" sort.
    meetings_balance = models.IntegerField(default=0)
    sessions_expected = models.IntegerField(default=0)
    sessions_attended = models.IntegerField(default=0)
    attendance_percent = models.IntegerField(null=True)
    checkins_answered = models.IntegerField(default=0)
    usefulness_total = models.IntegerField(default=0)
    checkin_average = models.FloatField(null=True)
    # GoalProgress's numbers (the last goal check-in as an ISO date).
    goals = models.JSONField(default=dict)
    milestones_percent = models.IntegerField(null=True)
    overdue_milestones = models.IntegerField(default=0)
    # Each current member's latest answer: [usefulness, would_continue].
    latest_answers = models.JSONField(default=list)
    flagged_silent_since = models.DateField(null=True)
    reported_unresponsive_on = models.DateField(null=True)
    flagged = models.BooleanField(default=False)
    # Member id (as text) → their open check-in's id.
    open_checkins = models.JSONField(default=dict)

    objects = ScopedManager(organization="organization")

    class Meta:
        indexes = [
            models.Index(fields=["cohort", "severity"]),
            models.Index(fields=["cohort", "stale_at"]),
            # The cohort overview's default order (worst first, then pair: sessions/overview.py
            # ``_ordering``), so its first page reads 50 rows from the index instead of sorting
            # every stored row of the cohort.
            models.Index(
                models.F("cohort"),
                models.F("severity").desc(),
                models.F("pair"),
                name="stored_facts_worst_first",
            ),
        ]

    def __str__(self) -> str:
        return f"Facts of pair {self.pair_id} as of {self.as_of}"

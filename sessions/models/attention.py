"""Pairs that need a program manager's attention: a partner reported as unresponsive, and
silent spells (a pair that stopped meeting is warned, then flagged for the managers)."""

from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from matching.models import Pair, PairMember
from organizations.models import Organization


class UnresponsiveReport(models.Model):
    """A person in a pair told the program team that a partner does not respond.

    Privacy: the note is for program managers only (it travels in their notification); the
    partner is never told, and the pair space, API and exports never carry it.
    """

    NOTE_LIMIT = 500

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="unresponsive_reports")
    reporter = models.ForeignKey(PairMember, on_delete=models.CASCADE, related_name="+")
    about = models.ForeignKey(PairMember, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=NOTE_LIMIT, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["pair_id", "-created_at", "-id"]
        indexes = [models.Index(fields=["pair", "created_at"])]

    def __str__(self) -> str:
        return f"Member {self.reporter_id} reported member {self.about_id} unresponsive"


class SilentSpell(models.Model):
    """A stretch without meetings past the program's limit (``MentoringSettings.
    silence_warning_days``), counted from ``silent_since`` (the last meeting, or the day the
    pair could first meet). Its partners were warned at ``warned_at``; still silent
    ``silence_flag_days`` later, it was flagged for the program managers at ``flagged_at``.
    One row per pair and start of silence, so each spell is warned and flagged once."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="silent_spells")
    silent_since = models.DateField()
    warned_at = models.DateTimeField()
    flagged_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["pair_id", "-silent_since"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "silent_since"], name="one_silent_spell_per_start"),
        ]

    def __str__(self) -> str:
        return f"Pair {self.pair_id} silent since {self.silent_since}"

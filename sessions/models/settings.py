from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from organizations.models import Organization
from programs.models import Program


class MentoringSettings(models.Model):
    """How one program runs its mentoring year: when relationship check-ins go out, the
    thresholds ``sessions.health.pair_health`` applies, and when a silent pair is warned and
    then flagged (``sessions/reminders/silence.py``). Made with these defaults the first time
    a program needs them (``sessions.services.settings.mentoring_settings_for``)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="mentoring_settings")

    first_checkin_weeks = models.PositiveSmallIntegerField(
        "first check-in after (weeks)",
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="Weeks after the pairs are published before the first relationship check-in.",
    )
    checkin_interval_weeks = models.PositiveSmallIntegerField(
        "then every (weeks)",
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="Weeks between later check-ins.",
    )
    at_risk_cadence_factor = models.DecimalField(
        "at risk after (× cadence)",
        max_digits=3,
        decimal_places=1,
        default=Decimal("1.5"),
        validators=[MinValueValidator(Decimal("1.0")), MaxValueValidator(Decimal("9.9"))],
        help_text=(
            "A pair is at risk when it has not met for this many times the meeting cadence "
            "(one that never met: once its first meeting was due, one cadence after it could start)."
        ),
    )
    stalled_after_days = models.PositiveSmallIntegerField(
        "stalled after (days without a meeting)",
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    never_met_stalled_days = models.PositiveSmallIntegerField(
        "stalled if never met (days from matching or the program's start)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    at_risk_overdue_milestones = models.PositiveSmallIntegerField(
        "at risk from (overdue milestones)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    at_risk_usefulness_at_most = models.PositiveSmallIntegerField(
        "at risk when usefulness is at most",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="On the 1–5 scale of the latest check-in answer of either partner.",
    )
    silence_warning_days = models.PositiveSmallIntegerField(
        "warn a silent pair after (days without a meeting)",
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=(
            "Days without a meeting, and none planned, after which both partners are told their "
            "pair has gone quiet."
        ),
    )
    silence_flag_days = models.PositiveSmallIntegerField(
        "then flag it for managers after (more days)",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
        help_text=(
            "Days after that warning, still without a meeting, before the pair is flagged in the "
            "cohort overview and the program managers are told."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        verbose_name_plural = "mentoring settings"

    def __str__(self) -> str:
        return f"Mentoring settings of program {self.program_id}"

from django.db import models
from django_scopes import ScopedManager

from matching.models import Pair, PairMember
from organizations.models import Organization


class CheckIn(models.Model):
    """One partner's answer to one round of the relationship pulse survey.

    Made by the daily task when a round falls due; ``(pair, member, round)`` is unique, so the
    task can run any number of times. Privacy: ``comment`` is for cohort managers only; the
    partner never sees it, and the pair space, API and exports never carry it.
    """

    USEFULNESS_MIN, USEFULNESS_MAX = 1, 5

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="checkins")
    member = models.ForeignKey(PairMember, on_delete=models.CASCADE, related_name="checkins")
    round = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    emailed_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    usefulness = models.PositiveSmallIntegerField(null=True, blank=True)
    met_as_planned = models.BooleanField(null=True, blank=True)
    would_continue = models.BooleanField(null=True, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["pair_id", "round", "member_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "member", "round"], name="one_checkin_per_member_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(usefulness__isnull=True) | models.Q(usefulness__gte=1, usefulness__lte=5),
                name="checkin_usefulness_between_1_and_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in round {self.round} of member {self.member_id}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

"""Published pairs: who mentors whom in a cohort, for the mentoring year.

A ``Pair`` is one mentoring relationship of whatever shape the program has: a mentor and a
mentee (one-to-one), a mentor and several mentees (group), or a circle of peers. Its people
are ``PairMember`` rows, so goal plans, meetings and notes attach to the pair the same way in
every shape. Match runs and proposals (how pairs are chosen) live beside these models.
"""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from cohorts.models import Cohort, Participant
from organizations.models import Organization


class PairKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", "Pair"
    GROUP = "group", "Group"
    PEER_CIRCLE = "peer_circle", "Peer circle"


class PairStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


class MemberRole(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"
    PEER = "peer", "Peer"


class Pair(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pairs")
    kind = models.CharField(max_length=16, choices=PairKind.choices, default=PairKind.ONE_TO_ONE)
    status = models.CharField(max_length=8, choices=PairStatus.choices, default=PairStatus.ACTIVE)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["cohort_id", "published_at", "id"]
        indexes = [models.Index(fields=["cohort", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} in cohort {self.cohort_id}"

    @property
    def is_active(self) -> bool:
        return self.status == PairStatus.ACTIVE


class PairMember(models.Model):
    """One person in a pair. ``left_at`` is set when they leave it (rematch or withdrawal)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pair = models.ForeignKey(Pair, on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="pair_memberships")
    role = models.CharField(max_length=8, choices=MemberRole.choices)
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["pair_id", "role", "id"]
        constraints = [
            # A mentee or peer belongs to one current pair; a mentor may hold several (capacity).
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(left_at__isnull=True) & ~models.Q(role="mentor"),
                name="one_current_pair_per_mentee_or_peer",
            ),
            models.UniqueConstraint(fields=["pair", "participant"], name="a_person_is_in_a_pair_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} as {self.role} in pair {self.pair_id}"

    @property
    def is_current(self) -> bool:
        return self.left_at is None

"""Trust profiles: what a participant shares with their partner at the start of the year.

``ProfileFramework`` is the organization's vocabulary (passions, values, skills) a profile
picks from; ``TrustProfile`` is one participant's picks for one cohort. The rules (exactly
three passions, items from the framework, who may save) live in ``cohorts/profiles/services.py``;
who may read a profile is decided in ``cohorts/profiles/visibility.py`` alone.
"""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from cohorts.profiles.passions import PASSION_ARCHETYPES

# The default passion framework lives in a plain module the matching engine shares.
DEFAULT_PASSIONS = PASSION_ARCHETYPES

# One line each, shown under the passion cards. Organizations with their own passions get none.
PASSION_DESCRIPTIONS: dict[str, str] = {
    "Creator": "You light up making something new: a product, a campaign, a piece of work.",
    "Conceiver": "You love coming up with the idea and the plan before anyone builds it.",
    "Discoverer": "You want to find out how things work and what nobody has noticed yet.",
    "Processor": "You bring order: clear steps, tidy systems, nothing falling through the cracks.",
    "Teacher": "You enjoy helping others understand and watching them get it.",
    "Connector": "You bring people together and know who should meet whom.",
    "Altruist": "You are driven by doing good for others, colleagues and customers alike.",
    "Healer": "You fix what is broken and help people and teams recover.",
    "Transformer": "You take something that works and make it into something better.",
    "Builder": "You grow things over time: teams, businesses, lasting results.",
}

DEFAULT_VALUES: tuple[str, ...] = (
    "Integrity",
    "Curiosity",
    "Courage",
    "Collaboration",
    "Excellence",
    "Empathy",
    "Ownership",
    "Growth",
    "Balance",
    "Impact",
)

# Business skills, used both for what someone offers (strengths) and wants to learn (wishes).
DEFAULT_SKILLS: tuple[str, ...] = (
    "Stakeholder management",
    "Presenting to leadership",
    "Negotiation",
    "Pricing",
    "Commercial thinking",
    "People leadership",
    "Giving feedback",
    "Coaching",
    "Data-driven decisions",
    "Prioritisation",
    "Project management",
    "Strategy",
    "Finance for non-finance",
    "Product thinking",
    "Customer discovery",
    "Change management",
    "Networking",
    "Career planning",
    "Public speaking",
    "Writing",
)

PASSIONS_TO_PICK = 3
MAX_VALUES = 3
MIN_MENTOR_CAPACITY = 1
MAX_MENTOR_CAPACITY = 5


def _default_passions() -> list[str]:
    return list(DEFAULT_PASSIONS)


def _default_values() -> list[str]:
    return list(DEFAULT_VALUES)


def _default_skills() -> list[str]:
    return list(DEFAULT_SKILLS)


class ProfileFramework(models.Model):
    """The passions, values and skills an organization's trust profiles pick from.

    Made with the defaults on first use (``profile_framework_for``); managers edit the lists.
    """

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )
    passions = models.JSONField(default=_default_passions)
    values = models.JSONField(default=_default_values)
    skills = models.JSONField(default=_default_skills)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organization="organization")

    def __str__(self) -> str:
        return f"Profile framework of organization {self.organization_id}"


class ProfileSection(models.TextChoices):
    """The five parts of a profile; completion is the share of them filled."""

    VALUES = "values", "Values"
    PASSIONS = "passions", "Passions"
    PURPOSE = "purpose_statement", "Purpose statement"
    STRENGTHS = "strengths", "Strengths"
    LEARNING_WISHES = "learning_wishes", "Learning wishes"


class TrustProfile(models.Model):
    """One participant's trust profile for their cohort, shared with their partner at the start.

    ``strengths`` are what a mentor offers (or a mentee's own strengths); ``learning_wishes``
    what the person wants to learn. ``mentor_capacity`` is how many mentees a mentor can take
    and means nothing for mentees.
    """

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    participant = models.OneToOneField(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="trust_profile"
    )
    values = models.JSONField(default=list, blank=True)
    passions = models.JSONField(default=list, blank=True)
    purpose_statement = models.TextField(blank=True)
    strengths = models.JSONField(default=list, blank=True)
    learning_wishes = models.JSONField(default=list, blank=True)
    mentor_capacity = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedManager(organization="organization")

    class Meta:
        ordering = ["participant_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mentor_capacity__gte=MIN_MENTOR_CAPACITY)
                & models.Q(mentor_capacity__lte=MAX_MENTOR_CAPACITY),
                name="trust_profile_mentor_capacity_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Trust profile of participant {self.participant_id}"

    @property
    def filled_sections(self) -> list[str]:
        filled = {
            ProfileSection.VALUES: bool(self.values),
            ProfileSection.PASSIONS: len(self.passions) == PASSIONS_TO_PICK,
            ProfileSection.PURPOSE: bool(self.purpose_statement.strip()),
            ProfileSection.STRENGTHS: bool(self.strengths),
            ProfileSection.LEARNING_WISHES: bool(self.learning_wishes),
        }
        return [section for section in ProfileSection if filled[section]]

    @property
    def missing_sections(self) -> list[ProfileSection]:
        filled = set(self.filled_sections)
        return [section for section in ProfileSection if section not in filled]

    @property
    def completion(self) -> float:
        """Share of the five sections filled, 0.0 to 1.0 (passions count once all three are picked)."""
        return len(self.filled_sections) / len(ProfileSection)

    @property
    def is_complete(self) -> bool:
        return not self.missing_sections

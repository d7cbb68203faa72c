"""What the matching app holds about a person (organizations/personal_data.py): the pairs
they are or were in, the shortlist ranks they gave and the rematches they asked for."""

from matching.models import MenteeRanking, PairMember, RematchRequest
from organizations.personal_data import PersonalData, register_personal_data


def register() -> None:
    register_personal_data(
        PersonalData(
            "Pairs",
            lambda user, organization: PairMember.objects.filter(
                organization=organization, participant__employee__user=user
            ).order_by("joined_at"),
            fields=("pair__cohort__name", "pair__kind", "role", "joined_at", "left_at", "pair__status"),
            order=40,
        )
    )
    register_personal_data(
        PersonalData(
            "Shortlist ranks",
            lambda user, organization: MenteeRanking.objects.filter(
                organization=organization, mentee__employee__user=user
            ).order_by("rank"),
            fields=("mentor__employee__name", "rank", "ranked_at"),
            order=41,
        )
    )
    register_personal_data(
        PersonalData(
            "Rematch requests",
            lambda user, organization: RematchRequest.objects.filter(
                organization=organization, participant__employee__user=user
            ),
            fields=("cohort__name", "reason", "status", "outcome", "created_at", "resolved_at"),
            order=42,
        )
    )

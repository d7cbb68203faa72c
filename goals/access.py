"""Who may read a goal plan's words, and who may change them: the one place it is decided.

A plan's text (goal titles, descriptions, measures, milestone titles, check-in comments) is
read by exactly three kinds of people (docs/privacy.md):

- the **owner** — the person the plan's pair member is (their roster row's linked account);
- their **pair partner(s)** — in a one-to-one pair the other person; in a group the mentor
  and each mentee are partners of each other, but two mentees of one group are *not* (each
  mentee's plan is between them and the mentor); in a peer circle every peer is a partner of
  every other. Both people must still be in the pair (``left_at`` empty): after a rematch
  the former partner loses access;
- their current **accountability partner** when it is another member of the organization
  (an outside accountability partner reads through the secret link instead, see
  ``goals/services.py``).

Nobody else — not the program manager, not HR, not an admin, not another pair in the cohort —
reads the text. Managers see numbers only, through ``goals.selectors.goal_progress_summary``.
Only the owner writes, and only while they are still in an active pair.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import F, Value

from goals.models import AccountabilityPartner, PartnerKind
from matching.models import MemberRole, PairMember, PairStatus


class PlanAccess(StrEnum):
    OWNER = "owner"
    PARTNER = "partner"
    ACCOUNTABILITY_PARTNER = "accountability_partner"
    NONE = "none"

    @property
    def reads_text(self) -> bool:
        return self is not PlanAccess.NONE


def are_partners(role_a: str, role_b: str) -> bool:
    """Whether two people of one pair, by their roles, are each other's partners (see above)."""
    if role_a == MemberRole.PEER and role_b == MemberRole.PEER:
        return True
    return {role_a, role_b} == {MemberRole.MENTOR, MemberRole.MENTEE}


def member_user_id(member: PairMember) -> int | None:
    """The account of the person behind a pair member (needs participant__employee loaded)."""
    return member.participant.employee.user_id


@dataclass(frozen=True)
class ViewerRelations:
    """What one signed-in person is to goal plans, loaded once per request.

    ``memberships`` are the viewer's current pair memberships (pair id → roles held there);
    ``accountable_for`` are the pair members whose plans name the viewer as their current
    accountability partner.
    """

    user_id: int | None
    memberships: dict[int, set[str]] = field(default_factory=dict)
    accountable_for: frozenset[int] = frozenset()

    def access(self, member: PairMember) -> PlanAccess:
        """The viewer's access to ``member``'s plan (``member`` needs participant__employee)."""
        if self.user_id is not None and member_user_id(member) == self.user_id:
            return PlanAccess.OWNER
        if member.left_at is None:
            for role in self.memberships.get(member.pair_id, ()):
                if are_partners(role, member.role):
                    return PlanAccess.PARTNER
        if member.pk in self.accountable_for:
            return PlanAccess.ACCOUNTABILITY_PARTNER
        return PlanAccess.NONE


def viewer_relations(user) -> ViewerRelations:
    """One query: the viewer's current pair memberships and the plans they are accountable for
    (a ``UNION ALL`` of the two reads, told apart by a marker column).

    Call inside the organization's scope; an anonymous user or an API key (no user) relates
    to no plan.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return ViewerRelations(user_id=None)
    memberships = (
        PairMember.objects.filter(
            participant__employee__user=user, left_at__isnull=True, pair__status=PairStatus.ACTIVE
        )
        .annotate(relation=Value(_MEMBER), of=F("pair_id"))
        .values_list("relation", "of", "role")
        .order_by()
    )
    accountable = (
        AccountabilityPartner.objects.filter(kind=PartnerKind.MEMBER, user=user, ended_at__isnull=True)
        .annotate(relation=Value(_ACCOUNTABLE), of=F("plan__member_id"), held=Value(""))
        .values_list("relation", "of", "held")
        .order_by()
    )
    pairs: dict[int, set[str]] = {}
    accountable_for: set[int] = set()
    for relation, of, role in memberships.union(accountable, all=True):
        if relation == _MEMBER:
            pairs.setdefault(of, set()).add(role)
        else:
            accountable_for.add(of)
    return ViewerRelations(user_id=user.pk, memberships=pairs, accountable_for=frozenset(accountable_for))


_MEMBER, _ACCOUNTABLE = "member", "accountable"


def can_edit(member: PairMember, access: PlanAccess) -> bool:
    """Only the owner writes, and only while they are in the pair and the pair is active."""
    return access is PlanAccess.OWNER and member.left_at is None and member.pair.status == PairStatus.ACTIVE

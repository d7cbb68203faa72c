"""Who may read a trust profile: the one place it is decided, for every page and API endpoint.

Privacy (docs/privacy.md): a trust profile is read by

- the **person** themselves (the participant's roster row is linked to their account);
- the organization's **program managers and admins** (``programs.manage``), who match on it;
- their **partners in a current published pair**, and only once the pair is published.

Nobody else: not HR analysts, not senior leaders, not other members or participants of the
cohort, not another pair. They get the same 404 as for a profile that does not exist, so the
answer never tells them it is there.

Pairs belong to ``matching``, which sits above cohorts, so cohorts cannot ask it directly.
``matching`` registers a *partner source* from ``MatchingConfig.ready()`` with
``register_partner_source``: a function taking a ``Participant`` and returning the ids of the
participants currently paired with them in a published pair. Until one is registered nobody
has partners, which errs on the side of showing less.
"""

from collections.abc import Callable, Iterable

from cohorts.models import Participant, TrustProfile
from organizations.roles import Permission

PartnerSource = Callable[[Participant], set[int]]


def _nobody(participant: Participant) -> set[int]:
    return set()


_partner_source: PartnerSource = _nobody


def register_partner_source(source: PartnerSource) -> PartnerSource:
    """Set the function that names each participant's current published partners.

    Returns the source it replaces, so a test can put it back.
    """
    global _partner_source
    previous, _partner_source = _partner_source, source
    return previous


def partner_source_is_registered() -> bool:
    """Whether an app above cohorts has installed a partner source (a start-up check asks)."""
    return _partner_source is not _nobody


def partner_ids(participant: Participant) -> set[int]:
    """Ids of the participants currently paired with ``participant`` in a published pair."""
    return set(_partner_source(participant))


def manages_profiles(membership) -> bool:
    """Whether the member reads every profile of their organization (program managers, admins)."""
    return membership is not None and membership.can(Permission.PROGRAMS_MANAGE)


def own_participations(user) -> list[Participant]:
    """The user's participations (any cohort, any status) in the open organization's scope."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(Participant.objects.filter(employee__user=user).order_by("id"))


def readable_participant_ids(*, viewer_user, participations: Iterable[Participant] | None = None) -> set[int]:
    """Participants whose profiles a person who does not manage programs may read: their own
    participations and the current published partners of each."""
    participations = own_participations(viewer_user) if participations is None else list(participations)
    readable = {p.pk for p in participations}
    for participant in participations:
        readable |= partner_ids(participant)
    return readable


def can_view_profile(*, profile: TrustProfile, viewer_user, viewer_membership) -> bool:
    """Whether ``viewer_user`` (a member through ``viewer_membership``) may read ``profile``.

    ``profile`` may be unsaved (a participant who has not filled one yet): the same people may
    see that it is empty. A membership of another organization never reads it.
    """
    if (
        viewer_membership is None
        or viewer_user is None
        or not getattr(viewer_user, "is_authenticated", False)
    ):
        return False
    if viewer_membership.user_id != viewer_user.pk:
        return False
    if viewer_membership.organization_id != profile.organization_id:
        return False
    if manages_profiles(viewer_membership):
        return True
    return profile.participant_id in readable_participant_ids(viewer_user=viewer_user)

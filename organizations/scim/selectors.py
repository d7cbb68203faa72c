"""Reads for SCIM: the organization's members as Users (with the deactivated ones), roles as
Groups, and the filters identity providers send.

Every read is of one organization. The joins to memberships and provisioning records are
``FilteredRelation``s on that organization, so a filter on ``externalId`` can never match
what another organization's identity provider stored for the same account.
"""

import re

from django.db.models import BooleanField, Case, F, FilteredRelation, Q, QuerySet, Value, When
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser, SCIMParserError
from scim2_filter_parser.transpilers.django_q_object import Transpiler

from organizations.models import Membership, Organization, User
from organizations.roles import Role
from organizations.scim.protocol import Member, ScimError

# SCIM attribute (attribute, sub-attribute, schema URN) → the annotated queryset's field.
USER_FILTER_ATTRIBUTES = {
    ("id", None, None): "pk",
    ("userName", None, None): "email",
    ("externalId", None, None): "external_id",
    ("displayName", None, None): "full_name",
    ("active", None, None): "active",
    ("emails", None, None): "email",
    ("emails", "value", None): "email",
    ("name", "givenName", None): "given_name",
    ("name", "familyName", None): "family_name",
    ("name", "formatted", None): "full_name",
    ("meta", "created", None): "provisioned_at",
    ("meta", "lastModified", None): "provisioned_updated_at",
}


def scim_users(organization: Organization) -> QuerySet[User]:
    """The organization's members and its deactivated provisioned people, by id, annotated
    with what a User resource shows (``protocol.user_resource``). One query per page."""
    return (
        User.objects.annotate(
            membership=FilteredRelation("memberships", condition=Q(memberships__organization=organization)),
            record=FilteredRelation("provisioned", condition=Q(provisioned__organization=organization)),
        )
        .filter(Q(membership__id__isnull=False) | Q(record__id__isnull=False))
        .annotate(
            active=Case(
                When(membership__id__isnull=False, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            scim_role=F("membership__role"),
            member_since=F("membership__created_at"),
            external_id=F("record__external_id"),
            given_name=F("record__given_name"),
            family_name=F("record__family_name"),
            provisioned_at=F("record__created_at"),
            provisioned_updated_at=F("record__updated_at"),
        )
        .order_by("pk")
    )


def scim_user_get(organization: Organization, user_id: str) -> User:
    """One User of the organization; 404 for a missing id and for another organization's."""
    if not re.fullmatch(r"[0-9]{1,18}", user_id or ""):
        raise ScimError(404, f"No User {user_id!r}.")
    user = scim_users(organization).filter(pk=int(user_id)).first()
    if user is None:
        raise ScimError(404, f"No User {user_id!r}.")
    return user


def user_filter(query: str) -> Q:
    """A SCIM filter (``userName eq "ada@example.com"``) as a Q on ``scim_users``."""
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(query))
        q = Transpiler(USER_FILTER_ATTRIBUTES).transpile(tree)
    except (SCIMParserError, ValueError, TypeError, AttributeError, KeyError, IndexError) as error:
        raise ScimError(400, f"Cannot read the filter: {error}", "invalidFilter") from None
    if q is None:
        raise ScimError(
            400,
            "The filter names an attribute Lodestar cannot filter on; use userName, externalId, "
            "displayName, active, emails, name.givenName or name.familyName.",
            "invalidFilter",
        )
    return q


# --- Groups: the organization's roles --------------------------------------------------------

_GROUP_FILTER = re.compile(r'^\s*(displayName|id)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$', re.IGNORECASE)


def role_for_group_id(group_id: str) -> str:
    if group_id not in Role.values:
        raise ScimError(
            404, f"No Group {group_id!r}: the groups are Lodestar's roles ({', '.join(Role.values)})."
        )
    return group_id


def groups_matching(query: str | None) -> list[str]:
    """The roles a Groups filter asks for. Only ``displayName eq "…"`` and ``id eq "…"`` are
    understood (what Okta and Azure send to find a group before linking it)."""
    if not query:
        return list(Role.values)
    match = _GROUP_FILTER.match(query)
    if match is None:
        raise ScimError(400, 'Groups are filtered by displayName eq "…" or id eq "…" only.', "invalidFilter")
    attribute, value = match[1].lower(), match[2].replace('\\"', '"').strip().lower()
    if attribute == "id":
        return [role for role in Role.values if role == value]
    return [role for role in Role.values if value in {role, Role(role).label.lower()}]


def group_members(roles: list[str]) -> dict[str, list[Member]]:
    """The members of each role, by account id (one query)."""
    members: dict[str, list[Member]] = {role: [] for role in roles}
    rows = (
        Membership.objects.filter(role__in=roles)
        .order_by("user_id")
        .values_list("role", "user_id", "user__email", "user__full_name")
    )
    for role, user_id, email, full_name in rows:
        members[role].append(Member(user_id, email, full_name))
    return members


_MEMBER_PATH = re.compile(r"^\s*members\s*\[(?P<filter>.*)\]\s*$", re.IGNORECASE)
_MEMBER_VALUE = re.compile(r'^\s*value\s+eq\s+"(?P<id>[^"]*)"\s*$', re.IGNORECASE)


def member_path_ids(path: str) -> list[str] | None:
    """The ids in ``members[value eq "12"]`` (or several joined by ``or``), as Okta and Azure
    send to remove one member; None when the path is not of that form."""
    match = _MEMBER_PATH.match(path)
    if match is None:
        return None
    ids = []
    for part in re.split(r"\s+or\s+", match["filter"], flags=re.IGNORECASE):
        value = _MEMBER_VALUE.match(part)
        if value is None:
            raise ScimError(
                400, f'Members are chosen by value eq "<User id>", not {part.strip()!r}.', "invalidFilter"
            )
        ids.append(value["id"])
    return ids

"""The SCIM wire format: schema URNs, the error answer, and how a member and a role look.

Errors are ``urn:ietf:params:scim:api:messages:2.0:Error`` bodies with ``status`` as a string
and, for 400 and 409, a ``scimType`` from RFC 7644 §3.12.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings

from organizations.roles import Role

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema"

CONTENT_TYPE = "application/scim+json"
# The most resources one list answer holds (ServiceProviderConfig says so too).
MAX_RESULTS = 200


class ScimError(Exception):
    """An answer in the SCIM error shape; ``scim_type`` only where RFC 7644 defines one."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.scim_type = scim_type

    def body(self) -> dict:
        body = {"schemas": [ERROR], "status": str(self.status), "detail": self.detail}
        if self.scim_type:
            body["scimType"] = self.scim_type
        return body


def base_url() -> str:
    return f"{settings.SITE_URL}/scim/v2"


def _when(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def group_id(role: str) -> str:
    return str(role)


def group_ref(role: str) -> dict:
    return {
        "value": group_id(role),
        "display": Role(role).label,
        "$ref": f"{base_url()}/Groups/{group_id(role)}",
    }


def user_resource(user) -> dict:
    """A member as a SCIM User; ``user`` comes from ``selectors.scim_users`` (annotated)."""
    given, family = user.given_name or "", user.family_name or ""
    resource = {
        "schemas": [USER_SCHEMA],
        "id": str(user.pk),
        "userName": user.email,
        "name": {
            "givenName": given,
            "familyName": family,
            "formatted": " ".join(part for part in (given, family) if part) or user.full_name,
        },
        "displayName": user.full_name or user.email,
        "active": bool(user.active),
        "emails": [{"value": user.email, "type": "work", "primary": True}],
        "groups": [group_ref(user.scim_role)] if user.active and user.scim_role else [],
        "meta": {
            "resourceType": "User",
            "created": _when(user.provisioned_at or user.member_since),
            "lastModified": _when(user.provisioned_updated_at or user.member_since),
            "location": f"{base_url()}/Users/{user.pk}",
        },
    }
    if user.external_id:
        resource["externalId"] = user.external_id
    return resource


@dataclass
class Member:
    user_id: int
    email: str
    full_name: str


def group_resource(role: str, members: list[Member] | None) -> dict:
    """A role as a SCIM Group; ``members`` None leaves them out (``excludedAttributes=members``)."""
    resource = {
        "schemas": [GROUP_SCHEMA],
        "id": group_id(role),
        "displayName": Role(role).label,
        "meta": {"resourceType": "Group", "location": f"{base_url()}/Groups/{group_id(role)}"},
    }
    if members is not None:
        resource["members"] = [
            {
                "value": str(member.user_id),
                "display": member.full_name or member.email,
                "$ref": f"{base_url()}/Users/{member.user_id}",
            }
            for member in members
        ]
    return resource


def list_response(resources: list[dict], *, total: int, start: int) -> dict:
    return {
        "schemas": [LIST_RESPONSE],
        "totalResults": total,
        "itemsPerPage": len(resources),
        "startIndex": start,
        "Resources": resources,
    }

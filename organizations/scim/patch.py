"""Reading a User resource an identity provider sends, and applying PATCH operations to one.

PATCH (RFC 7644 §3.5.2) is applied to the member's current resource, and the result is then
read like a PUT: one set of rules for both. Okta sends ``{"op": "replace", "value":
{"active": false}}`` (no path); Azure sends ``{"op": "Replace", "path": "active", "value":
"False"}`` (capitalized op, a string boolean) and dotted or filtered paths
(``name.givenName``, ``emails[type eq "work"].value``). Both work.

What Lodestar keeps of a User: ``userName`` (the person's email: accounts sign in by email),
``externalId``, ``name.givenName`` / ``familyName``, ``displayName`` and ``active``. The other
core attributes (phone numbers, titles, addresses, ``emails``…) and the enterprise extension
are accepted and not stored, so an identity provider that maps them does not fail; an
attribute the core schema does not have is refused (``invalidPath``).
"""

import copy
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from organizations.scim.protocol import ENTERPRISE_USER_SCHEMA, PATCH_OP, USER_SCHEMA, ScimError

# Core User attributes (RFC 7643 §4.1) accepted and not kept.
NOT_KEPT = frozenset(
    {
        "emails",
        "nickname",
        "profileurl",
        "title",
        "usertype",
        "preferredlanguage",
        "locale",
        "timezone",
        "password",
        "phonenumbers",
        "ims",
        "photos",
        "addresses",
        "groups",
        "entitlements",
        "roles",
        "x509certificates",
        "id",
        "meta",
        "schemas",
    }
)
KEPT = {
    "username": "userName",
    "externalid": "externalId",
    "displayname": "displayName",
    "active": "active",
    "name": "name",
}
NAME_PARTS = {
    "givenname": "givenName",
    "familyname": "familyName",
    "formatted": "formatted",
    "middlename": None,
    "honorificprefix": None,
    "honorificsuffix": None,
}
REQUIRED = frozenset({"userName", "active"})
MAX_LENGTH = {"userName": 254, "externalId": 255, "displayName": 200, "givenName": 150, "familyName": 150}


@dataclass
class UserInput:
    user_name: str
    external_id: str
    given_name: str
    family_name: str
    display_name: str
    active: bool

    @property
    def full_name(self) -> str:
        return self.display_name or " ".join(p for p in (self.given_name, self.family_name) if p)


def _text(value, attribute: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ScimError(400, f"{attribute} must be a string.", "invalidValue")
    value = " ".join(value.split())
    limit = MAX_LENGTH.get(attribute)
    if limit and len(value) > limit:
        raise ScimError(400, f"{attribute} is longer than {limit} characters.", "invalidValue")
    return value


def _boolean(value) -> bool:
    # Azure AD sends "True" / "False" as strings.
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
        return value.strip().lower() == "true"
    raise ScimError(400, "active must be true or false.", "invalidValue")


def user_input(resource) -> UserInput:
    """A full User resource (POST, PUT, or a patched one) read into what Lodestar keeps."""
    if not isinstance(resource, dict):
        raise ScimError(400, "Send a User resource as a JSON object.", "invalidSyntax")
    lowered = {key.lower(): value for key, value in resource.items()}
    user_name = _text(lowered.get("username"), "userName").lower()
    if not user_name:
        raise ScimError(400, "userName is required: the person's email address.", "invalidValue")
    try:
        validate_email(user_name)
    except ValidationError:
        raise ScimError(
            400,
            "userName must be the person's email address (people sign in to Lodestar by email).",
            "invalidValue",
        ) from None
    name = lowered.get("name") or {}
    if not isinstance(name, dict):
        raise ScimError(400, "name must be an object.", "invalidValue")
    name = {key.lower(): value for key, value in name.items()}
    active = lowered.get("active", True)
    return UserInput(
        user_name=user_name,
        external_id=_text(lowered.get("externalid"), "externalId"),
        given_name=_text(name.get("givenname"), "givenName"),
        family_name=_text(name.get("familyname"), "familyName"),
        display_name=_text(lowered.get("displayname"), "displayName"),
        active=True if active is None else _boolean(active),
    )


# --- PATCH -----------------------------------------------------------------------------------

_FILTERED = re.compile(r"^(?P<attr>[A-Za-z][\w$-]*)\[(?P<filter>[^\]]*)\](?:\.(?P<sub>[A-Za-z][\w$-]*))?$")
_PLAIN = re.compile(r"^(?P<attr>[A-Za-z][\w$-]*)(?:\.(?P<sub>[A-Za-z][\w$-]*))?$")


def operations_of(body) -> list[dict]:
    if not isinstance(body, dict):
        raise ScimError(400, "Send a PatchOp message as a JSON object.", "invalidSyntax")
    if PATCH_OP not in (body.get("schemas") or []):
        raise ScimError(400, f"A PATCH body names the schema {PATCH_OP}.", "invalidSyntax")
    operations = body.get("Operations", body.get("operations"))
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "Operations must be a non-empty list.", "invalidSyntax")
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "Each operation is a JSON object.", "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in {"add", "replace", "remove"}:
            raise ScimError(
                400, f"Unknown operation {operation.get('op')!r}: add, replace or remove.", "invalidSyntax"
            )
        operation["op"] = op
        path = operation.get("path")
        if path is not None and not isinstance(path, str):
            raise ScimError(400, "path must be a string.", "invalidPath")
    return operations


def strip_urn(path: str, schema: str) -> str | None:
    """``urn:…:User:name.givenName`` → ``name.givenName``; None for an extension we do not keep."""
    if path.lower().startswith(schema.lower() + ":"):
        return path[len(schema) + 1 :]
    if path.lower().startswith(ENTERPRISE_USER_SCHEMA.lower()):
        return None
    if path.lower().startswith("urn:"):
        raise ScimError(400, f"Unknown schema in path {path!r}.", "invalidPath")
    return path


def _set(resource: dict, path: str, value, op: str) -> None:
    """Apply one operation with a path to ``resource`` (our own User representation)."""
    path = strip_urn(path.strip(), USER_SCHEMA)
    if path is None:
        return
    match = _FILTERED.match(path) or _PLAIN.match(path)
    if match is None:
        raise ScimError(400, f"Cannot read the path {path!r}.", "invalidPath")
    attribute, sub = match["attr"].lower(), (match["sub"] or "").lower()
    if attribute in NOT_KEPT:
        return
    if attribute not in KEPT or match.re is _FILTERED:
        raise ScimError(400, f"Lodestar's User has no attribute {match['attr']!r}.", "invalidPath")
    name = KEPT[attribute]
    if name == "name":
        if not sub:
            if op == "remove":
                resource["name"] = {}
                return
            if not isinstance(value, dict):
                raise ScimError(400, "name takes an object.", "invalidValue")
            for key, part in value.items():
                _set(resource, f"name.{key}", part, op)
            return
        if sub not in NAME_PARTS:
            raise ScimError(400, f"name has no part {match['sub']!r}.", "invalidPath")
        if NAME_PARTS[sub] is None:
            return
        resource.setdefault("name", {})[NAME_PARTS[sub]] = None if op == "remove" else value
        return
    if sub:
        raise ScimError(400, f"{name} has no sub-attributes.", "invalidPath")
    if op == "remove":
        if name in REQUIRED:
            raise ScimError(400, f"{name} cannot be removed.", "mutability")
        resource[name] = None
        return
    resource[name] = value


def apply_patch(resource: dict, operations: list[dict]) -> dict:
    """``resource`` with ``operations`` applied in order (a copy; the original is untouched)."""
    patched = copy.deepcopy(resource)
    for operation in operations:
        op, path, value = operation["op"], operation.get("path"), operation.get("value")
        if path:
            _set(patched, path, value, op)
            continue
        if op == "remove":
            raise ScimError(400, "A remove operation needs a path.", "noTarget")
        if not isinstance(value, dict):
            raise ScimError(400, "Without a path, value is an object of attributes.", "invalidValue")
        for key, part in value.items():
            _set(patched, key, part, op)
    return patched

"""What the service provider says about itself (RFC 7643 §5–7, RFC 7644 §4):
ServiceProviderConfig, ResourceTypes and Schemas, limited to what Lodestar keeps."""

from organizations.roles import Role
from organizations.scim.protocol import (
    GROUP_SCHEMA,
    MAX_RESULTS,
    RESOURCE_TYPE_SCHEMA,
    SCHEMA_SCHEMA,
    SERVICE_PROVIDER_CONFIG_SCHEMA,
    USER_SCHEMA,
    ScimError,
    base_url,
)


def service_provider_config() -> dict:
    return {
        "schemas": [SERVICE_PROVIDER_CONFIG_SCHEMA],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "The organization's SCIM token, created under Settings → Provisioning.",
                "primary": True,
            }
        ],
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base_url()}/ServiceProviderConfig"},
    }


def _resource_type(name: str, endpoint: str, schema: str, description: str) -> dict:
    return {
        "schemas": [RESOURCE_TYPE_SCHEMA],
        "id": name,
        "name": name,
        "endpoint": endpoint,
        "description": description,
        "schema": schema,
        "meta": {"resourceType": "ResourceType", "location": f"{base_url()}/ResourceTypes/{name}"},
    }


def resource_types() -> list[dict]:
    return [
        _resource_type("User", "/Users", USER_SCHEMA, "A member of the organization (or a deactivated one)."),
        _resource_type(
            "Group",
            "/Groups",
            GROUP_SCHEMA,
            "One of the organization's roles: " + ", ".join(Role.labels) + ".",
        ),
    ]


def resource_type(name: str) -> dict:
    for resource in resource_types():
        if resource["id"] == name:
            return resource
    raise ScimError(404, f"No ResourceType {name!r}: User or Group.")


def _attribute(
    name: str,
    *,
    type_="string",
    required=False,
    mutability="readWrite",
    uniqueness="none",
    sub=None,
    multi=False,
    description="",
):
    attribute = {
        "name": name,
        "type": type_,
        "multiValued": multi,
        "description": description,
        "required": required,
        "caseExact": False,
        "mutability": mutability,
        "returned": "default",
        "uniqueness": uniqueness,
    }
    if sub is not None:
        attribute["subAttributes"] = sub
    return attribute


def _schema(urn: str, name: str, description: str, attributes: list[dict]) -> dict:
    return {
        "schemas": [SCHEMA_SCHEMA],
        "id": urn,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": f"{base_url()}/Schemas/{urn}"},
    }


def schemas() -> list[dict]:
    user = _schema(
        USER_SCHEMA,
        "User",
        "A member of the organization. Other core attributes are accepted and not kept.",
        [
            _attribute(
                "userName",
                required=True,
                uniqueness="server",
                description="The person's email address; they sign in with it.",
            ),
            _attribute("externalId", description="The identity provider's id for the person."),
            _attribute(
                "name",
                type_="complex",
                sub=[
                    _attribute("givenName"),
                    _attribute("familyName"),
                    _attribute("formatted", mutability="readOnly"),
                ],
            ),
            _attribute("displayName"),
            _attribute(
                "active",
                type_="boolean",
                description="false: the person loses access at once, their pairs end (history kept).",
            ),
            _attribute(
                "emails",
                type_="complex",
                multi=True,
                mutability="readOnly",
                sub=[_attribute("value"), _attribute("type"), _attribute("primary", type_="boolean")],
                description="The userName, as the work email.",
            ),
            _attribute(
                "groups",
                type_="complex",
                multi=True,
                mutability="readOnly",
                sub=[_attribute("value"), _attribute("display"), _attribute("$ref", type_="reference")],
                description="The person's role.",
            ),
        ],
    )
    group = _schema(
        GROUP_SCHEMA,
        "Group",
        "One of the organization's roles; groups cannot be created, renamed or deleted.",
        [
            _attribute("displayName", required=True, mutability="readOnly", uniqueness="server"),
            _attribute(
                "members",
                type_="complex",
                multi=True,
                sub=[
                    _attribute("value", mutability="immutable"),
                    _attribute("display", mutability="readOnly"),
                    _attribute("$ref", type_="reference", mutability="immutable"),
                ],
            ),
        ],
    )
    return [user, group]


def schema(urn: str) -> dict:
    for candidate in schemas():
        if candidate["id"] == urn:
            return candidate
    raise ScimError(404, f"No Schema {urn!r}.")

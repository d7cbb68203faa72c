"""ServiceProviderConfig, ResourceTypes and Schemas (RFC 7644 §4), and the SCIM 404."""

from organizations.scim.protocol import (
    GROUP_SCHEMA,
    LIST_RESPONSE,
    SERVICE_PROVIDER_CONFIG_SCHEMA,
    USER_SCHEMA,
)


def test_service_provider_config_says_what_is_supported(scim):
    body = scim.get("ServiceProviderConfig").json()
    assert body["schemas"] == [SERVICE_PROVIDER_CONFIG_SCHEMA]
    assert body["patch"]["supported"] and body["filter"] == {"supported": True, "maxResults": 200}
    assert not body["bulk"]["supported"] and not body["sort"]["supported"] and not body["etag"]["supported"]
    assert body["authenticationSchemes"][0]["type"] == "oauthbearertoken"


def test_resource_types_and_schemas(scim):
    types = scim.get("ResourceTypes").json()
    assert types["schemas"] == [LIST_RESPONSE]
    assert {t["endpoint"]: t["schema"] for t in types["Resources"]} == {
        "/Users": USER_SCHEMA,
        "/Groups": GROUP_SCHEMA,
    }
    assert scim.get("ResourceTypes/User").json()["endpoint"] == "/Users"
    assert scim.get("ResourceTypes/Device").status_code == 404
    schemas = scim.get("Schemas").json()["Resources"]
    user = next(s for s in schemas if s["id"] == USER_SCHEMA)
    assert {a["name"] for a in user["attributes"]} >= {"userName", "externalId", "name", "active", "emails"}
    assert scim.get(f"Schemas/{GROUP_SCHEMA}").json()["name"] == "Group"
    assert scim.get("Schemas/urn:nothing").status_code == 404


def test_an_unknown_endpoint_answers_the_scim_404(scim):
    response = scim.get("Devices")
    assert response.status_code == 404 and response["Content-Type"] == "application/scim+json"
    assert response.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]

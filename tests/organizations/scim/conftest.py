"""A SCIM client per organization: Acme's identity provider and Globex's."""

import json

import pytest
from django.test import Client

from organizations.scim.protocol import CONTENT_TYPE, PATCH_OP
from organizations.scim.tokens import scim_token_create


class ScimClient:
    """Sends SCIM requests with an organization's bearer token, as an identity provider does."""

    def __init__(self, raw_token: str, token):
        self.client = Client()
        self.raw_token = raw_token
        self.token = token

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.raw_token}"}

    def get(self, path, params=None):
        return self.client.get(f"/scim/v2/{path}", params or {}, **self._headers())

    def send(self, method, path, body=None, content_type=CONTENT_TYPE):
        data = json.dumps(body) if body is not None and not isinstance(body, str) else body
        return getattr(self.client, method)(
            f"/scim/v2/{path}", data=data or "", content_type=content_type, **self._headers()
        )

    def post(self, path, body, **kw):
        return self.send("post", path, body, **kw)

    def put(self, path, body):
        return self.send("put", path, body)

    def patch(self, path, *operations):
        return self.send("patch", path, {"schemas": [PATCH_OP], "Operations": list(operations)})

    def delete(self, path):
        return self.send("delete", path)


@pytest.fixture
def scim(org, admin):
    token, raw = scim_token_create(organization=org, actor=admin, name="Okta")
    return ScimClient(raw, token)


@pytest.fixture
def other_scim(other_org, outsider):
    from organizations.tenancy import organization_scope

    with organization_scope(other_org):
        token, raw = scim_token_create(organization=other_org, actor=outsider, name="Globex Entra")
    return ScimClient(raw, token)


def new_user(email="ada@acme.test", **extra) -> dict:
    from organizations.scim.protocol import USER_SCHEMA

    return {
        "schemas": [USER_SCHEMA],
        "userName": email,
        "name": {"givenName": "Ada", "familyName": "Lovelace"},
        "emails": [{"value": email, "type": "work", "primary": True}],
        "externalId": "00u1ada",
        "active": True,
        **extra,
    }

"""Every organization page: outsiders get 404, and each role gets what the access table says."""

import pytest

from tests.access_table import ACCESS, ORG_URL_NAMES, org_url


def _request(client, name: str, url: str):
    access = ACCESS[name]
    if access.method == "POST":
        return client.post(url, access.data or {})
    return client.get(url)


def test_every_organization_route_is_in_the_access_table():
    missing = set(ORG_URL_NAMES) - set(ACCESS)
    stale = set(ACCESS) - set(ORG_URL_NAMES)
    assert not missing, f"Add these routes to tests/access_table.py: {sorted(missing)}"
    assert not stale, f"These rows name no route: {sorted(stale)}"


@pytest.mark.parametrize("name", ORG_URL_NAMES)
def test_outsider_gets_404_on_every_method(name, org, outsider, client_for):
    client = client_for(outsider)
    url = org_url(name, org)
    assert client.get(url).status_code == 404, url
    assert client.post(url, {}).status_code == 404, url


@pytest.mark.parametrize("name", [n for n in ORG_URL_NAMES if ACCESS.get(n) and ACCESS[n].kwargs])
def test_another_organizations_object_is_404_from_your_own_organization(
    name, org, other_org, outsider, client_for
):
    """An admin of Globex asks Globex's URL for an object that belongs to Acme."""
    url = org_url(name, other_org, kwargs_org=org)
    assert _request(client_for(outsider), name, url).status_code == 404, url


@pytest.mark.parametrize("name", ORG_URL_NAMES)
def test_each_role_reaches_only_what_the_table_allows(name, org, people, client_for):
    for role, user in people.by_role().items():
        response = _request(client_for(user), name, org_url(name, org))
        if role in ACCESS[name].roles:
            assert response.status_code not in (403, 404), f"{role} should reach {name}"
        else:
            refused = ACCESS[name].refused
            assert response.status_code == refused, f"{role} should be refused {name} with {refused}"

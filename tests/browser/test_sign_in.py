import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_signs_in_and_lands_in_their_organization(page, sign_in, screenshot, mentee, org):
    sign_in(page, mentee)
    assert page.url.endswith(f"/o/{org.slug}/")
    assert page.get_by_role("heading", name="Acme").is_visible()
    screenshot(page, "dashboard-member")

"""A link built from one reverse() and an id is the one reverse() gives for that id."""

import pytest
from django.urls import reverse

from organizations.notifications.links import link_by_id


@pytest.mark.parametrize(
    "viewname", ["mentoring:meeting", "mentoring:pair", "mentoring:overview", "mentoring:session"]
)
@pytest.mark.parametrize("pk", [1, 7, 42, 987654321, 1234567890123])
def test_a_link_by_id_equals_reverse(viewname, pk):
    make = link_by_id(viewname, org_slug="acme-2")
    assert make(pk) == reverse(viewname, kwargs={"org_slug": "acme-2", "pk": pk})


def test_a_view_without_the_id_is_refused():
    with pytest.raises(Exception):  # noqa: B017, PT011 - reverse() itself refuses it
        link_by_id("notification_preferences", org_slug="acme")

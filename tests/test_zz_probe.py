import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.access_table import ACCESS, org_url
from tests.test_page_budget import _grow


@pytest.mark.parametrize("name", os.environ["PROBE"].split(","))
def test_probe(name, org, people, client_for):
    url = org_url(name, org)
    _grow(org)
    user = getattr(people, os.environ.get("ROLE", "")) if os.environ.get("ROLE") else (people.mentee if "member" in ACCESS[name].roles else people.manager)
    c = client_for(user)
    c.get(url)
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(url)
    with open("/tmp/pages/q.txt", "a") as f:
        f.write(f"=== {name} {r.status_code} {len(ctx)}\n")
        for q in ctx.captured_queries:
            f.write("  " + q["sql"][:300] + "\n")

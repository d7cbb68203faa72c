"""The seeded demo, once per test module that asks for it.

The seed runs inside a transaction rolled back at the end of the module, so other modules
still start from an empty database; each test's own changes roll back with its ``db``
savepoint.
"""

import pytest
from django.db import transaction

from tests.demo.seeding import SeedRun, seed


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker) -> SeedRun:
    with django_db_blocker.unblock(), transaction.atomic():
        yield seed()
        transaction.set_rollback(True)

"""The on-commit callbacks a test means: without the data version's (organizations/data_version.py),
which every committed write to an organization's data asks for."""

import functools

from organizations.data_version import move_on


def app_callbacks(callbacks: list) -> list:
    return [c for c in callbacks if not (isinstance(c, functools.partial) and c.func is move_on)]

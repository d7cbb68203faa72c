"""Running ``seed_demo`` from a test, with fast password hashing, and what it printed."""

import time
from dataclasses import dataclass
from io import StringIO

from django.core.management import call_command
from django.test import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class SeedRun:
    output: str
    seconds: float


def seed() -> SeedRun:
    out = StringIO()
    started = time.monotonic()
    with override_settings(PASSWORD_HASHERS=FAST_HASHER):
        call_command("seed_demo", stdout=out)
    return SeedRun(out.getvalue(), time.monotonic() - started)

"""The dashboard's figures, rendered once per refresh (issue 17).

Every figure the dashboard shows is read from the facts a refresh stored (nightly, after a
roster load, or "Refresh now"), so the filters and the sections they render cannot change
between two refreshes unless what the page reads beside the facts changes: the organization's
settings (the smallest group shown, its slug in the links), the programs (names and targets:
the purpose section) and the filter choices (programs and cohorts). The rendered HTML is kept
in the cache under a key made of all of these — the refresh's stored row, every field of the
organization and of each program as just read, the choices, the caller's reach and the filters
exactly as submitted — so any change to one of them is a new key, and the old entry is simply
never asked for again (it expires). The key also holds a fingerprint of the templates and of
the modules that build the sections, so a deployment that changes them does not serve HTML
rendered by the previous one.
"""

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as default_cache
from django.db.models import Model

# A day: the next nightly refresh makes a new key anyway.
TIMEOUT = 24 * 60 * 60
_ANALYTICS = Path(__file__).resolve().parent


@cache
def code_fingerprint() -> str:
    """What the rendered HTML depends on besides the data: the analytics templates and the
    modules that shape the sections (read once per process)."""
    digest = hashlib.sha256()
    sources = sorted((Path(settings.BASE_DIR) / "templates" / "analytics").rglob("*.html"))
    sources += [_ANALYTICS / name for name in ("sections.py", "charts.py", "tables.py", "suppression.py")]
    sources += sorted((_ANALYTICS / "templatetags").glob("*.py"))
    for path in sources:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def row_values(instance: Model | None) -> tuple:
    """Every stored field of ``instance`` as read: any saved change gives other values."""
    if instance is None:
        return ()
    return tuple(
        (field.attname, getattr(instance, field.attname)) for field in instance._meta.concrete_fields
    )


def figures_key(*, part: str, organization, refresh, programs, choices, reach, data, field_names) -> str:
    """The cache key of one rendered part of the dashboard (see the module's docstring)."""
    material = repr(
        (
            part,
            code_fingerprint(),
            row_values(organization),
            row_values(refresh),
            [row_values(program) for program in programs],
            choices,
            reach,
            [(name, data.getlist(name)) for name in field_names],
        )
    )
    return f"analytics:figures:{organization.pk}:{hashlib.sha256(material.encode()).hexdigest()}"


def cached_html(key: str, render: Callable[[], str]) -> str:
    html = default_cache.get(key)
    if html is None:
        html = render()
        default_cache.set(key, html, TIMEOUT)
    return html

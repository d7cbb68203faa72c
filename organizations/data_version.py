"""Each organization's data version: a number that moves on after every committed write to what
its pages show.

The page cache (``organizations/page_cache.py``) keys a rendered page on it, so a page is never
served from before a change. Writes are seen where they all pass, Django's cursor: a wrapper on
every database connection reads the first words of each statement. A model save, ``update()``,
``bulk_create``, a ``fast_insert`` or a raw ``INSERT … SELECT`` are all seen alike. (PostgreSQL's
``COPY``, which psycopg runs beside the cursor, is told here by the code that uses it:
``changed()``.)

Which organization moved on:

- a write to a tenant table (a model with a django-scopes manager) inside an organization's
  scope moves that organization on (every request, task and command on one organization opens
  its scope);
- any other write (people's accounts, the organizations table, a tenant table written with no
  scope open, a statement whose table cannot be read) moves every organization on;
- writes to ``UNSEEN_TABLES`` move nothing: their contents are never on a page, or are keyed
  another way (the session's data is part of the page cache's key).

Inside a transaction the move happens when it commits (``on_commit``), never for a rolled-back
one; a statement in autocommit moves it at once. The number is ``DataVersion.number``, a row per
organization (not a column of it: roster loads hold the organization's row locked while they
run), read with the membership every page reads anyway (``organizations/tenancy.py``) or with
the API key.
"""

import functools
import re
import threading

from django.apps import apps
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import F
from django.db.models.signals import post_migrate, post_save, pre_migrate
from django_scopes import get_scope

EVERY_ORGANIZATION = 0

UNSEEN_TABLES = frozenset({"django_session", "django_migrations", "organizations_dataversion"})

# Statements that change nothing stored; anything else is taken for a write.
_READS = frozenset(
    {"SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW", "EXPLAIN", "PRAGMA"}
    | {"ANALYZE", "VACUUM", "DECLARE", "FETCH", "CLOSE", "VALUES", "RESET", "DEALLOCATE", "LOCK"}
    # The schema: tables made and changed by migrations, the temporary ones imports fill (what
    # they then write into stored tables is an INSERT, seen as any other).
    | {"CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE"}
)
_FIRST_WORD = re.compile(r"\s*\(?\s*([A-Za-z]+)")
_WRITTEN_TABLE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+[A-Za-z]+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?([A-Za-z0-9_]+)"?', re.IGNORECASE
)
_WRITE_IN_WITH = re.compile(r"\b(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class _Seen(threading.local):
    writes = 0  # writes this thread made, for the page cache's "rendered without writing"
    moving = False  # this thread is moving a version on: its own UPDATE is not a write to see
    migrating = False  # migrate is running: the table may not exist yet (every version moves after)


_seen = _Seen()


def writes_seen() -> int:
    """How many writes this thread has made so far (the page cache compares two readings)."""
    return _seen.writes


def written_table(sql: str) -> str | None:
    """None for a statement that writes nothing; else the table it writes ("" when unknown)."""
    first = _FIRST_WORD.match(sql)
    word = first[1].upper() if first else ""
    if word in _READS:
        return None
    if word == "WITH":
        return "" if _WRITE_IN_WITH.search(sql) else None
    table = _WRITTEN_TABLE.match(sql)
    return table[1] if table else ""


@functools.cache
def tenant_tables() -> frozenset[str]:
    """Tables of models whose default manager is django-scopes' (scoped to an organization)."""
    return frozenset(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if hasattr(model._default_manager, "with_scopes_disabled")
    )


def _scope_organization_id() -> int | None:
    scope = get_scope()
    if not scope.get("_enabled"):
        return None
    organization = scope.get("organization")
    return getattr(organization, "pk", organization)


def changed(table: str = "", *, using: str = "default") -> None:
    """A write to ``table`` ("" for one that cannot be told) on the connection ``using``."""
    if _seen.moving or _seen.migrating or table in UNSEEN_TABLES:
        return
    _seen.writes += 1
    organization_id = _scope_organization_id()
    if organization_id is None or (table and table not in tenant_tables()):
        organization_id = EVERY_ORGANIZATION
    connection = connections[using]
    if not connection.in_atomic_block:
        move_on(organization_id, using=using)
        return
    callback = _callback(using, organization_id)
    # Consecutive writes at the same savepoint depth ask once; a rolled-back savepoint takes
    # its callbacks with it, so a later write there asks again.
    hooks = connection.run_on_commit
    if hooks and hooks[-1][1] is callback and hooks[-1][0] == set(connection.savepoint_ids):
        return
    connection.on_commit(callback)


@functools.cache
def _callback(using: str, organization_id: int):
    return functools.partial(move_on, organization_id, using=using)


def move_on(organization_id: int, *, using: str = "default") -> None:
    """Move the data version of one organization (or of every one: ``EVERY_ORGANIZATION``) on."""
    from organizations.models import DataVersion

    versions = DataVersion.objects.using(using)
    if organization_id != EVERY_ORGANIZATION:
        versions = versions.filter(organization_id=organization_id)
    _seen.moving = True
    try:
        versions.update(number=F("number") + 1)
    finally:
        _seen.moving = False


def _numbered(sender, instance, created, raw=False, using="default", **kwargs) -> None:
    """A new organization starts with its data version (post_save of Organization)."""
    from organizations.models import DataVersion

    if created and not raw:
        DataVersion.objects.using(using).get_or_create(organization=instance)


def _see_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    table = written_table(sql)
    if table is not None:
        changed(table, using=context["connection"].alias)
    return result


def watch(sender, connection, **kwargs) -> None:
    """Wrap a new connection's statements (``connection_created``; once per wrapper object)."""
    if _see_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_see_writes)


def _migrating(sender, **kwargs) -> None:
    _seen.migrating = True


def _migrated(sender, using="default", **kwargs) -> None:
    """After migrate (sent once per app): a data migration may have changed anything."""
    from organizations.models import DataVersion

    _seen.migrating = False
    if (
        sender.name == "organizations"
        and DataVersion._meta.db_table in connections[using].introspection.table_names()
    ):
        move_on(EVERY_ORGANIZATION, using=using)


def install() -> None:
    connection_created.connect(watch, dispatch_uid="organizations.data_version")
    pre_migrate.connect(_migrating, dispatch_uid="organizations.data_version.pre")
    post_migrate.connect(_migrated, dispatch_uid="organizations.data_version.post")
    post_save.connect(
        _numbered, sender="organizations.Organization", dispatch_uid="organizations.data_version.new"
    )
    for connection in connections.all(initialized_only=True):
        watch(None, connection)

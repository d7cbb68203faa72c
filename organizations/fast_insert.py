"""Insert many model rows at once, skipping those a unique constraint already holds, and learn
the primary keys of the rows written: ``INSERT … VALUES (…), (…) ON CONFLICT DO NOTHING
RETURNING …`` on PostgreSQL and SQLite alike.

``QuerySet.bulk_create`` prepares every value of every row through its field (and, with
``ignore_conflicts``, cannot tell which rows were written); for the outbox's scans, which store
tens of thousands of messages, that preparation cost more than the scans' reads. Here only the
fields that need it (dates and times, JSON) are prepared, the others go as they are, and the
statement goes through Django's cursor, so query counts and wrappers still see it.
"""

from collections.abc import Sequence

from django.db import connection, models

# Rows per statement; on SQLite, which binds one parameter per value, fewer when the model has
# so many columns that 2,000 rows would pass its 32,766 parameters (a notification has 21).
ROWS_PER_STATEMENT = 2000
SQLITE_MAX_PARAMETERS = 32766


def _rows_per_statement(columns: int) -> int:
    if connection.vendor == "postgresql":  # one array per column: a handful of parameters
        return ROWS_PER_STATEMENT
    return max(1, min(ROWS_PER_STATEMENT, SQLITE_MAX_PARAMETERS // columns))


# Values prepared by their field; psycopg adapts dates and times itself, SQLite needs Django's text.
_PREPARED = {"JSONField", "DecimalField", "DurationField"}
_PREPARED_SQLITE = _PREPARED | {"DateTimeField", "DateField", "TimeField"}


def server_side_cursor():
    """Django's cursor; on PostgreSQL one that binds parameters on the server (Django's own
    binds them into the SQL text on the client, which for 30,000 values costs more than the
    insert), still wrapped by Django so it is counted and logged like any query."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    raw = psycopg.Cursor(connection.connection)
    return connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw)


def insert_new(
    model: type[models.Model], objs: Sequence[models.Model], *, unique: Sequence[str]
) -> list[models.Model]:
    """Insert ``objs`` except those whose ``unique`` fields (a unique constraint of ``model``)
    match a stored row; set the primary key of the ones written and return them, in order.

    The objects must be complete (defaults filled in by the constructor, as ``Model()`` does);
    no signal is sent and no ``pre_save`` runs (``auto_now`` fields are not touched).
    """
    if not objs:
        return []
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    unique_fields = [meta.get_field(name) for name in unique]
    quote = connection.ops.quote_name
    prepared = _PREPARED if connection.vendor == "postgresql" else _PREPARED_SQLITE
    prepare = [(field.attname, field.get_internal_type() in prepared and field) for field in fields]
    columns = ", ".join(quote(field.column) for field in fields)
    conflict = ", ".join(quote(field.column) for field in unique_fields)
    returning = ", ".join(quote(field.column) for field in [meta.pk, *unique_fields])
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    if connection.vendor == "postgresql":
        # One array per column (as Django's own bulk_create does on PostgreSQL): a statement
        # with a handful of parameters however many rows, rather than one per value. Sent in
        # binary (``%b``): psycopg escapes every string of a text array with a regular
        # expression, which for a scan's 30,000 strings cost about as much as the insert.
        values = (
            "SELECT * FROM UNNEST("
            + ", ".join(f"%b::{field.db_type(connection)}[]" for field in fields)
            + ")"
        )
    written: list[models.Model] = []
    with server_side_cursor() as cursor:
        step = _rows_per_statement(len(fields))
        for start in range(0, len(objs), step):
            batch = objs[start : start + step]
            if connection.vendor == "postgresql":
                params = [
                    [
                        field.get_db_prep_save(getattr(obj, attname), connection)
                        if field
                        else getattr(obj, attname)
                        for obj in batch
                    ]
                    for attname, field in prepare
                ]
                sql = values
            else:
                params = []
                for obj in batch:
                    for attname, field in prepare:
                        value = getattr(obj, attname)
                        params.append(field.get_db_prep_save(value, connection) if field else value)
                sql = "VALUES " + ", ".join([row_sql] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) {sql}"
                f" ON CONFLICT ({conflict}) DO NOTHING RETURNING {returning}",
                params,
            )
            ids = {tuple(row[1:]): row[0] for row in cursor.fetchall()}
            for obj in batch:
                identity = tuple(getattr(obj, field.attname) for field in unique_fields)
                pk = ids.pop(identity, None)
                if pk is not None:
                    obj.pk = pk
                    obj._state.adding = False
                    obj._state.db = connection.alias
                    written.append(obj)
    return written


def insert_values(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[tuple],
    *,
    unique: Sequence[str],
) -> list[tuple]:
    """``insert_new`` for plain rows: ``rows`` are tuples of values for the fields named by
    ``columns`` (attnames, e.g. ``user_id``; every concrete field but the primary key, in any
    order), no model instance is made. Returns the rows written (those a unique constraint did
    not already hold), in order. For scans that store tens of thousands of rows, where building
    and reading back a model instance per row cost more than the insert."""
    if not rows:
        return []
    meta = model._meta
    fields = [meta.get_field(name) for name in columns]
    positions = {field.attname: i for i, field in enumerate(fields)}
    unique_fields = [meta.get_field(name) for name in unique]
    unique_at = [positions[field.attname] for field in unique_fields]
    quote = connection.ops.quote_name
    prepared = _PREPARED if connection.vendor == "postgresql" else _PREPARED_SQLITE
    prepare = [field if field.get_internal_type() in prepared else None for field in fields]
    column_sql = ", ".join(quote(field.column) for field in fields)
    conflict = ", ".join(quote(field.column) for field in unique_fields)
    returning = ", ".join(quote(field.column) for field in unique_fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    written: list[tuple] = []
    with server_side_cursor() as cursor:
        step = _rows_per_statement(len(fields))
        for start in range(0, len(rows), step):
            batch = rows[start : start + step]
            columns_of_batch = list(zip(*batch, strict=True))
            for i, field in enumerate(prepare):
                if field:
                    columns_of_batch[i] = [field.get_db_prep_save(v, connection) for v in columns_of_batch[i]]
            if connection.vendor == "postgresql":
                sql = (
                    "SELECT * FROM UNNEST("
                    + ", ".join(f"%b::{field.db_type(connection)}[]" for field in fields)
                    + ")"
                )
                params = [list(column) for column in columns_of_batch]
            else:
                sql = "VALUES " + ", ".join([row_sql] * len(batch))
                params = [value for row in zip(*columns_of_batch, strict=True) for value in row]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({column_sql}) {sql}"
                f" ON CONFLICT ({conflict}) DO NOTHING RETURNING {returning}",
                params,
            )
            stored = {tuple(row) for row in cursor.fetchall()}
            for row in batch:
                identity = tuple(row[i] for i in unique_at)
                if identity in stored:
                    stored.discard(identity)
                    written.append(row)
    return written

"""Write many fact rows fast: PostgreSQL's COPY when the database is PostgreSQL, one
``executemany`` INSERT otherwise (the embedded SQLite).

A refresh writes up to a few hundred thousand rows of plain numbers. ``bulk_create`` would build
a model instance and prepare every value through its field for each of them — most of a
refresh's time at 100,000 employees — while the rows are already exactly what the columns hold.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models


def _field(model: type[models.Model], name: str) -> models.Field:
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field
    raise ValueError(f"{model.__name__} has no field {name}")


def _column(model: type[models.Model], name: str) -> str:
    return _field(model, name).column


def facts_insert(
    model: type[models.Model], *, organization_id: int, columns: Sequence[str], rows: Iterable[tuple]
) -> int:
    """Insert ``rows`` (values in ``columns`` order) for one organization; returns how many."""
    if connection.vendor == "postgresql":
        names = ", ".join(f'"{_column(model, c)}"' for c in ("organization_id", *columns))
        count = 0
        with (
            connection.cursor() as cursor,
            cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row((organization_id, *row))
                count += 1
        return count
    names = ", ".join(connection.ops.quote_name(_column(model, c)) for c in ("organization_id", *columns))
    marks = ", ".join(["%s"] * (len(columns) + 1))
    # Dates go in as ISO text, the way the SQLite backend stores them; only date columns are touched.
    dates = [i for i, c in enumerate(columns) if isinstance(_field(model, c), models.DateField)]
    if dates:
        rows = (
            tuple(v.isoformat() if i in dates and v is not None else v for i, v in enumerate(r)) for r in rows
        )
    values = [(organization_id, *row) for row in rows]
    if values:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({marks})",
                values,
            )
    return len(values)

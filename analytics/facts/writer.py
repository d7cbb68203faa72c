"""Write many fact rows fast: PostgreSQL's COPY when the database is PostgreSQL, one
``executemany`` INSERT otherwise (the embedded SQLite).

A refresh writes up to a few hundred thousand rows of plain numbers. ``bulk_create`` would build
a model instance and prepare every value through its field for each of them — most of a
refresh's time at 100,000 employees — while the rows are already exactly what the columns hold.
"""

import datetime
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
        formats = [_copy_format(_field(model, c)) for c in columns]
        prefix = f"{organization_id}\t"
        count, lines = 0, []
        with (
            connection.cursor() as cursor,
            cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy,
        ):
            # COPY's text format, written in large blocks rather than row by row.
            for row in rows:
                lines.append(prefix + "\t".join([f(v) for f, v in zip(formats, row, strict=True)]) + "\n")
                count += 1
                if len(lines) == 10_000:
                    copy.write("".join(lines))
                    lines = []
            if lines:
                copy.write("".join(lines))
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


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_format(field: models.Field):
    """How one column's values are written in COPY's text format (NULL is \\N).

    Texts are escaped and dates written once per distinct value: a refresh repeats the same few
    department names and months a hundred thousand times.
    """
    if isinstance(field, models.BooleanField):
        return lambda v: "\\N" if v is None else ("t" if v else "f")
    if isinstance(field, models.CharField | models.DateField):
        cache: dict = {None: "\\N"}

        def text(value) -> str:
            found = cache.get(value)
            if found is None:
                found = cache[value] = (
                    value.isoformat()
                    if isinstance(value, datetime.date)
                    else str(value).translate(_COPY_ESCAPES)
                )
            return found

        return text
    return lambda v: "\\N" if v is None else str(v)

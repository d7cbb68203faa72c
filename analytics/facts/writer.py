"""Write many fact rows fast: PostgreSQL's COPY when the database is PostgreSQL, one
``executemany`` INSERT otherwise (the embedded SQLite).

A refresh writes up to a few hundred thousand rows of plain numbers. ``bulk_create`` would build
a model instance and prepare every value through its field for each of them — most of a
refresh's time at 100,000 employees — while the rows are already exactly what the columns hold.
"""

import datetime
import itertools
from collections.abc import Iterable, Sequence

from django.db import connection, models

from organizations.data_version import changed


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
        rows = iter(rows)
        blocks = (
            list(zip(*block, strict=True))
            for block in iter(lambda: list(itertools.islice(rows, _BLOCK_ROWS)), [])
        )
        return _copy(model, organization_id, columns, blocks)
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


def facts_insert_columns(
    model: type[models.Model], *, organization_id: int, data: dict[str, Sequence]
) -> int:
    """``facts_insert`` of rows given column by column (``data``: column → values, all of one
    length), as the refresh computes them: no row tuples to build and take apart again."""
    columns, values = list(data), list(data.values())
    if connection.vendor == "postgresql":
        size = len(values[0]) if values else 0
        blocks = ([v[i : i + _BLOCK_ROWS] for v in values] for i in range(0, size, _BLOCK_ROWS))
        return _copy(model, organization_id, columns, blocks)
    return facts_insert(
        model, organization_id=organization_id, columns=columns, rows=zip(*values, strict=True)
    )


def _copy(model: type[models.Model], organization_id: int, columns: Sequence[str], blocks: Iterable) -> int:
    """PostgreSQL's COPY, in its text format, of ``blocks`` of rows given as columns: each
    column's values are formatted in one pass (C-level map/join), not one Python call per value."""
    names = ", ".join(f'"{_column(model, c)}"' for c in ("organization_id", *columns))
    fields = [_field(model, c) for c in columns]
    prefix = f"{organization_id}\t"
    count = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f'COPY "{model._meta.db_table}" ({names}) FROM STDIN') as copy,
    ):
        for block in blocks:
            formatted = [_copy_column(f, values) for f, values in zip(fields, block, strict=True)]
            copy.write(prefix + f"\n{prefix}".join(map("\t".join, zip(*formatted, strict=True))) + "\n")
            count += len(formatted[0]) if formatted else 0
    # COPY runs beside Django's cursor wrappers: tell the data version (organizations/data_version.py).
    changed(model._meta.db_table, using=connection.alias)
    return count


_BLOCK_ROWS = 20_000
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


def _copy_column(field: models.Field, values: tuple) -> Sequence[str]:
    """One column of a block in COPY's text format (``_copy_format`` for each value)."""
    if isinstance(field, models.BooleanField | models.CharField | models.DateField):
        # Few distinct values (departments, months, flags): format each once.
        one = _copy_format(field)
        text = {value: one(value) for value in set(values)}
        return list(map(text.__getitem__, values))
    if None in values:
        return ["\\N" if v is None else str(v) for v in values]
    return list(map(str, values))

"""Write many fact rows fast: PostgreSQL's COPY when the database is PostgreSQL, ``bulk_create``
otherwise. A refresh writes up to a few hundred thousand rows; COPY streams them in one
statement where ``bulk_create`` would build hundreds of large INSERTs."""

from collections.abc import Iterable, Sequence

from django.db import connection, models

BATCH_SIZE = 2_000


def _column(model: type[models.Model], name: str) -> str:
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return field.column
    raise ValueError(f"{model.__name__} has no field {name}")


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
    objects = [model(organization_id=organization_id, **dict(zip(columns, row, strict=True))) for row in rows]
    model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    return len(objects)

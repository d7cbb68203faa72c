"""Writing a validated roster load with set-based SQL, the same statements on both databases.

``loads.py`` decides, in Python, what each row of the file does (create, update, which fields,
whether the manager or the dated history changes). This module only writes it:

1. **ids**: new people's ids are drawn first (``roster_ids_reserve``: the table's sequence on
   PostgreSQL, after the largest id on SQLite), so every row's manager is known by id before
   anything is written, wherever the manager is in the file: the caller resolves them;
2. **stage**: the rows that change anything go into a temporary table, ``roster_stage``: with
   ``COPY … FROM STDIN`` on PostgreSQL, ``executemany`` on SQLite;
3. **employees**: one ``INSERT … SELECT … ON CONFLICT (organization_id, external_id) DO UPDATE``
   creates the new people and rewrites the changed ones, managers included (the foreign key is
   checked at commit). Columns the file leaves out are not in the ``DO UPDATE`` list, so
   existing people keep what is stored for them;
4. **history**: one ``INSERT … SELECT`` dates a history row for every new person and every
   change of department, level or termination, from the employee rows as just written.

Everything runs inside the caller's transaction (the load is all or nothing), and the
temporary table goes with it. The SQL needs PostgreSQL, or SQLite 3.24 or later (``ON
CONFLICT``). Writing managers in the same statement matters: a second pass over 100,000 rows
(``UPDATE … FROM``) rewrote every row and every index entry again, as long as the insert.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection

from organizations.models import Employee, EmployeeHistory
from organizations.roster.progress import Progress, no_progress

STAGE = "roster_stage"
# Columns the file may leave out, and what a new employee gets when it does.
OPTIONAL_DEFAULTS = {
    "location": "",
    "performance_rating": None,
    "termination_date": None,
    "termination_type": "",
}
# Employee columns a staged row carries, besides its id.
_WRITTEN = (
    "manager_id",
    "name",
    "email",
    "department",
    "level",
    "location",
    "hire_date",
    "performance_rating",
    "termination_date",
    "termination_type",
)
_SQLITE_BATCH = 5_000


class StagedRow(NamedTuple):
    """One row of the file that changes the roster, as the temporary table holds it."""

    line: int
    id: int
    external_id: str
    manager_id: int | None
    name: str
    email: str
    department: str
    level: int
    location: str
    hire_date: datetime.date
    performance_rating: int | None
    termination_date: datetime.date | None
    termination_type: str
    write_history: bool


_STAGE_COLUMNS = StagedRow._fields
_STAGE_TYPES = {
    "line": "integer NOT NULL",
    "id": "bigint NOT NULL",
    "external_id": "varchar(64) NOT NULL",
    "manager_id": "bigint",
    "name": "varchar(200) NOT NULL",
    "email": "varchar(254) NOT NULL",
    "department": "varchar(120) NOT NULL",
    "level": "integer NOT NULL",
    "location": "varchar(120) NOT NULL",
    "hire_date": "date NOT NULL",
    "performance_rating": "integer",
    "termination_date": "date",
    "termination_type": "varchar(16) NOT NULL",
    "write_history": "boolean NOT NULL",
}


def roster_rows_write(
    *,
    organization_id: int,
    load_id: int,
    effective_date: datetime.date,
    now: datetime.datetime,
    file_columns: tuple[str, ...],
    rows: Iterable[StagedRow],
    row_count: int,
    progress: Progress = no_progress,
) -> None:
    """Write ``rows`` (``row_count`` of them) into the organization's roster; see the module.

    ``file_columns`` are the file's columns: the others are left as stored for existing people.
    """
    employee = Employee._meta.db_table
    history = EmployeeHistory._meta.db_table
    ops = connection.ops
    now_value = ops.adapt_datetimefield_value(now)
    day_value = ops.adapt_datefield_value(effective_date)
    with connection.cursor() as cursor:
        progress("staging", 0, row_count)
        _stage(cursor, rows, row_count, progress)
        progress("staging", row_count, row_count)

        progress("employees", 0, row_count)
        updated = [
            name
            for name in _WRITTEN
            if name in file_columns or (name not in OPTIONAL_DEFAULTS and name != "manager_id")
        ]
        assignments = ", ".join(f"{name} = excluded.{name}" for name in [*updated, "updated_at"])
        cursor.execute(
            f"""
            INSERT INTO {employee} (id, organization_id, external_id, {", ".join(_WRITTEN)},
                                    user_id, created_at, updated_at)
            SELECT s.id, %s, s.external_id, {", ".join(f"s.{name}" for name in _WRITTEN)},
                   NULL, %s, %s
            FROM {STAGE} s
            WHERE 1 = 1
            ORDER BY s.line
            ON CONFLICT (organization_id, external_id) DO UPDATE SET {assignments}
            """,
            [organization_id, now_value, now_value],
        )
        progress("employees", row_count, row_count)

        progress("history", 0, row_count)
        cursor.execute(
            f"""
            INSERT INTO {history} (organization_id, employee_id, roster_load_id, effective_date,
                                   department, level, termination_date, termination_type, created_at)
            SELECT %s, e.id, %s, %s, e.department, e.level, e.termination_date, e.termination_type, %s
            FROM {STAGE} s JOIN {employee} e ON e.id = s.id
            WHERE s.write_history
            ORDER BY s.line
            """,
            [organization_id, load_id, day_value, now_value],
        )
        cursor.execute(f"DROP TABLE {_temporary(STAGE)}")
        progress("history", row_count, row_count)


def roster_ids_reserve(count: int) -> list[int]:
    """``count`` ids no employee has or will be given by anyone else, for the new rows.

    PostgreSQL draws them from the table's sequence. SQLite takes the ones after the largest
    id (or AUTOINCREMENT's counter, whichever is larger): a writer that slipped in between would
    make this transaction fail on its first write (SQLite lets one writer commit at a time, and
    a transaction that read before another's commit cannot write after it), never share an id.
    """
    if count == 0:
        return []
    table = Employee._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0),"
            " coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _temporary(name: str) -> str:
    return f"temp.{name}" if connection.vendor == "sqlite" else name


def _stage(cursor, rows: Iterable[StagedRow], row_count: int, progress: Progress) -> None:
    columns = ", ".join(f"{name} {_STAGE_TYPES[name]}" for name in _STAGE_COLUMNS)
    cursor.execute(f"DROP TABLE IF EXISTS {_temporary(STAGE)}")
    if connection.vendor == "postgresql":
        cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns}) ON COMMIT DROP")
        with cursor.copy(f"COPY {STAGE} ({', '.join(_STAGE_COLUMNS)}) FROM STDIN") as copy:
            for done, row in enumerate(rows, start=1):
                copy.write_row(row)
                if done % 10_000 == 0:
                    progress("staging", done, row_count)
        # The planner's row counts for the joins below: without them it guesses a small table.
        cursor.execute(f"ANALYZE {STAGE}")
        return
    cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns})")
    placeholders = ", ".join(["%s"] * len(_STAGE_COLUMNS))
    insert = f"INSERT INTO {STAGE} ({', '.join(_STAGE_COLUMNS)}) VALUES ({placeholders})"
    batch: list[tuple] = []
    done = 0
    adapt = connection.ops.adapt_datefield_value
    for row in rows:
        batch.append(
            row._replace(
                hire_date=adapt(row.hire_date),
                termination_date=adapt(row.termination_date),
            )
        )
        if len(batch) == _SQLITE_BATCH:
            cursor.executemany(insert, batch)
            done += len(batch)
            batch.clear()
            progress("staging", done, row_count)
    if batch:
        cursor.executemany(insert, batch)

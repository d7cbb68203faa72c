"""Writing a validated roster load with set-based SQL, the same statements on both databases.

``loads.py`` decides, in Python, what each row of the file does (create, update, which fields,
whether the manager or the dated history changes). This module only writes it:

1. **stage**: the rows that change anything go into a temporary table, ``roster_stage``: with
   ``COPY … FROM STDIN`` on PostgreSQL, one ``executemany`` on SQLite;
2. **employees**: one ``INSERT … SELECT … ON CONFLICT (organization_id, external_id) DO UPDATE``
   creates the new people and rewrites the changed ones. Columns the file leaves out are not
   in the ``DO UPDATE`` list, so existing people keep what is stored for them;
3. **managers**: one ``UPDATE … FROM`` sets the manager of every staged row whose manager is
   new or changed, by external id, after every row exists (a manager may come later in the
   file);
4. **history**: one ``INSERT … SELECT`` dates a history row for every new person and every
   change of department, level or termination, from the employee rows as just written.

Everything runs inside the caller's transaction (the load is all or nothing), and the
temporary table goes with it. The SQL needs PostgreSQL, or SQLite 3.35 or later (``UPDATE …
FROM`` and ``ON CONFLICT`` with ``INSERT … SELECT``).
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
# Employee columns a staged row carries (manager_id is resolved from manager_ext afterwards).
_WRITTEN = (
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
    external_id: str
    name: str
    email: str
    department: str
    level: int
    location: str
    manager_ext: str | None
    hire_date: datetime.date
    performance_rating: int | None
    termination_date: datetime.date | None
    termination_type: str
    set_manager: bool
    write_history: bool


_STAGE_COLUMNS = StagedRow._fields
_STAGE_TYPES = {
    "line": "integer NOT NULL",
    "external_id": "varchar(64) NOT NULL",
    "name": "varchar(200) NOT NULL",
    "email": "varchar(254) NOT NULL",
    "department": "varchar(120) NOT NULL",
    "level": "integer NOT NULL",
    "location": "varchar(120) NOT NULL",
    "manager_ext": "varchar(64)",
    "hire_date": "date NOT NULL",
    "performance_rating": "integer",
    "termination_date": "date",
    "termination_type": "varchar(16) NOT NULL",
    "set_manager": "boolean NOT NULL",
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
    """Write ``rows`` (``row_count`` of them) into the organization's roster; see the module."""
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
        updated = [name for name in _WRITTEN if name not in OPTIONAL_DEFAULTS or name in file_columns]
        assignments = ", ".join(f"{name} = excluded.{name}" for name in [*updated, "updated_at"])
        cursor.execute(
            f"""
            INSERT INTO {employee} (organization_id, external_id, {", ".join(_WRITTEN)},
                                    manager_id, user_id, created_at, updated_at)
            SELECT %s, s.external_id, {", ".join(f"s.{name}" for name in _WRITTEN)},
                   NULL, NULL, %s, %s
            FROM {STAGE} s
            WHERE 1 = 1
            ORDER BY s.line
            ON CONFLICT (organization_id, external_id) DO UPDATE SET {assignments}
            """,
            [organization_id, now_value, now_value],
        )
        progress("employees", row_count, row_count)

        progress("managers", 0, row_count)
        if "manager_id" in file_columns:
            cursor.execute(
                f"""
                UPDATE {employee} AS e SET manager_id = m.id
                FROM {STAGE} s LEFT JOIN {employee} m
                     ON m.organization_id = %s AND m.external_id = s.manager_ext
                WHERE s.set_manager AND e.organization_id = %s AND e.external_id = s.external_id
                """,
                [organization_id, organization_id],
            )
        progress("managers", row_count, row_count)

        progress("history", 0, row_count)
        cursor.execute(
            f"""
            INSERT INTO {history} (organization_id, employee_id, roster_load_id, effective_date,
                                   department, level, termination_date, termination_type, created_at)
            SELECT %s, e.id, %s, %s, e.department, e.level, e.termination_date, e.termination_type, %s
            FROM {STAGE} s JOIN {employee} e ON e.organization_id = %s AND e.external_id = s.external_id
            WHERE s.write_history
            ORDER BY s.line
            """,
            [organization_id, load_id, day_value, now_value, organization_id],
        )
        cursor.execute(f"DROP TABLE {_temporary(STAGE)}")
        progress("history", row_count, row_count)


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
    cursor.execute(f"CREATE UNIQUE INDEX temp.{STAGE}_external_id ON {STAGE} (external_id)")
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

"""Loading the HR roster from a CSV file: preview, store pending, apply.

A load is all or nothing. ``roster_preview`` reads the file and the current roster and
reports every problem (file-level and per row, with line numbers) and, when there is none,
what each row would do. Only a valid file is ever stored, as a *pending* ``RosterLoad`` the
person confirms; ``roster_load_apply`` then re-validates it against the roster as it is at
that moment and writes everything in one transaction with set-based SQL (``bulk_apply.py``:
the changed rows staged in a temporary table, then one statement each for employees,
managers and history) and member links. ``roster_import`` does both steps at once for the
command line and seeding.

Confirming in the browser, or loading through the API, hands the load to a background task:
``roster_load_queue`` marks it *queued* and sends ``organizations.tasks.apply_roster_load``
after commit; the task runs ``roster_load_run``, which applies it or, when the roster changed
under it, marks it *failed* with the same per-row report a refused file gets. Progress goes
through ``progress.py`` (a callback at each stage).

Every function here expects the organization's scope to be open (the request middleware,
the ``import_roster`` command and the seed open it); queries also filter by organization
explicitly, so a wrong scope can never mix two rosters.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from organizations.audit import audit_record, client_ip, current_request
from organizations.clock import organization_today
from organizations.date_ranges import DateRange, day_label, shift
from organizations.models import APIKey, AuditAction, Employee, Organization, RosterLoad, User
from organizations.roster.bulk_apply import StagedRow, roster_ids_reserve, roster_rows_write
from organizations.roster.links import employee_links_refresh
from organizations.roster.listeners import roster_applied
from organizations.roster.parsing import COLUMN_NAMES, parse_roster, shortened
from organizations.roster.progress import Progress, no_progress, progress_forget
from organizations.roster.selectors import roster_filter_choices_compute

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"

# Fields an upsert compares and writes, in the order the preview lists changes.
_DATA_FIELDS = (
    "name",
    "email",
    "department",
    "level",
    "location",
    "manager_id",
    "hire_date",
    "performance_rating",
    "termination_date",
    "termination_type",
)
# A change to any of these is dated in EmployeeHistory (promotions, moves, leavers).
_HISTORY_FIELDS = frozenset({"department", "level", "termination_date", "termination_type"})
# The day a roster describes: from 1970 to a year ahead (a reorganization loaded in advance).
EARLIEST_EFFECTIVE_DATE = datetime.date(1970, 1, 1)
EFFECTIVE_DATES_AHEAD = datetime.timedelta(days=366)


@dataclass(frozen=True)
class RowError:
    """Everything wrong with one line of the file."""

    line: int
    external_id: str
    messages: list[str]


@dataclass(frozen=True)
class FieldChange:
    """One field an update changes, as the person reads it (``old`` is "" when it was empty)."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class PreviewRow:
    """What applying the file does to one employee: ``changed`` names the fields an update
    changes; ``changes`` words them for the preview (only the rows it shows: at 100,000 rows
    wording every change cost seconds)."""

    line: int
    external_id: str
    name: str
    action: str
    changed: tuple[str, ...]
    values: dict
    current: dict | None = field(default=None, repr=False, compare=False)
    organization: Organization | None = field(default=None, repr=False, compare=False)

    @cached_property
    def changes(self) -> list[FieldChange]:
        return [
            FieldChange(
                name,
                _display(name, self.current[name], self.organization),
                _display(name, self.values[name], self.organization),
            )
            for name in self.changed
        ]


@dataclass
class RosterPreview:
    """The result of reading a file against the current roster; nothing is written to make it."""

    rows: list[PreviewRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    # Problems with the date the file is said to describe (its range; not before the last load).
    effective_date_errors: list[str] = field(default_factory=list)
    effective_date: datetime.date | None = None
    columns: tuple[str, ...] = ()
    text: str = field(default="", repr=False)
    _existing: dict = field(default_factory=dict, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.file_errors and not self.effective_date_errors and not self.errors and bool(self.rows)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def _count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created_count(self) -> int:
        return self._count(CREATE)

    @property
    def updated_count(self) -> int:
        return self._count(UPDATE)

    @property
    def unchanged_count(self) -> int:
        return self._count(UNCHANGED)

    @property
    def counts(self) -> dict[str, int]:
        return {
            "rows": self.row_count,
            "created": self.created_count,
            "updated": self.updated_count,
            "unchanged": self.unchanged_count,
            "errors": len(self.errors),
        }

    @property
    def changed_rows(self) -> list[PreviewRow]:
        return [row for row in self.rows if row.action != UNCHANGED]

    @property
    def missing_columns(self) -> list[str]:
        """Optional columns the file leaves out; existing employees keep those values."""
        return [name for name in COLUMN_NAMES if self.columns and name not in self.columns]


class RosterInvalid(Exception):
    """The file (or the roster it would change) has problems; ``.preview`` lists them all."""

    def __init__(self, preview: RosterPreview):
        self.preview = preview
        count = len(preview.errors) + len(preview.file_errors) + len(preview.effective_date_errors)
        super().__init__(
            f"The roster file has {count} problem{'s' if count != 1 else ''}; nothing was changed."
        )


class RosterLoadNotPending(Exception):
    """The load was already applied, queued or failed (a second click on Confirm, or two people
    at once)."""


def roster_problems_report(error: RosterInvalid) -> dict:
    """Every problem of a refused file as plain data: the API's 400 body and a failed load's
    ``report``."""
    preview = error.preview
    report = {
        "detail": str(error),
        "file_errors": list(preview.file_errors),
        "rows": [
            {"line": row.line, "external_id": row.external_id, "errors": list(row.messages)}
            for row in preview.errors
        ],
    }
    if preview.effective_date_errors:
        report["effective_date"] = list(preview.effective_date_errors)
    return report


def roster_default_effective_date(organization: Organization) -> datetime.date:
    """Today in the organization's time zone: the date a roster describes unless told otherwise."""
    return organization_today(organization)


def roster_effective_date_problems(*, organization: Organization, effective_date: datetime.date) -> list[str]:
    """Why a load cannot describe ``effective_date``; empty when it can.

    The date must be from 1970 to a year from today, and not before the latest applied load: a
    back-dated load would overwrite the current roster with older facts while the dated
    history says they changed later, so the two would contradict each other. (The same date
    as the latest load is fine: a corrected file for the same day.)
    """
    today = organization_today(organization)
    allowed = DateRange(
        EARLIEST_EFFECTIVE_DATE,
        shift(today, EFFECTIVE_DATES_AHEAD),
        "a roster describes a day from 1970 to a year from today",
    )
    if problem := allowed.date_problem(effective_date, what="an effective date"):
        return [problem]
    latest = RosterLoad.objects.filter(organization=organization, status=RosterLoad.Status.APPLIED).aggregate(
        latest=Max("effective_date")
    )["latest"]
    if latest is not None and effective_date < latest:
        return [
            f"The roster already describes {day_label(latest)} (the latest load applied), so a load "
            f"dated {day_label(effective_date)} would put older facts in the current roster while its "
            f"history says they changed later. Choose {day_label(latest)} or later."
        ]
    return []


def roster_preview(
    *,
    organization: Organization,
    content: bytes,
    effective_date: datetime.date | None = None,
    progress: Progress = no_progress,
) -> RosterPreview:
    """Parse and validate ``content`` against the organization's roster; write nothing.

    Checks the file on its own (encoding, headers, cells, duplicate ids; see roster_csv) and
    against the roster: every manager id must be in the file or already loaded, and the
    manager chains of the file and the roster together must not loop. Valid rows are compared
    with the stored employees to say what would be created, updated (and which fields) or
    left unchanged. One query reads the roster, whatever the file's size.

    ``effective_date``, when given, is checked too (``roster_effective_date_problems``, one more
    query); hire and termination dates are bounded by it, or by today when it is not given.
    ``progress`` hears of the "reading" and "comparing" stages.
    """
    day = effective_date or roster_default_effective_date(organization)
    parsed = parse_roster(
        content, rating_scale=list(organization.rating_scale), effective_date=day, progress=progress
    )
    preview = RosterPreview(
        file_errors=list(parsed.file_errors), columns=parsed.columns, text=parsed.text, effective_date=day
    )
    if effective_date is not None:
        preview.effective_date_errors = roster_effective_date_problems(
            organization=organization, effective_date=effective_date
        )
    errors: dict[int, RowError] = {}

    def add(line: int, external_id: str, messages: list[str]) -> None:
        if not messages:
            return
        if line in errors:
            errors[line].messages.extend(messages)
        else:
            errors[line] = RowError(line=line, external_id=shortened(external_id), messages=list(messages))

    records_by_line = {record.line: record for record in parsed.records}
    for line, messages in parsed.line_errors.items():
        record = records_by_line.get(line)
        add(line, record.external_id if record else "", messages)

    if not preview.file_errors:
        total = len(parsed.records)
        progress("comparing", 0, total)
        existing = _existing_roster(organization)
        preview._existing = existing
        cross_row = _check_managers(parsed.records, parsed.columns, existing)
        for record in parsed.records:
            add(record.line, record.external_id, record.messages + cross_row.get(record.line, []))
        if not errors:
            preview.rows = [
                _preview_row(record, existing.get(record.external_id), organization)
                for record in parsed.records
            ]
        progress("comparing", total, total)

    preview.errors = sorted(errors.values(), key=lambda error: error.line)
    return preview


def roster_load_failure(*, load: RosterLoad) -> RosterPreview:
    """A failed load's stored report in the shape the error pages read (``_errors.html``)."""
    report = load.report or {}
    return RosterPreview(
        file_errors=list(report.get("file_errors", [])),
        effective_date_errors=list(report.get("effective_date", [])),
        errors=[
            RowError(line=row["line"], external_id=row["external_id"], messages=list(row["errors"]))
            for row in report.get("rows", [])
        ],
        effective_date=load.effective_date,
    )


def roster_load_preview(*, load: RosterLoad) -> RosterPreview:
    """What confirming a pending load would do now (the roster may have moved since upload)."""
    return roster_preview(
        organization=load.organization,
        content=load.content.encode("utf-8"),
        effective_date=load.effective_date,
    )


@transaction.atomic
def roster_load_create(
    *,
    organization: Organization,
    actor: User | None,
    content: bytes,
    filename: str,
    source: str,
    effective_date: datetime.date | None,
) -> tuple[RosterLoad | None, RosterPreview]:
    """Validate a file and, only if it is valid, keep it as a pending load awaiting confirmation.

    Returns ``(None, preview)`` for an invalid file: nothing is stored, ``preview`` lists every
    problem. ``effective_date`` defaults to today in the organization's time zone.
    """
    effective_date = effective_date or roster_default_effective_date(organization)
    preview = roster_preview(organization=organization, content=content, effective_date=effective_date)
    if not preview.is_valid:
        return None, preview
    load = _pending_load(organization, actor, preview, filename, source, effective_date)
    return load, preview


@transaction.atomic
def roster_load_apply(
    *, load: RosterLoad, actor: User | APIKey | None, progress: Progress = no_progress
) -> RosterLoad:
    """Apply a pending or queued load in one transaction; raise ``RosterInvalid`` if it no
    longer fits.

    The organization row is locked first so two loads of one roster never interleave (and a
    manager cycle cannot slip in between validation and write). Raises
    ``RosterLoadNotPending`` when the load was applied (or failed) already.
    """
    organization = Organization.objects.select_for_update().get(pk=load.organization_id)
    load = RosterLoad.objects.select_for_update().get(pk=load.pk, organization=organization)
    if load.status not in (RosterLoad.Status.PENDING, RosterLoad.Status.QUEUED):
        raise RosterLoadNotPending(f"Roster load {load.pk} was already {load.get_status_display().lower()}.")
    preview = roster_preview(
        organization=organization,
        content=load.content.encode("utf-8"),
        effective_date=load.effective_date,
        progress=progress,
    )
    if not preview.is_valid:
        raise RosterInvalid(preview)
    return _apply(organization, load, preview, actor, progress)


@transaction.atomic
def roster_load_queue(*, load: RosterLoad, actor: User | APIKey | None) -> RosterLoad:
    """Hand a pending load to the background task (after commit); raise
    ``RosterLoadNotPending`` when it was confirmed already.

    ``actor`` (a person or an API key) and the request's address are kept on the load, so the
    task's audit entry names who asked for it and from where.

    When the task cannot be sent (the broker is down) the load goes back to pending, so the
    person can confirm it again.
    """
    load = RosterLoad.objects.select_for_update().get(pk=load.pk, organization=load.organization_id)
    if load.status != RosterLoad.Status.PENDING:
        raise RosterLoadNotPending(f"Roster load {load.pk} was already {load.get_status_display().lower()}.")
    load.status = RosterLoad.Status.QUEUED
    load.loaded_by = actor if isinstance(actor, User) else None
    load.loaded_by_api_key = actor if isinstance(actor, APIKey) else None
    load.requested_from = client_ip(current_request())
    load.save(update_fields=["status", "loaded_by", "loaded_by_api_key", "requested_from"])
    organization_id, load_id = load.organization_id, load.pk
    transaction.on_commit(lambda: _send_or_back_to_pending(organization_id, load_id))
    return load


def _send_or_back_to_pending(organization_id: int, load_id: int) -> None:
    from organizations.notifications.enqueue import send_hint
    from organizations.tasks import apply_roster_load

    if not send_hint(apply_roster_load, organization_id, load_id):
        RosterLoad.objects.filter(
            pk=load_id, organization=organization_id, status=RosterLoad.Status.QUEUED
        ).update(status=RosterLoad.Status.PENDING)


UNEXPECTED_FAILURE = (
    "The load stopped on an unexpected error and nothing was changed. Upload the file again; if it "
    "happens again, tell your Lodestar administrator."
)


def roster_load_run(
    *, organization: Organization, load_id: int, progress: Progress = no_progress
) -> RosterLoad | None:
    """The background task's body: apply a queued load, or mark it failed with the reason.

    A load that is gone (cancelled, discarded) or already applied is left alone, so a repeated
    message is harmless. Nothing of a failed load is written but its status and report (the
    file's copy is dropped: it holds personal data).
    """
    load = (
        RosterLoad.objects.filter(pk=load_id, organization=organization)
        .select_related("loaded_by", "loaded_by_api_key")
        .first()
    )
    if load is None:
        return None
    try:
        return roster_load_apply(load=load, actor=load.loaded_by or load.loaded_by_api_key, progress=progress)
    except RosterLoadNotPending:
        return load
    except RosterInvalid as refused:
        _fail(organization, load_id, roster_problems_report(refused))
    except Exception:
        _fail(organization, load_id, {"detail": UNEXPECTED_FAILURE, "file_errors": [], "rows": []})
        raise
    finally:
        progress_forget(load_id)
    return RosterLoad.objects.get(pk=load_id, organization=organization)


def _fail(organization: Organization, load_id: int, report: dict) -> None:
    RosterLoad.objects.filter(
        pk=load_id,
        organization=organization,
        status__in=[RosterLoad.Status.PENDING, RosterLoad.Status.QUEUED],
    ).update(status=RosterLoad.Status.FAILED, report=report, content="")


@transaction.atomic
def roster_import(
    *,
    organization: Organization,
    actor: User | None,
    content: bytes,
    filename: str = "",
    source: str = RosterLoad.Source.COMMAND,
    effective_date: datetime.date | None = None,
    progress: Progress = no_progress,
) -> RosterLoad:
    """Validate and apply a file in one go (command line, seed); raise ``RosterInvalid`` if bad."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    effective_date = effective_date or roster_default_effective_date(organization)
    preview = roster_preview(
        organization=organization, content=content, effective_date=effective_date, progress=progress
    )
    if not preview.is_valid:
        raise RosterInvalid(preview)
    load = _pending_load(organization, actor, preview, filename, source, effective_date, keep_text=False)
    return _apply(organization, load, preview, actor, progress)


@transaction.atomic
def roster_load_cancel(*, load: RosterLoad, actor: User | None) -> None:
    """Throw away a pending load and the copy of the file it holds."""
    deleted, _ = RosterLoad.objects.filter(
        pk=load.pk, organization=load.organization_id, status=RosterLoad.Status.PENDING
    ).delete()
    if not deleted:
        raise RosterLoadNotPending(f"Roster load {load.pk} was already applied.")


PENDING_LOAD_TTL = datetime.timedelta(hours=24)


@transaction.atomic
def roster_pending_loads_discard(*, now: datetime.datetime) -> int:
    """Delete pending loads older than a day: an unconfirmed file still holds people's data.
    Failed loads (their report quotes the file) and queued loads a lost worker left behind
    (a load runs for minutes at most) go after a day too.

    Runs inside the organization's scope (the daily task opens each organization's in turn).
    Returns how many were deleted.
    """
    deleted, _ = RosterLoad.objects.filter(
        status__in=[RosterLoad.Status.PENDING, RosterLoad.Status.QUEUED, RosterLoad.Status.FAILED],
        created_at__lt=now - PENDING_LOAD_TTL,
    ).delete()
    return deleted


# --- reading the roster and checking managers -------------------------------------------------


def _existing_roster(organization: Organization) -> dict[str, dict]:
    rows = Employee.objects.filter(organization=organization).values(
        "pk",
        "external_id",
        *[f for f in _DATA_FIELDS if f != "manager_id"],
        manager_ext=F("manager__external_id"),
    )
    roster = {}
    for row in rows:
        row["manager_id"] = row.pop("manager_ext")
        roster[row["external_id"]] = row
    return roster


def _check_managers(records, columns, existing: dict[str, dict]) -> dict[int, list[str]]:
    """Unknown managers and manager loops, by line; the file's rows override the roster's."""
    problems: dict[int, list[str]] = {}
    in_file = {record.external_id for record in records if record.external_id}
    manager_of = {external_id: row["manager_id"] for external_id, row in existing.items()}
    line_of: dict[str, int] = {}
    for record in records:
        if not record.external_id:
            continue
        line_of.setdefault(record.external_id, record.line)
        if "manager_id" not in columns:
            manager_of.setdefault(record.external_id, None)
            continue
        manager_id = record.values.get("manager_id")
        if manager_id and manager_id not in in_file and manager_id not in existing:
            problems.setdefault(record.line, []).append(
                f"manager_id {shortened(manager_id)} is neither in this file nor in the roster."
            )
            manager_id = None
        if manager_id == record.external_id:
            manager_id = None  # reported by the row check as a self-manager
        manager_of[record.external_id] = manager_id

    for cycle in _cycles(manager_of, start_from=in_file):
        for position, external_id in enumerate(cycle):
            if external_id not in line_of:
                continue
            chain = cycle[position:] + cycle[:position] + [external_id]
            problems.setdefault(line_of[external_id], []).append(
                f"The manager chain loops back to this person: {' → '.join(chain)}."
            )
    return problems


def _cycles(manager_of: dict[str, str | None], start_from: set[str]) -> list[list[str]]:
    """Each loop in the manager graph reachable from ``start_from``, found once."""
    done: set[str] = set()
    cycles = []
    for start in sorted(start_from):
        path: list[str] = []
        position: dict[str, int] = {}
        node = start
        while node is not None and node not in done and node not in position:
            position[node] = len(path)
            path.append(node)
            node = manager_of.get(node)
        if node is not None and node in position:
            cycles.append(path[position[node] :])
        done.update(path)
    return cycles


# --- comparing with the roster --------------------------------------------------------------


def _preview_row(record, current: dict | None, organization: Organization) -> PreviewRow:
    values = record.values
    if current is None:
        return PreviewRow(record.line, record.external_id, values["name"], CREATE, (), values)
    changed = tuple(name for name in _DATA_FIELDS if name in values and values[name] != current[name])
    action = UPDATE if changed else UNCHANGED
    return PreviewRow(
        record.line, record.external_id, values["name"], action, changed, values, current, organization
    )


def _display(name: str, value, organization: Organization) -> str:
    if value is None or value == "":
        return ""
    if name == "performance_rating":
        label = organization.rating_label(value)
        return f"{value} ({label})" if label else str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


# --- writing --------------------------------------------------------------------------------


def _pending_load(
    organization, actor, preview: RosterPreview, filename, source, effective_date, *, keep_text: bool = True
) -> RosterLoad:
    if source not in RosterLoad.Source.values:
        raise ValueError(f"Unknown roster load source {source!r}")
    return RosterLoad.objects.create(
        organization=organization,
        loaded_by=actor,
        source=source,
        filename=(filename or "")[:255],
        status=RosterLoad.Status.PENDING,
        effective_date=effective_date or roster_default_effective_date(organization),
        # Applied at once (command line, seed), the file's copy would be dropped again anyway.
        content=preview.text if keep_text else "",
        row_count=preview.row_count,
        created_count=preview.created_count,
        updated_count=preview.updated_count,
        unchanged_count=preview.unchanged_count,
    )


def _apply(
    organization: Organization, load: RosterLoad, preview: RosterPreview, actor, progress: Progress
) -> RosterLoad:
    """Write a validated preview (``bulk_apply.py``), then the load's record and member links."""
    now = timezone.now()
    changed = [row for row in preview.rows if row.action != UNCHANGED]
    progress("staging", 0, len(changed))
    new = [row.external_id for row in changed if row.action == CREATE]
    pk_of = {external_id: current["pk"] for external_id, current in preview._existing.items()}
    pk_of.update(zip(new, roster_ids_reserve(len(new)), strict=True))
    roster_rows_write(
        organization_id=organization.pk,
        load_id=load.pk,
        effective_date=load.effective_date,
        now=now,
        file_columns=preview.columns,
        rows=(_staged(row, pk_of) for row in changed),
        row_count=len(changed),
        progress=progress,
    )

    progress("links", 0, 1)
    employee_links_refresh(organization=organization)
    load.status = RosterLoad.Status.APPLIED
    load.applied_at = now
    load.loaded_by = actor if isinstance(actor, User) else None
    load.loaded_by_api_key = actor if isinstance(actor, APIKey) else None
    load.content = ""  # the file holds personal data; the employees and history now carry it
    load.report = {}
    load.row_count = preview.row_count
    load.created_count = preview.created_count
    load.updated_count = preview.updated_count
    load.unchanged_count = preview.unchanged_count
    load.filter_choices = roster_filter_choices_compute()
    load.save()
    audit_record(
        organization,
        AuditAction.ROSTER_LOAD,
        target=load,
        label=f"{load.filename or 'roster'} effective {load.effective_date:%Y-%m-%d}",
        changes=[
            f"created: {load.created_count}",
            f"updated: {load.updated_count}",
            f"rows: {load.row_count}",
        ],
        actor=actor,
        ip_address=load.requested_from,
    )
    roster_applied(organization_id=organization.pk)
    progress("links", 1, 1)
    return load


def _staged(row: PreviewRow, pk_of: dict[str, int]) -> StagedRow:
    """What the temporary table holds for one created or updated row; ``pk_of`` maps every
    external id, stored or new, to its employee id."""
    values = row.values
    new = row.action == CREATE
    changed = set(row.changed)
    manager = values.get("manager_id")
    return StagedRow(
        line=row.line,
        id=pk_of[row.external_id],
        external_id=row.external_id,
        manager_id=pk_of[manager] if manager else None,
        name=values["name"],
        email=values["email"],
        department=values["department"],
        level=values["level"],
        location=values.get("location") or "",
        hire_date=values["hire_date"],
        performance_rating=values.get("performance_rating"),
        termination_date=values.get("termination_date"),
        termination_type=values.get("termination_type") or "",
        write_history=new or bool(changed & _HISTORY_FIELDS),
    )

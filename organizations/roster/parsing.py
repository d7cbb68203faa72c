"""Reading a roster CSV: bytes in, clean per-row values and every problem out.

This module knows the file format only: encodings, headers, cell syntax and the rules that a
single row or the file alone can decide (required cells, dates, ratings, duplicate ids). Rules
that need the existing roster (unknown managers, manager cycles, what will change) live in
``organizations.roster.loads``. Nothing here touches the database.

Line numbers are the file's physical lines, header = line 1, so a person can find the row in a
text editor or spreadsheet.
"""

import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from organizations.csv_export import csv_text
from organizations.date_ranges import EARLIEST, OUTER, DateRange, day_label, shift
from organizations.models import TerminationType


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str
    example: str
    max_length: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("external_id", True, "Your HR system's id for the person. Rows are matched on it.", "E1001", 64),
    Column("name", True, "Full name.", "Ada Lovelace", 200),
    Column(
        "email", True, "Work email; members who sign in with it are linked to the row.", "ada@example.com"
    ),
    Column("department", True, "Department or function.", "Engineering", 120),
    Column("level", True, "Grade as a whole number; higher is more senior.", "4"),
    Column("location", False, "Office or city.", "Amsterdam", 120),
    Column("manager_id", False, "The manager's external_id (in this file or already loaded).", "E1000"),
    Column("hire_date", True, "First day, as YYYY-MM-DD.", "2021-03-15"),
    Column("performance_rating", False, "A label from your rating scale, or its number (1 = lowest).", "4"),
    Column("termination_date", False, "Last day for leavers, as YYYY-MM-DD; empty otherwise.", ""),
    Column("termination_type", False, "voluntary or involuntary, only with a termination_date.", ""),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)
REQUIRED_COLUMNS = tuple(column.name for column in COLUMNS if column.required)
MAX_LENGTHS = {column.name: column.max_length for column in COLUMNS if column.max_length}
EMAIL_MAX_LENGTH = 254
LEVEL_MAX = 32767  # PositiveSmallIntegerField
# A message quotes at most this much of a bad value: a 10,000-character cell stays readable.
QUOTE_MAX = 80
# Hire and termination dates: from 1900 to a year after the date the roster describes (a hire
# or a leaver already agreed), never the year 1 or 9999 a typo gives.
DATES_AHEAD = datetime.timedelta(days=366)
# Every column holds one line; these break it (str.splitlines' boundaries).
_LINE_BREAKS = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

SAMPLE_ROWS: tuple[dict[str, str], ...] = (
    {
        "external_id": "E1000",
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "department": "Engineering",
        "level": "7",
        "location": "Amsterdam",
        "manager_id": "",
        "hire_date": "2012-09-03",
        "performance_rating": "Outstanding",
        "termination_date": "",
        "termination_type": "",
    },
    {
        "external_id": "E1001",
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "department": "Engineering",
        "level": "4",
        "location": "Amsterdam",
        "manager_id": "E1000",
        "hire_date": "2021-03-15",
        "performance_rating": "4",
        "termination_date": "",
        "termination_type": "",
    },
    {
        "external_id": "E1002",
        "name": "Alan Turing",
        "email": "alan@example.com",
        "department": "Research",
        "level": "3",
        "location": "London",
        "manager_id": "E1000",
        "hire_date": "2019-01-07",
        "performance_rating": "Meets expectations",
        "termination_date": "2024-06-30",
        "termination_type": "voluntary",
    },
)

_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
# Addresses of the common form, a strict subset of what Django's validate_email accepts (a
# dot-atom of letters, digits and ._+-, then host labels and a letters-only top-level domain):
# they pass without the full check, which costs most of a row's time. Anything else gets it.
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)
_TERMINATION_TYPES = frozenset(TerminationType.values)
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAVE_AS_UTF8 = 'Save the file as "CSV UTF-8" and upload it again.'
_PROGRESS_EVERY = 2_000


@dataclass
class RosterRecord:
    """One data row: its line, the clean values of the columns present, and its problems."""

    line: int
    external_id: str
    values: dict = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)


@dataclass
class ParsedRoster:
    """The whole file: which columns it has, its rows, and problems not tied to a row."""

    columns: tuple[str, ...] = ()
    records: list[RosterRecord] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    # Lines with problems found before rows are split into cells (bad bytes), by line number.
    line_errors: dict[int, list[str]] = field(default_factory=dict)
    text: str = ""


def shortened(value: str) -> str:
    """``value`` cut to its first ``QUOTE_MAX`` characters (and "…"), for a message."""
    return f"{value[:QUOTE_MAX]}…" if len(value) > QUOTE_MAX else value


def quoted(value: str) -> str:
    return f'"{shortened(value)}"'


def roster_date_range(effective_date: datetime.date) -> DateRange:
    """Where a hire or termination date of a roster describing ``effective_date`` may fall."""
    latest = shift(effective_date, DATES_AHEAD)
    return DateRange(
        EARLIEST, latest, f"from 1900 to a year after the roster's date, {day_label(effective_date)}"
    )


def sample_csv() -> str:
    """The downloadable template: every column and three example rows."""
    return csv_text(COLUMN_NAMES, [[row.get(name, "") for name in COLUMN_NAMES] for row in SAMPLE_ROWS])


def parse_roster(
    content: bytes,
    *,
    rating_scale: list[str],
    effective_date: datetime.date | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ParsedRoster:
    """Decode, split and check a roster file, collecting every problem rather than stopping.

    ``effective_date`` is the date the file describes; hire and termination dates are bounded by
    it (``roster_date_range``), or only by 1900–2199 without it. ``progress``, when given, hears
    ``("reading", rows read, about how many rows the file has)`` every few thousand rows.
    """
    parsed = ParsedRoster()
    dates = roster_date_range(effective_date) if effective_date else OUTER
    if content.startswith(_UTF8_BOM):
        content = content[len(_UTF8_BOM) :]
    if content.startswith(_UTF16_BOMS):
        parsed.file_errors.append(f"The file is saved as UTF-16 text, not UTF-8. {_SAVE_AS_UTF8}")
        return parsed
    if not content.strip():
        parsed.file_errors.append("The file is empty. It needs a header line and at least one employee row.")
        return parsed

    parsed.text = _decode(content, parsed)
    if 1 in parsed.line_errors:
        parsed.file_errors.append(f"The header line contains bytes that are not UTF-8 text. {_SAVE_AS_UTF8}")
        return parsed

    reader = csv.reader(io.StringIO(parsed.text, newline=""), delimiter=_delimiter(parsed.text))
    try:
        _, header = _next_row(reader)
        if header is None:
            parsed.file_errors.append(
                "The file is empty. It needs a header line and at least one employee row."
            )
            return parsed
        parsed.columns = _check_header(header, parsed.file_errors)
        if parsed.file_errors:
            return parsed
        lines = parsed.text.count("\n")
        if progress:
            progress("reading", 0, lines)
        while True:
            line, cells = _next_row(reader)
            if cells is None:
                break
            parsed.records.append(_record(line, cells, parsed.columns, rating_scale, dates))
            if progress and len(parsed.records) % _PROGRESS_EVERY == 0:
                progress("reading", len(parsed.records), lines)
    except csv.Error as error:
        parsed.file_errors.append(f"Line {reader.line_num}: the file is not valid CSV ({error}).")
        return parsed

    if not parsed.records:
        parsed.file_errors.append("The file has a header line but no employee rows.")
    _flag_duplicate_ids(parsed.records)
    return parsed


def _decode(content: bytes, parsed: ParsedRoster) -> str:
    """UTF-8 text; each line with invalid bytes is noted so the person can find it."""
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for number, raw in enumerate(content.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            byte = raw[error.start]
            parsed.line_errors.setdefault(number, []).append(
                f"Line {number} contains a byte that is not UTF-8 text (0x{byte:02X} at character "
                f"{error.start + 1}), probably an accented letter saved in another encoding. {_SAVE_AS_UTF8}"
            )
    return content.decode("utf-8", errors="replace")


def _delimiter(text: str) -> str:
    """Comma, unless the header is clearly semicolon-separated (spreadsheets in many locales)."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _next_row(reader) -> tuple[int, list[str] | None]:
    """The next non-blank row and the line it starts on; (line, None) at the end."""
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return start, None
        if any(cell.strip() for cell in cells):
            return start, cells


def _normalize_header(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _check_header(header: list[str], errors: list[str]) -> tuple[str, ...]:
    names = [_normalize_header(name) for name in header]
    blank = [str(position) for position, name in enumerate(names, start=1) if not name]
    if blank:
        errors.append(f"Column {', '.join(blank)} of the header has no name. Name it or delete the column.")
    unknown = [
        shortened(header[i].strip()) for i, name in enumerate(names) if name and name not in COLUMN_NAMES
    ]
    if unknown:
        errors.append(
            f"Unknown column{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"The allowed columns are {', '.join(COLUMN_NAMES)}."
        )
    duplicated = sorted({shortened(name) for name in names if name and names.count(name) > 1})
    if duplicated:
        errors.append(f"Column{'s' if len(duplicated) > 1 else ''} named twice: {', '.join(duplicated)}.")
    missing = [name for name in REQUIRED_COLUMNS if name not in names]
    if missing:
        errors.append(
            f"Missing required column{'s' if len(missing) > 1 else ''}: {', '.join(missing)}. "
            f"Every file needs {', '.join(REQUIRED_COLUMNS)}."
        )
    return tuple(names)


def _record(
    line: int, cells: list[str], columns: tuple[str, ...], rating_scale: list[str], dates: DateRange
) -> RosterRecord:
    cells = [cell.strip() for cell in cells]
    raw = dict(zip(columns, cells, strict=False))
    record = RosterRecord(line=line, external_id=raw.get("external_id", ""))
    if len(cells) != len(columns):
        record.messages.append(
            f"Has {len(cells)} values but the header has {len(columns)} columns "
            "(check for a missing or extra comma, or an unclosed quote)."
        )
    values = record.values
    messages = record.messages
    _check_characters(cells, columns, messages)

    for name in REQUIRED_COLUMNS:
        if not raw.get(name):
            messages.append(f"{name} is required.")
    for name, limit in MAX_LENGTHS.items():
        if len(raw.get(name) or "") > limit:
            messages.append(f"{name} is longer than {limit} characters.")

    for name in ("external_id", "name", "department"):
        values[name] = raw.get(name, "")
    if "location" in columns:
        values["location"] = raw.get("location") or ""

    email = raw.get("email", "")
    values["email"] = email
    if email:
        try:
            if len(email) > EMAIL_MAX_LENGTH:
                raise ValidationError("too long")
            if not _PLAIN_EMAIL.fullmatch(email):
                validate_email(email)
        except ValidationError:
            messages.append(f"email {quoted(email)} is not a valid email address.")

    level = raw.get("level", "")
    if level:
        if not _WHOLE_NUMBER.fullmatch(level):
            messages.append(f"level {quoted(level)} is not a whole number (for example 3).")
        # Compared as text first: int() of a 10,000-digit string raises (Python's digit limit).
        elif len(level.lstrip("0")) > len(str(LEVEL_MAX)) or int(level) > LEVEL_MAX:
            messages.append(f"level {quoted(level)} is too high; levels go up to {LEVEL_MAX}.")
        else:
            values["level"] = int(level)

    values["hire_date"] = _date(raw, "hire_date", messages, dates)
    if "termination_date" in columns:
        values["termination_date"] = _date(raw, "termination_date", messages, dates)
    if "termination_type" in columns:
        values["termination_type"] = _termination_type(raw.get("termination_type") or "", messages)
    if "performance_rating" in columns:
        values["performance_rating"] = _rating(raw.get("performance_rating") or "", rating_scale, messages)
    if "manager_id" in columns:
        manager_id = raw.get("manager_id") or ""
        values["manager_id"] = manager_id or None
        if manager_id and manager_id == record.external_id:
            messages.append("manager_id is the person's own external_id; a person cannot manage themselves.")

    _check_termination(values, raw, messages)
    return record


def _check_characters(cells: list[str], columns: tuple[str, ...], messages: list[str]) -> None:
    """No NUL (PostgreSQL cannot store it) and no line break (every column is one line)."""
    joined = "\t".join(cells)  # a tab is neither: one search clears the usual row
    if "\x00" not in joined and not _LINE_BREAKS.search(joined):
        return
    for position, cell in enumerate(cells):
        name = columns[position] if position < len(columns) else f"Value {position + 1}"
        if "\x00" in cell:
            messages.append(f"{name} contains a NUL character (byte 0x00); remove it.")
        elif _LINE_BREAKS.search(cell):
            messages.append(f"{name} {quoted(cell)} has a line break in it; keep it on one line.")


def _date(raw: dict, name: str, messages: list[str], dates: DateRange) -> datetime.date | None:
    text = raw.get(name) or ""
    if not text:
        return None
    if _ISO_DATE.match(text):
        try:
            day = datetime.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if problem := dates.date_problem(day, what=f"a {name}"):
                messages.append(f"{name} {text} is out of range. {problem}")
                return None
            return day
    messages.append(f"{name} {quoted(text)} is not a date in the form YYYY-MM-DD (for example 2021-03-15).")
    return None


def _termination_type(text: str, messages: list[str]) -> str:
    if not text:
        return ""
    if text.lower() in _TERMINATION_TYPES:
        return text.lower()
    messages.append(f"termination_type {quoted(text)} must be voluntary or involuntary.")
    return ""


def _rating(text: str, scale: list[str], messages: list[str]) -> int | None:
    if not text:
        return None
    # Length first: int() of a 10,000-digit string raises (Python's integer-string limit).
    if _WHOLE_NUMBER.fullmatch(text) and len(text) <= 6 and 1 <= int(text) <= len(scale):
        return int(text)
    labels = {label.strip().lower(): position for position, label in enumerate(scale, start=1)}
    if text.lower() in labels:
        return labels[text.lower()]
    messages.append(
        f"performance_rating {quoted(text)} is not on your rating scale. Use a number from 1 to {len(scale)} "
        f"or one of: {', '.join(scale)}."
    )
    return None


def _check_termination(values: dict, raw: dict, messages: list[str]) -> None:
    has_date = bool(raw.get("termination_date"))
    has_type = bool(raw.get("termination_type"))
    if has_date and not has_type:
        messages.append("termination_date is given without a termination_type (voluntary or involuntary).")
    if has_type and not has_date:
        messages.append("termination_type is given without a termination_date.")
    hired, left = values.get("hire_date"), values.get("termination_date")
    if hired and left and left < hired:
        messages.append(f"termination_date {left.isoformat()} is before hire_date {hired.isoformat()}.")


def _flag_duplicate_ids(records: list[RosterRecord]) -> None:
    counts = Counter(record.external_id for record in records if record.external_id)
    if len(counts) == sum(counts.values()):
        return
    lines_by_id: dict[str, list[int]] = {}
    for record in records:
        if counts.get(record.external_id, 0) > 1:
            lines_by_id.setdefault(record.external_id, []).append(record.line)
    for record in records:
        lines = lines_by_id.get(record.external_id, [])
        if len(lines) > 1:
            others = ", ".join(str(line) for line in lines if line != record.line)
            record.messages.append(
                f"external_id {shortened(record.external_id)} appears more than once (also on line {others})."
            )

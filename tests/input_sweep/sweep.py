"""Sending the hostile values, and keeping every 5xx found, with what was sent, for the report."""

import datetime
import functools
import operator
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from django import forms
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client

from organizations.date_ranges import EARLIEST, LATEST, date_finders
from tests.input_sweep.pages import Form, Page, read_page
from tests.input_sweep.values import BY_KIND, EVERY, FAR_MONTHS, FILES, label

ORDINARY_FILE = ("sweep.csv", b"name\nsweep\n")
# A query parameter a page does not show may still be read: as text, a date, a month, a number.
ANY_QUERY_VALUE = (*EVERY, *FAR_MONTHS)
SHOWN = 40


@dataclass
class Sweep:
    """A client that never raises on a server error but notes it, so one run names every
    broken request of a route; each request runs in a savepoint, so a database error on
    PostgreSQL does not poison the requests after it."""

    client: Client
    who: str = ""
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    wrote: bool = False

    def send(self, method: str, url: str, what: str, **kwargs):
        self.requests += 1
        with transaction.atomic():
            response = getattr(self.client, method)(url, **kwargs)
            # Only a request that changes things and is not refused outright may store anything.
            self.wrote = self.wrote or (method != "get" and response.status_code < 400)
            if response.status_code >= 500:
                transaction.set_rollback(True)
                who = f"[{self.who}] " if self.who else ""
                self.failures.append(f"{who}{method.upper()} {_short(url)} {what} -> {_describe(response)}")
        return response

    def page(self, url: str, what: str = "as it is") -> tuple[int, Page | None]:
        """GET a page: its status, and the page read (``None`` unless it answers with HTML)."""
        response = self.send("get", url, what)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return response.status_code, None
        return response.status_code, read_page(url, response.content.decode(errors="replace"))

    def query(self, url: str, names) -> None:
        """Every name set to one hostile value at a time."""
        names = sorted(names)
        for value in ANY_QUERY_VALUE:
            shown = "{" + ",".join(names) + "}"
            self.send("get", url, f"?{shown}={label(value)}", data=dict.fromkeys(names, value))

    def query_each(self, url: str, kinds: dict[str, str]) -> None:
        """Each name alone, with the values that suit the input showing it."""
        for name, kind in sorted(kinds.items()):
            values = ANY_QUERY_VALUE if kind in ("text", "search") else BY_KIND.get(kind, ANY_QUERY_VALUE)
            for value in values:
                self.send("get", url, f"?{name}={label(value)}", data={name: value})

    def post(self, url: str, data: dict, files: list[str], what: str, upload=ORDINARY_FILE):
        """POST, and follow the redirect of a success: a stored value that breaks the page it
        lands on is caught there."""
        body = dict(data)
        for name in files:
            body.setdefault(name, SimpleUploadedFile(upload[0], upload[1], "text/csv"))
        return self.send("post", url, what, data=body, follow=True)

    def form(self, form: Form) -> None:
        """The form as it stands, then every field set to one hostile value at a time (the hidden
        fields and the CSRF token kept), then one field at a time with the values that suit it."""
        url, baseline, files = form.action, form.baseline(), form.files
        changeable = [name for name, found in form.fields.items() if found.kind not in ("hidden", "file")]
        for button in form.buttons or [None]:
            data = {**baseline, **({button[0]: button[1]} if button else {})}
            pressed = f"[{button[0]}={button[1]}] " if button else ""
            self.post(url, data, files, f"{pressed}as it stands")
            for value in EVERY if changeable else ():
                hostile = {**data, **dict.fromkeys(changeable, value)}
                self.post(url, hostile, files, f"{pressed}every field={label(value)}")
        pressed = dict(form.buttons[:1])
        for name, found in form.fields.items():
            if _later_formset_row(name, form.fields):
                continue
            for value in found.hostile:
                self.post(url, {**baseline, **pressed, name: value}, files, f"{name}={label(value)}")
        for name in files:
            for upload in FILES:
                what = f"{name}=<file {label(upload[0])}>"
                self.post(url, {**baseline, **pressed}, files, what, upload=upload)

    def stored_dates_outside_their_ranges(self, organization) -> None:
        """What the sweep got stored: no date outside the range its meaning allows (the product's
        own finders, ``manage.py find_out_of_range_dates``), and no date or time of any tenant
        row outside the years every range stays within. Skipped when nothing sent could store."""
        if not self.wrote:
            return
        for finder in date_finders():
            for row in finder(organization):
                self.failures.append(f"stored {row.model} {row.pk} {row.field}={row.stored!r}")
        years = f"{EARLIEST.year}–{LATEST.year}"
        for model, pk, name in _far_dates(organization):
            self.failures.append(f"stored {model._meta.label} {pk} {name} outside {years}")

    def fail_on_failures(self, what: str) -> None:
        if not self.failures:
            return
        shown = "\n  ".join(self.failures[:SHOWN])
        more = f"\n  … and {len(self.failures) - SHOWN} more" if len(self.failures) > SHOWN else ""
        count = f"{len(self.failures)} findings in {self.requests} requests"
        pytest.fail(f"{what}: {count}\n  {shown}{more}", pytrace=False)


def unique_forms(forms: list[Form], organization_prefix: str, seen: set) -> list[Form]:
    """POST forms aimed at this organization's pages, one of each kind (a list of members shows
    the same form for each; one is enough), leaving out the kinds in ``seen``."""
    kept = []
    for form in forms:
        path = urlsplit(form.action).path
        if not path.startswith(organization_prefix):
            continue
        kind = (re.sub(r"/\d+/", "/<id>/", path), tuple(sorted(form.fields)), tuple(form.buttons))
        if kind not in seen:
            seen.add(kind)
            kept.append(form)
    return kept


def _far_dates(organization):
    """(model, pk, field) of each date or datetime of the organization's rows before EARLIEST or
    after LATEST, compared in SQL (a year-1 timestamp cannot even be read back)."""
    for model, outside in _OUTSIDE_THE_YEARS.items():
        rows = model._base_manager.filter(organization=organization)
        if not rows.filter(functools.reduce(operator.or_, outside.values())).exists():
            continue
        for name, condition in outside.items():
            for pk in rows.filter(condition).values_list("pk", flat=True):
                yield model, pk, name


def _outside_the_years() -> dict:
    """For each tenant model with dates: each date field, and the condition it is out of range."""
    day = datetime.timedelta(days=1)
    first = datetime.datetime.combine(EARLIEST, datetime.time(), tzinfo=datetime.UTC) - day
    last = datetime.datetime.combine(LATEST, datetime.time(), tzinfo=datetime.UTC) + 2 * day
    found = {}
    for model in apps.get_models():
        columns = model._meta.concrete_fields
        if "organization" not in {column.name for column in columns}:
            continue
        for column in columns:
            if isinstance(column, models.DateTimeField):
                low, high = first, last
            elif isinstance(column, models.DateField):
                low, high = EARLIEST, LATEST
            else:
                continue
            condition = models.Q(**{f"{column.name}__lt": low}) | models.Q(**{f"{column.name}__gt": high})
            found.setdefault(model, {})[column.name] = condition
    return found


_OUTSIDE_THE_YEARS = _outside_the_years()


def product_form_field_names() -> list[str]:
    """Every field name a form class of the product declares (the URLconf, read by now, has
    imported every view and so every form)."""
    first_party = {"organizations", "programs", "cohorts", "matching", "goals", "sessions", "analytics"}
    names, seen, stack = set(), set(), [forms.BaseForm]
    while stack:
        for form_class in stack.pop().__subclasses__():
            if form_class in seen:
                continue
            seen.add(form_class)
            stack.append(form_class)
            if form_class.__module__.split(".")[0] in first_party:
                names |= set(getattr(form_class, "base_fields", {}))
    return sorted(names)


def _later_formset_row(name: str, fields) -> bool:
    """``items-1-text`` when ``items-0-text`` is there too: the rows of a formset are alike, the
    first one is tried field by field."""
    match = re.fullmatch(r"(.+)-([1-9][0-9]*)-(.+)", name)
    return bool(match) and f"{match[1]}-0-{match[3]}" in fields


def _short(url: str) -> str:
    return url if len(url) <= 100 else f"{url[:90]}…"


def _describe(response) -> str:
    """The status, and the exception with the last line of product code it passed through."""
    text = str(response.status_code)
    if not getattr(response, "exc_info", None):
        return text
    _, error, frame = response.exc_info
    message = " ".join(str(error).split())
    text += f" {type(error).__name__}: {message[:160]}"
    where = None
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if "/site-packages/" not in filename and "/tests/" not in filename:
            where = f"{'/'.join(filename.rsplit('/', 2)[-2:])}:{frame.tb_lineno}"
        frame = frame.tb_next
    return f"{text} (last in {where})" if where else text

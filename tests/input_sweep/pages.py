"""What a page offers to send: its forms (with the values a browser would submit as they are)
and the query parameters its links and GET forms use. Read with the standard library's
html.parser, as a browser would, so whatever a template renders is covered without a list."""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from tests.input_sweep.values import BY_KIND

CSRF_FIELD = "csrfmiddlewaretoken"
BUTTONS = {"submit", "button", "reset", "image"}
CHOICES = {"radio", "checkbox"}


@dataclass
class Field:
    """One named control: its kind (an input type, ``textarea``, ``choice``, ``file``…), the
    values a browser sends when nobody touches it (an ordinary value when it is empty), and for
    choices the values offered."""

    name: str
    kind: str
    values: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)

    @property
    def hostile(self) -> tuple:
        if self.name == CSRF_FIELD or self.kind == "file":
            return ()
        return BY_KIND.get(self.kind, BY_KIND["text"])


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    # The named submit buttons, each a (name, value) a browser adds when it is pressed.
    buttons: list[tuple[str, str]] = field(default_factory=list)

    @property
    def files(self) -> list[str]:
        return [name for name, found in self.fields.items() if found.kind == "file"]

    def baseline(self) -> dict[str, list[str]]:
        """What a browser sends as the page stands, with empty boxes filled with ordinary values."""
        return {name: list(found.values) for name, found in self.fields.items() if found.kind != "file"}


def _ordinary(kind: str, attrs: dict) -> str:
    """An ordinary value for an empty box, so one hostile field is judged on its own."""
    now = datetime.datetime.now() + datetime.timedelta(days=1)
    return {
        "email": "sweep@example.com",
        "url": "https://example.com/",
        "number": attrs.get("min") or "1",
        "range": attrs.get("min") or "1",
        "date": now.date().isoformat(),
        "datetime-local": now.strftime("%Y-%m-%dT10:00"),
        # Just past midnight: with a year-1 date, a moment before year 1 in UTC east of it.
        "time": "00:10",
        "month": now.strftime("%Y-%m"),
        "password": "A sweep password 1",
    }.get(kind, "Sweep")


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._select_multiple = False
        self._select_seen_selected = False
        self._option: dict | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: value if value is not None else "" for key, value in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = Form(method=attrs.get("method", "get").lower(), action=attrs.get("action", ""))
            self.forms.append(self._form)
        elif tag == "option" and self._select is not None:
            self._close_option()
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
        elif self._form is None or "disabled" in attrs or not attrs.get("name"):
            return
        elif tag == "input":
            self._input(attrs)
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._form.buttons.append((attrs["name"], attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = self._field(attrs["name"], "textarea")
        elif tag == "select":
            self._select = self._field(attrs["name"], "choice")
            self._select_multiple = "multiple" in attrs
            self._select_seen_selected = False

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea.values = [(self._textarea.values or [""])[0] + data]

    def handle_endtag(self, tag):
        if tag == "form":
            self._finish_form()
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            if not "".join(self._textarea.values).strip():
                self._textarea.values = ["Sweep"]
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self._close_option()
            if not self._select.values and not self._select_multiple:
                offered = [value for value in self._select.options if value] or self._select.options
                self._select.values = offered[:1]
            self._select = None
        elif tag == "option":
            self._close_option()

    def _close_option(self):
        if self._option is None or self._select is None:
            self._option = None
            return
        value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
        self._select.options.append(value)
        if self._option["selected"] and (self._select_multiple or not self._select_seen_selected):
            self._select.values.append(value)
            self._select_seen_selected = True
        self._option = None

    def _field(self, name: str, kind: str) -> Field:
        found = self._form.fields.get(name)
        if found is None:
            found = self._form.fields[name] = Field(name, kind)
        return found

    def _input(self, attrs: dict):
        kind = attrs.get("type", "text").lower()
        name, value = attrs["name"], attrs.get("value", "")
        if kind in BUTTONS:
            if kind == "submit":
                self._form.buttons.append((name, value))
            return
        if kind in CHOICES:
            found = self._field(name, "choice")
            found.options.append(value or "on")
            if "checked" in attrs:
                found.values.append(value or "on")
            return
        found = self._field(name, kind)
        if kind == "hidden":
            found.values.append(value)
        elif kind != "file":
            found.values = [value or _ordinary(kind, attrs)]

    def _finish_form(self):
        for found in self._form.fields.values():
            # Radio buttons or checkboxes none of which is checked: the first, as a person would
            # pick one, so the form is not refused for that before the hostile field is judged.
            if found.kind == "choice" and not found.values and len(set(found.options)) > 1:
                found.values = found.options[:1]


@dataclass
class Page:
    url: str
    forms: list[Form]
    links: list[str]

    def post_forms(self) -> list[Form]:
        return [form for form in self.forms if form.method == "post"]

    def query_fields(self) -> dict[str, str]:
        """The query parameters this page's GET forms and its links to itself use, with the kind
        of input that shows each (``"text"`` for a link's)."""
        found = {
            name: control.kind
            for form in self.forms
            if form.method == "get"
            for name, control in form.fields.items()
        }
        path = urlsplit(self.url).path
        for href in self.links:
            target = urlsplit(urljoin(self.url, href))
            if target.path == path:
                for name, _ in parse_qsl(target.query, keep_blank_values=True):
                    found.setdefault(name, "text")
        found.pop(CSRF_FIELD, None)
        return found


def read_page(url: str, html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        form.action = urljoin(url, form.action) if form.action else url
    return Page(url, parser.forms, parser.links)

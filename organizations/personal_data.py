"""A person's own data, to read and download: everything Lodestar holds about them in one
organization, from every app.

``organizations`` names no higher app, so each app registers what it holds about a person
from its ``AppConfig.ready()``::

    register_personal_data(PersonalData(
        "Applications",
        lambda user, organization: Application.objects.filter(organization=organization, user=user),
        fields=("program", "role", "status", "motivation", "created_at"),
    ))

A section is a titled queryset and the fields to show: the person's own rows, with their
own words (motivations, notes, answers), and the facts about them (roster row, history,
pairs). Left out by decision (docs/privacy.md): what others wrote *about* them as a judgement
(a manager's override reason, a council member's talent flag, a reviewer's scores) and
secrets (token hashes). Every section is read in one query whatever the size and however many
sections there are (``personal_data_rows.py``: the sections' rows in one UNION ALL; ``fields``
may follow foreign keys, which are joined).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet

from organizations.models import Organization, User

Rows = Callable[[User, Organization], QuerySet]


@dataclass(frozen=True)
class PersonalData:
    title: str
    rows: Rows
    # Field paths ("program__name") shown, in order, with their labels.
    fields: tuple[str, ...]
    order: int = 100


_sections: dict[str, PersonalData] = {}


def register_personal_data(section: PersonalData) -> None:
    _sections[section.title] = section


def personal_data_sections() -> list[PersonalData]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.title))


@dataclass
class Section:
    title: str
    labels: list[str]
    rows: list[list[object]]


def _label(model: type[Model], path: str) -> str:
    """The verbose name of the last field of ``path`` ("program__name" → "Program name")."""
    parts = path.split("__")
    current = model
    names = []
    for part in parts:
        try:
            field = current._meta.get_field(part)
        except (FieldDoesNotExist, AttributeError):
            names.append(part.replace("_", " "))
            break
        names.append(str(getattr(field, "verbose_name", part)))
        current = getattr(field, "related_model", None) or current
    label = " ".join(names)
    return label[:1].upper() + label[1:]


def _plain(value: object) -> object:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def personal_data_for(user: User, organization: Organization) -> list[Section]:
    """Every registered section, each with its rows of stored values: one query for them all."""
    from organizations.personal_data_rows import rows_of_sections

    sections = personal_data_sections()
    querysets = [section.rows(user, organization) for section in sections]
    rows = rows_of_sections(
        [(queryset, section.fields) for queryset, section in zip(querysets, sections, strict=True)]
    )
    return [
        Section(section.title, [_label(queryset.model, path) for path in section.fields], section_rows)
        for section, queryset, section_rows in zip(sections, querysets, rows, strict=True)
    ]


def displayed(value: object, organization: Organization) -> str:
    """A stored value as the page shows it: times on the organization's clock, lists joined."""
    from django.utils.formats import date_format

    from organizations.clock import organization_tz

    if value is None or value == "" or value == []:
        return "—"
    if value is True or value is False:
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return date_format(value.astimezone(organization_tz(organization)), "j M Y H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j M Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return str(value)


def personal_data_json(user: User, organization: Organization, sections: Iterable[Section]) -> dict:
    return {
        "person": {"email": user.email, "name": user.display_name},
        "organization": organization.name,
        "exported_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "sections": {
            section.title: [dict(zip(section.labels, map(_plain, row), strict=True)) for row in section.rows]
            for section in sections
        },
    }

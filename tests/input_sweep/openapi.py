"""The API's operations, read from its OpenAPI schema (the one /api/v1/schema/ serves), and the
hostile values each parameter and body property is tried with, by the type the schema gives."""

import datetime
from dataclasses import dataclass

from drf_spectacular.settings import spectacular_settings

from tests.input_sweep.values import DATES, EVERY, FAR_MONTHS, MOMENTS, NOT_AN_OPTION, NUMBERS, TEXT

# Beyond the ends of time, a moment may carry an offset PostgreSQL refuses (beyond ±15:59).
ODD_OFFSETS = ("2026-01-01T00:00-16:30", "2026-01-01T00:00+16:00")


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    path: str
    spec: dict

    def parameters(self, where: str) -> dict[str, dict]:
        return {p["name"]: p.get("schema", {}) for p in self.spec.get("parameters", []) if p["in"] == where}

    def body(self) -> tuple[str, dict] | None:
        """The request body's content type (JSON first) and its properties, if it takes one."""
        content = self.spec.get("requestBody", {}).get("content", {})
        for content_type in ("application/json", "multipart/form-data", "application/x-www-form-urlencoded"):
            if content_type in content:
                return content_type, resolve(content[content_type].get("schema", {})).get("properties", {})
        return None


def _schema() -> dict:
    generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
    return generator.get_schema(request=None, public=True)


SCHEMA = _schema()


def resolve(schema: dict) -> dict:
    """Follow a ``$ref`` into the components."""
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = SCHEMA["components"]["schemas"][name]
    return schema


OPERATIONS = sorted(
    (
        Operation(spec["operationId"], method, path, spec)
        for path, methods in SCHEMA["paths"].items()
        for method, spec in methods.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ),
    key=lambda operation: operation.operation_id,
)


def hostile_for(schema: dict) -> tuple:
    """The hostile values for one parameter or property, by its type and format."""
    schema = resolve(schema)
    kind, form = schema.get("type", "string"), schema.get("format")
    if schema.get("enum"):
        return (NOT_AN_OPTION, *TEXT)
    if kind in ("integer", "number"):
        return (*NUMBERS, *TEXT)
    if kind == "boolean":
        return (NOT_AN_OPTION, *TEXT)
    if form == "date":
        return (*DATES, MOMENTS[1], *TEXT)
    if form == "date-time":
        return (*MOMENTS, *ODD_OFFSETS, *DATES, *TEXT)
    if kind in ("array", "object"):
        return TEXT
    # Free text, which may be read as a date, a month (analytics' YYYY-MM) or a number.
    return (*EVERY, *FAR_MONTHS)


def ordinary(schema: dict):
    """An ordinary value for a property, so that one hostile property is judged on its own."""
    schema = resolve(schema)
    if "default" in schema:
        return schema["default"]
    if schema.get("enum"):
        return schema["enum"][0]
    kind, form = schema.get("type", "string"), schema.get("format")
    if kind != "string":
        return {"integer": 1, "number": 1, "boolean": False, "array": [], "object": {}}.get(kind)
    today = datetime.date.today().isoformat()
    return {
        "date": today,
        "date-time": f"{today}T10:00:00Z",
        "email": "sweep@example.com",
        "uri": "https://example.com/",
    }.get(form, "Sweep")

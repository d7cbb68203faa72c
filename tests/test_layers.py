"""Imports point one way between the apps, and ``organizations`` names no app above it.

The layers, lowest first (docs/product.md, "How the apps depend on each other"):

    organizations < programs < cohorts < matching < goals = sessions < analytics < config

A module may use its own app and the apps below it; ``goals`` and ``sessions`` share a layer
and may use each other; ``config`` may use anything and nothing uses ``config``. Every Python
module of every app is read with ``ast`` (nothing is imported), so an import inside a function,
an ``importlib.import_module("…")`` string, ``include("programs.urls")``, a dotted path in a
settings-like string, a lazy model reference (``"cohorts.Cohort"``) and a migration dependency
all count. ``django.contrib.sessions`` is Django's, not the project's ``sessions`` app.

``organizations`` is held to more: it must not even *name* a higher app, in Python (URL
namespaces such as ``"cohorts:list"``, route names, API route basenames, template paths) or in
its templates (``{% url 'cohorts:…' %}``, ``{% load trust_profiles %}``, includes of a higher
app's templates). A higher app that needs a place in organizations' pages registers it from its
``AppConfig.ready()``, as the demo steps and the participation hook do.

Each failure lists every offending ``file:line``.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"

LAYERS: dict[str, int] = {
    "organizations": 0,
    "programs": 1,
    "cohorts": 2,
    "matching": 3,
    "goals": 4,
    "sessions": 4,
    "analytics": 5,
    "demo": 6,
    "config": 7,
}
APPS = tuple(app for app in LAYERS if app != "config")

# Templates that belong to organizations: its own pages, the site layout and the partials the
# layout pulls in, sign-in (allauth, adapted in organizations), and of the outbox's templates
# (notifications/, shared with the kinds of the apps above) the email frame and its own kinds.
ORGANIZATIONS_TEMPLATES = (
    "base.html",
    "includes/",
    "organizations/",
    "account/",
    "allauth/",
    "notifications/email.",
    "notifications/invitation.",
    "notifications/daily_digest.",
)

DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
MIGRATION_NAME = re.compile(r"\d{4}_\w+|__first__|__latest__")
TEMPLATE_PATH = re.compile(r"([a-z_]+)/[\w./-]+\.(?:html|txt|ics|csv|xml)")
IMPORTING_CALLS = {"import_module", "__import__", "import_string", "find_spec"}


def is_upward(source_app: str, target_app: str) -> bool:
    """Whether ``source_app`` using ``target_app`` points up the layers."""
    if source_app == "config":
        return False
    return LAYERS[target_app] > LAYERS[source_app]


@dataclass(frozen=True)
class Reference:
    line: int
    app: str  # the app referred to
    what: str  # how, in a few words


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    source_app: str
    target_app: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what} ({self.source_app} -> {self.target_app})"


# --- What the project's apps are called, read from their files -------------------------------


def _module_names(root: Path) -> set[str]:
    """Every importable dotted module and package name of the apps (``cohorts.models``, …)."""
    names = set()
    for app in LAYERS:
        for path in (root / app).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _app_labels(root: Path) -> dict[str, str]:
    """App label -> app package (``mentoring_sessions`` -> ``sessions``)."""
    labels = {app: app for app in APPS}
    for app in APPS:
        apps_py = root / app / "apps.py"
        if not apps_py.exists():
            continue
        for node in ast.walk(ast.parse(apps_py.read_text())):
            is_label = isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "label" for t in node.targets
            )
            if is_label and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                labels[node.value.value] = app
    return labels


@dataclass(frozen=True)
class Names:
    """Names by which a module or template can refer to an app without importing it."""

    modules: frozenset[str]
    labels: dict[str, str]  # app label -> app
    namespaces: dict[str, str]  # URL namespace (``app_name``) -> app
    route_names: dict[str, str]  # names of routes outside a namespace -> app
    basenames: dict[str, str]  # API router basenames -> app
    tag_libraries: dict[str, str]  # ``{% load x %}`` library -> app
    template_dirs: dict[str, str]  # first folder of a template path -> app


def _url_names(root: Path, app: str, namespaces, route_names, basenames) -> None:
    for path in (root / app).rglob("*urls.py"):
        tree = ast.parse(path.read_text())
        app_name = None
        names = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "app_name" for t in node.targets
            ):
                app_name = node.value.value
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                        if keyword.arg == "name":
                            names.append(keyword.value.value)
                        elif keyword.arg == "basename":
                            basenames[keyword.value.value] = app
        if app_name:
            namespaces[app_name] = app
        else:
            route_names.update(dict.fromkeys(names, app))


def project_names(root: Path = ROOT) -> Names:
    namespaces: dict[str, str] = {}
    route_names: dict[str, str] = {}
    basenames: dict[str, str] = {}
    tag_libraries: dict[str, str] = {}
    for app in APPS:
        _url_names(root, app, namespaces, route_names, basenames)
        for library in (root / app / "templatetags").glob("*.py"):
            if library.stem != "__init__":
                tag_libraries[library.stem] = app
    template_dirs = {app: app for app in APPS if (root / "templates" / app).is_dir()}
    return Names(
        modules=frozenset(_module_names(root)),
        labels=_app_labels(root),
        namespaces=namespaces,
        route_names=route_names,
        basenames=basenames,
        tag_libraries=tag_libraries,
        template_dirs=template_dirs,
    )


# --- Python ------------------------------------------------------------------------------------


def _module_app(dotted: str, names: Names) -> str | None:
    """The app a dotted string names as a module, or None. Only a string whose leading part is a
    real module below the app's package counts: ``"programs.manage"`` is a permission name."""
    parts = dotted.split(".")
    if parts[0] not in LAYERS:
        return None
    for end in range(len(parts), 1, -1):
        if ".".join(parts[:end]) in names.modules:
            return parts[0]
    return None


def _string_references(text: str, line: int, names: Names, *, strict: bool) -> list[Reference]:
    found = []
    if DOTTED.fullmatch(text):
        app = _module_app(text, names)
        if app:
            found.append(Reference(line, app, f'names module "{text}"'))
        else:
            label, _, rest = text.partition(".")
            if label in names.labels and "." not in rest and rest[:1].isupper():
                found.append(Reference(line, names.labels[label], f'names model "{text}"'))
    if not strict:
        return found
    namespace, colon, rest = text.partition(":")
    if colon and namespace in names.namespaces and re.fullmatch(r"[\w:-]*", rest):
        found.append(Reference(line, names.namespaces[namespace], f'names URL "{text}"'))
    elif text in names.route_names:
        found.append(Reference(line, names.route_names[text], f'names URL "{text}"'))
    else:
        # The longest basename that fits: "api-pair-health-list" is sessions', not matching's "api-pair".
        fitting = [basename for basename in names.basenames if text.startswith(basename + "-")]
        if fitting:
            app = names.basenames[max(fitting, key=len)]
            found.append(Reference(line, app, f'names API route "{text}"'))
    template = TEMPLATE_PATH.fullmatch(text)
    if template and template.group(1) in names.template_dirs:
        found.append(Reference(line, names.template_dirs[template.group(1)], f'names template "{text}"'))
    return found


def _resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    parts = module.split(".")
    package = parts if is_package else parts[:-1]
    base = package[: len(package) - (level - 1)] if level > 1 else package
    return ".".join([*base, target] if target else base)


def python_references(
    source: str, *, module: str, names: Names, is_package: bool = False, strict: bool = False
) -> list[Reference]:
    """Every reference the module's source makes to a project app (its own included).

    ``strict`` also counts URL namespaces, route names, API basenames and template paths.
    """
    found: list[Reference] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top in LAYERS:
                    found.append(Reference(node.lineno, top, f"import {alias.name}"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = _resolve_relative(module, is_package, node.level, node.module)
            targets = [base] if base else [alias.name for alias in node.names]
            for target in targets:
                top = target.split(".")[0]
                if top in LAYERS:
                    found.append(Reference(node.lineno, top, f"from {target} import …"))
        elif isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                top = first.value.split(".")[0]
                if name in IMPORTING_CALLS and top in LAYERS:
                    found.append(Reference(node.lineno, top, f'{name}("{first.value}")'))
                elif name == "get_model" and first.value in names.labels:
                    found.append(
                        Reference(node.lineno, names.labels[first.value], f'get_model("{first.value}", …)')
                    )
            for keyword in node.keywords:
                value = keyword.value
                if keyword.arg == "to" and isinstance(value, ast.Constant) and isinstance(value.value, str):
                    label = value.value.partition(".")[0]
                    if label in names.labels:
                        found.append(
                            Reference(node.lineno, names.labels[label], f'names model "{value.value}"')
                        )
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            label, migration = node.elts
            if (
                isinstance(label, ast.Constant)
                and isinstance(migration, ast.Constant)
                and label.value in names.labels
                and isinstance(migration.value, str)
                and MIGRATION_NAME.fullmatch(migration.value)
            ):
                found.append(
                    Reference(node.lineno, names.labels[label.value], f"migration dependency {label.value}")
                )
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.extend(_string_references(node.value, node.lineno, names, strict=strict))
    # One reference per line and app: the first found (a call before the string inside it).
    unique = {}
    for ref in found:
        unique.setdefault((ref.line, ref.app), ref)
    return sorted(unique.values(), key=lambda r: (r.line, r.app))


def app_modules(root: Path = ROOT) -> list[tuple[str, Path]]:
    """(app, path) of every Python file of every app, config included."""
    return [
        (app, path)
        for app in LAYERS
        for path in sorted((root / app).rglob("*.py"))
        if "__pycache__" not in path.parts
    ]


def python_findings(*, root: Path = ROOT, apps=tuple(LAYERS), strict: bool = False) -> list[Finding]:
    """References that point up the layers, from the Python modules of ``apps``."""
    names = project_names(root)
    findings = []
    for app, path in app_modules(root):
        if app not in apps:
            continue
        relative = path.relative_to(root)
        parts = relative.with_suffix("").parts
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        for ref in python_references(
            path.read_text(), module=module, names=names, is_package=is_package, strict=strict
        ):
            if is_upward(app, ref.app):
                findings.append(Finding(str(relative), ref.line, app, ref.app, ref.what))
    return findings


# --- Templates ----------------------------------------------------------------------------------

TAG = re.compile(r"{%-?\s*(.*?)\s*-?%}", re.S)
QUOTED = re.compile(r"""(["'])(.*?)\1""")


def template_references(text: str, names: Names) -> list[Reference]:
    """References a template makes to apps: URLs, tag libraries, other templates, and quoted
    URL namespaces (``request.resolver_match.namespace == "cohorts"``)."""
    found = []
    for tag in TAG.finditer(text):
        line = text.count("\n", 0, tag.start(1)) + 1
        body = tag.group(1)
        words = body.split()
        if not words:
            continue
        if words[0] == "load":
            libraries = words[words.index("from") + 1 :] if "from" in words else words[1:]
            for library in libraries:
                if library in names.tag_libraries:
                    found.append(Reference(line, names.tag_libraries[library], f"{{% load {library} %}}"))
            continue
        for quote in QUOTED.finditer(body):
            value = quote.group(2)
            is_view_name = words[0] == "url" and len(words) > 1 and quote.start() == body.index(words[1])
            if is_view_name:
                namespace, colon, _ = value.partition(":")
                if colon and namespace in names.namespaces:
                    found.append(Reference(line, names.namespaces[namespace], f"{{% url '{value}' %}}"))
                elif not colon and value in names.route_names:
                    found.append(Reference(line, names.route_names[value], f"{{% url '{value}' %}}"))
                continue
            template = TEMPLATE_PATH.fullmatch(value)
            if template and template.group(1) in names.template_dirs:
                found.append(Reference(line, names.template_dirs[template.group(1)], f'{words[0]} "{value}"'))
            elif value in names.namespaces:
                found.append(Reference(line, names.namespaces[value], f'names URL namespace "{value}"'))
    return found


def organizations_templates(root: Path = ROOT) -> list[Path]:
    templates = root / "templates"
    return sorted(
        path
        for path in templates.rglob("*")
        if path.is_file()
        and any(path.relative_to(templates).as_posix().startswith(p) for p in ORGANIZATIONS_TEMPLATES)
    )


def organizations_template_findings(root: Path = ROOT) -> list[Finding]:
    names = project_names(root)
    findings = []
    for path in organizations_templates(root):
        for ref in template_references(path.read_text(), names):
            if ref.app != "organizations":
                findings.append(
                    Finding(str(path.relative_to(root)), ref.line, "organizations", ref.app, ref.what)
                )
    return findings


def _report(findings: list[Finding], rule: str) -> None:
    if findings:
        lines = "\n".join(f"  {finding}" for finding in sorted(findings, key=lambda f: (f.path, f.line)))
        pytest.fail(f"{rule}: {len(findings)} offending reference(s)\n{lines}", pytrace=False)


# --- The rules ----------------------------------------------------------------------------------


def test_no_app_imports_a_higher_app():
    _report(python_findings(), "A module uses an app above its own")


def test_organizations_names_no_higher_app():
    findings = python_findings(apps=("organizations",), strict=True) + organizations_template_findings()
    _report(findings, "organizations names an app above it")


# --- The checker checks ------------------------------------------------------------------------


def test_every_app_has_a_layer():
    apps_on_disk = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps_on_disk <= set(LAYERS), f"Give these apps a layer: {sorted(apps_on_disk - set(LAYERS))}"


def test_the_scan_reads_every_app():
    scanned = {app for app, _ in app_modules()}
    assert scanned == set(LAYERS)
    assert len(app_modules()) > 100
    assert organizations_templates(), "no organizations templates found"
    names = project_names()
    assert names.labels["mentoring_sessions"] == "sessions"
    assert set(names.labels.values()) == set(APPS)
    assert names.namespaces and set(names.namespaces.values()) <= set(APPS)
    assert names.tag_libraries and names.template_dirs and names.basenames


# The self-tests below use this fixed table, so moving a file of the project cannot break them.
SYNTHETIC = Names(
    modules=frozenset(
        {
            *LAYERS,
            "organizations.models",
            "organizations.forms",
            "cohorts.models",
            "cohorts.urls",
            "matching.solver",
            "goals.selectors",
            "programs.urls",
            "sessions.models",
            "analytics.apps",
            "config.settings",
        }
    ),
    labels={**{app: app for app in APPS if app != "sessions"}, "mentoring_sessions": "sessions"},
    namespaces={
        "programs": "programs",
        "cohorts": "cohorts",
        "matching": "matching",
        "mentoring": "sessions",
    },
    route_names={"calendar_feed": "sessions", "organization_settings": "organizations"},
    basenames={"api-cohort": "cohorts", "api-pair": "matching", "api-pair-health": "sessions"},
    tag_libraries={"tenancy": "organizations", "trust_profiles": "cohorts", "cohorts": "cohorts"},
    template_dirs={app: app for app in APPS},
)


VIOLATING_MODULE = '''
"""A docstring naming cohorts.models in prose is fine."""
import os
from django.contrib.sessions.models import Session
from django.contrib import sessions
from organizations.models import Organization
from . import forms

PERMISSION = "programs.manage"  # a permission name, not a module


def seed():
    from cohorts.models import Cohort
    import matching.solver
    importlib.import_module("goals.selectors")
    return include("programs.urls")


class Thing(models.Model):
    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE)
    meeting = models.ForeignKey(to="mentoring_sessions.meeting", on_delete=models.CASCADE)

APP = "analytics.apps.AnalyticsConfig"
dependencies = [("organizations", "0001_initial"), ("cohorts", "0002_trust_profiles")]
SETTINGS = "config.settings"
'''


def _upward_lines(refs, source_app="organizations"):
    return sorted((ref.line, ref.app) for ref in refs if is_upward(source_app, ref.app))


def test_the_checker_catches_each_kind_of_upward_reference():
    refs = python_references(VIOLATING_MODULE, module="organizations.demo", names=SYNTHETIC)
    assert _upward_lines(refs) == [
        (13, "cohorts"),  # import inside a function
        (14, "matching"),
        (15, "goals"),  # importlib string
        (16, "programs"),  # include("programs.urls")
        (20, "cohorts"),  # lazy model reference
        (21, "sessions"),  # to="mentoring_sessions.meeting"
        (23, "analytics"),  # dotted path in a settings-like string
        (24, "cohorts"),  # migration dependency
        (25, "config"),
    ]


def test_django_contrib_sessions_is_not_the_sessions_app():
    source = "from django.contrib.sessions.models import Session\nfrom django.contrib import sessions\n"
    assert python_references(source, module="organizations.x", names=SYNTHETIC) == []
    assert python_references("import sessions.models\n", module="organizations.x", names=SYNTHETIC)


def test_the_same_layer_and_lower_layers_are_allowed():
    assert not is_upward("sessions", "goals")
    assert not is_upward("goals", "sessions")
    assert not is_upward("matching", "cohorts")
    assert not is_upward("config", "analytics")
    assert is_upward("goals", "analytics")
    assert is_upward("cohorts", "matching")
    assert is_upward("organizations", "config")


def test_strict_mode_catches_names_of_higher_apps():
    source = (
        'URL = "cohorts:list"\n'
        'FEED = "calendar_feed"\n'
        'API = "api-cohort-list"\n'
        'HEALTH = "api-pair-health-detail"\n'
        'PAGE = f"matching:{name}"\n'
        'TEMPLATE = "goals/home.html"\n'
        'OWN = "organization_settings"\n'
    )
    refs = python_references(source, module="organizations.x", names=SYNTHETIC, strict=True)
    assert _upward_lines(refs) == [
        (1, "cohorts"),
        (2, "sessions"),
        (3, "cohorts"),
        (4, "sessions"),
        (5, "matching"),
        (6, "goals"),
    ]
    assert python_references(source, module="organizations.x", names=SYNTHETIC) == []


def test_the_template_checker_catches_urls_libraries_and_templates():
    template = (
        "{% load static tenancy %}\n"
        "{% load trust_profiles %}\n"
        "<a href=\"{% url 'cohorts:list' org_slug=slug %}\">Cohorts</a>\n"
        '{% include "matching/_who.html" %}\n'
        '{% if request.resolver_match.namespace == "mentoring" %}x{% endif %}\n'
        "{% url 'organization_settings' org_slug=slug %}\n"
        '{% if membership|can:"programs.manage" %}{% endif %}\n'
        "{% load passion from cohorts %}\n"
    )
    refs = template_references(template, SYNTHETIC)
    assert _upward_lines(refs) == [
        (2, "cohorts"),
        (3, "cohorts"),
        (4, "matching"),
        (5, "sessions"),
        (8, "cohorts"),
    ]


def test_a_planted_violation_is_reported_with_its_file_and_line(tmp_path):
    for app in ("organizations", "cohorts"):
        (tmp_path / app / "templatetags").mkdir(parents=True)
        (tmp_path / app / "__init__.py").write_text("")
        (tmp_path / app / "templatetags" / "__init__.py").write_text("")
    (tmp_path / "cohorts" / "apps.py").write_text('class C:\n    name = "cohorts"\n    label = "classes"\n')
    (tmp_path / "cohorts" / "models.py").write_text("")
    (tmp_path / "organizations" / "models.py").write_text(
        'from django.db import models\n\nCOHORT = models.ForeignKey("classes.Cohort", on_delete=None)\n'
    )
    (tmp_path / "cohorts" / "urls.py").write_text('app_name = "cohorts"\nurlpatterns = []\n')
    (tmp_path / "cohorts" / "templatetags" / "trust_profiles.py").write_text("")
    (tmp_path / "organizations" / "urls.py").write_text(
        'from django.urls import include, path\n\nurlpatterns = [path("c/", include("cohorts.urls"))]\n'
    )
    (tmp_path / "templates" / "includes").mkdir(parents=True)
    (tmp_path / "templates" / "includes" / "nav.html").write_text(
        "{% load trust_profiles %}\n<a href=\"{% url 'cohorts:list' %}\">x</a>\n"
    )

    assert [str(f) for f in python_findings(root=tmp_path)] == [
        'organizations/models.py:3: names model "classes.Cohort" (organizations -> cohorts)',
        'organizations/urls.py:3: names module "cohorts.urls" (organizations -> cohorts)',
    ]
    assert [str(f) for f in organizations_template_findings(tmp_path)] == [
        "templates/includes/nav.html:1: {% load trust_profiles %} (organizations -> cohorts)",
        "templates/includes/nav.html:2: {% url 'cohorts:list' %} (organizations -> cohorts)",
    ]

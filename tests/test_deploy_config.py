"""The production configuration: settings from the environment, the compose stack, the image.

Docker does not run in the test suite, so the compose file is checked by reading it: it parses,
every long-running service reports its health, the app containers get only variables the
settings read, and their environment, filled in as the README says, passes Django's deployment
checks. Settings are loaded in subprocesses because they are read once per process.
"""

import ast
import fnmatch
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.conf import settings as django_settings
from django.db import OperationalError
from django.urls import reverse

from tests.services import redis_url

ROOT = Path(django_settings.BASE_DIR)
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = [name for name, service in SERVICES.items() if service.get("image", "").startswith("lodestar")]
# Variables an app container gets that are meant for another program in it, not for settings.
NOT_FOR_SETTINGS = {"WEB_CONCURRENCY": "gunicorn's number of worker processes"}
# What an operator puts in .env, following .env.example.
SAMPLE_DOT_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "POSTGRES_PASSWORD": "s3cretpassw0rd",
    "ALLOWED_HOSTS": "lodestar.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://lodestar.example.com",
    "SITE_URL": "https://lodestar.example.com",
    "EMAIL_HOST": "smtp.example.com",
    "DEFAULT_FROM_EMAIL": "Lodestar <lodestar@example.com>",
}
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "lodestar.example.com",
}


def settings_variables() -> set[str]:
    """Every variable config/settings.py reads through config.env's readers."""
    tree = ast.parse((ROOT / "config" / "settings.py").read_text())
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id.startswith("env_")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }


_INTERPOLATION = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:[-?])(?P<arg>[^}]*))?\}")


def interpolate(value: str, dot_env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error}, as `docker compose config` does."""

    def replace(match: re.Match) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        current = dot_env.get(name, "")
        if op == ":?" and not current:
            raise AssertionError(f"compose would stop: {arg}")
        if op == ":-" and not current:
            return arg
        return current

    return _INTERPOLATION.sub(replace, str(value))


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """manage.py in a fresh process with only ``env`` (and PATH) as its environment."""
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- the compose file -----------------------------------------------------------------------


def test_the_stack_has_postgres_redis_migrate_web_worker_and_beat():
    assert set(SERVICES) == {"postgres", "redis", "migrate", "web", "worker", "beat"}
    assert SERVICES["postgres"]["image"] == "postgres:16"
    assert SERVICES["redis"]["image"] == "redis:7"
    assert set(APP_SERVICES) == {"migrate", "web", "worker", "beat"}
    assert {SERVICES[name]["image"] for name in APP_SERVICES} == {"lodestar:latest"}


def test_every_long_running_service_has_a_healthcheck():
    for name, service in SERVICES.items():
        if name == "migrate":
            continue
        healthcheck = service.get("healthcheck")
        assert healthcheck and healthcheck.get("test"), f"{name} has no healthcheck"
        assert not healthcheck.get("disable"), name
        assert service["restart"] == "unless-stopped", name


def test_the_one_shot_migrate_job_runs_once_and_everything_else_waits_for_it():
    migrate = SERVICES["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name


def test_only_web_is_published_and_only_on_the_loopback_interface():
    published = {name: service["ports"] for name, service in SERVICES.items() if "ports" in service}
    assert published == {"web": ["127.0.0.1:${WEB_PORT:-8000}:8000"]}


def test_health_checks_use_the_real_probes():
    assert SERVICES["postgres"]["healthcheck"]["test"][1].startswith("pg_isready")
    assert SERVICES["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert SERVICES["web"]["healthcheck"]["test"] == ["CMD", "python", "docker/healthcheck.py", "web"]
    assert "celery -A config inspect ping" in SERVICES["worker"]["healthcheck"]["test"][1]
    assert SERVICES["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert SERVICES["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_app_containers_get_only_variables_the_settings_read():
    read = settings_variables()
    for name in APP_SERVICES:
        unknown = set(SERVICES[name]["environment"]) - read - set(NOT_FOR_SETTINGS)
        assert not unknown, f"{name} sets {sorted(unknown)}, which config/settings.py never reads"


def test_app_containers_run_in_production_mode_against_postgres_and_redis():
    for name in APP_SERVICES:
        environment = SERVICES[name]["environment"]
        assert environment["DEBUG"] == "0", name
        assert environment["DATABASE_URL"].startswith("postgres://lodestar:"), name
        assert environment["DATABASE_URL"].endswith("@postgres:5432/lodestar"), name
        assert environment["REDIS_URL"] == "redis://redis:6379/0", name
        for required in ("SECRET_KEY", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "SITE_URL"):
            assert environment[required].startswith(f"${{{required}:?"), f"{name} must require {required}"


def test_every_variable_in_env_example_reaches_the_stack():
    """A variable documented for .env but never interpolated would be silently ignored."""
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    interpolated = set(_INTERPOLATION.findall((ROOT / "docker-compose.yml").read_text()))
    interpolated = {name for name, _op, _arg in interpolated}
    assert documented, "no variables found in .env.example"
    assert documented <= interpolated, (
        f"never used by docker-compose.yml: {sorted(documented - interpolated)}"
    )


def test_the_compose_environment_passes_the_deployment_checks():
    environment = {
        name: interpolate(value, SAMPLE_DOT_ENV) for name, value in SERVICES["web"]["environment"].items()
    }
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=environment)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_compose_file_stops_without_a_secret_key():
    without_key = {name: value for name, value in SAMPLE_DOT_ENV.items() if name != "SECRET_KEY"}
    with pytest.raises(AssertionError, match="Set SECRET_KEY"):
        interpolate(SERVICES["web"]["environment"]["SECRET_KEY"], without_key)


# --- the image ------------------------------------------------------------------------------


def _dockerignored(path: str) -> bool:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    parts = Path(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    return any(
        fnmatch.fnmatch(prefix, pattern.removeprefix("**/")) or fnmatch.fnmatch(prefix, pattern)
        for pattern in patterns
        for prefix in prefixes
    )


def test_the_image_runs_as_a_non_root_user_and_builds_its_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "\nFROM python:3.11-slim\n" in dockerfile
    assert "\nUSER lodestar\n" in dockerfile
    assert dockerfile.index("collectstatic") < dockerfile.index("USER lodestar")
    assert "pip install -c constraints.txt ." in dockerfile
    assert '"gunicorn", "config.wsgi"' in dockerfile


def test_files_the_containers_run_are_in_the_build_context():
    for path in ("manage.py", "docker/healthcheck.py", "config/wsgi.py", "static", "templates"):
        assert (ROOT / path).exists(), path
        assert not _dockerignored(path), f".dockerignore leaves {path} out of the image"
    for secret_or_local in (".env", "db.sqlite3", ".venv/bin/python", ".git/HEAD"):
        assert _dockerignored(secret_or_local), f"{secret_or_local} would be copied into the image"


def test_static_files_collect_with_debug_off(tmp_path):
    """The Dockerfile's collectstatic step: the manifest storage fails on a missing reference."""
    code = (
        "import sys, django\n"
        "from django.conf import settings\n"
        "settings.STATIC_ROOT = sys.argv[1]\n"
        "django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('collectstatic', '--noinput', verbosity=0)\n"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "collectstatic-at-build-time-only",
    }
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()


# --- settings from the environment -----------------------------------------------------------


def test_check_deploy_passes_with_production_variables(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_with_the_development_defaults(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env={"DATABASE_URL": f"sqlite:///{tmp_path / 'x'}"}
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG is on


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "maybe"),
        ("SECURE_HSTS_SECONDS", "abc"),
        ("SECURE_HSTS_SECONDS", "-5"),
        ("EMAIL_PORT", "0"),
        ("SESSION_COOKIE_SECURE", "sometimes"),
        ("DATABASE_CONN_MAX_AGE", "1.5"),
    ],
)
def test_a_malformed_value_stops_start_up_naming_the_variable(variable, value, tmp_path):
    env = {**PRODUCTION, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", variable: value}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_debug_off_without_a_secret_key_stops_start_up_naming_it(tmp_path):
    env = {
        "DEBUG": "0",
        "ALLOWED_HOSTS": "lodestar.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x'}",
    }
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr.strip().splitlines()[-1]


# --- /healthz and the container probes --------------------------------------------------------


def test_healthz_answers_ok_to_anyone(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_is_503_when_the_database_does_not_answer(client, db):
    with mock.patch("config.health.connection.cursor", side_effect=OperationalError("server closed")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.content == b"database unavailable"


def _healthcheck(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "docker/healthcheck.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("lodestar.example.com,www.example.com", "lodestar.example.com"),
        (" , .example.com", "example.com"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_web_probe_sends_a_host_the_settings_allow(allowed_hosts, host):
    sys.path.insert(0, str(ROOT / "docker"))
    try:
        import healthcheck
    finally:
        sys.path.remove(str(ROOT / "docker"))
    assert healthcheck.host_header(allowed_hosts) == host


def test_the_web_probe_passes_against_a_running_server(live_server):
    env = {"HEALTHCHECK_URL": f"{live_server.url}/healthz", "ALLOWED_HOSTS": "localhost"}
    result = _healthcheck("web", env=env)
    assert result.returncode == 0, result.stderr


def test_the_web_probe_fails_when_the_server_refuses_the_host(live_server):
    env = {"HEALTHCHECK_URL": f"{live_server.url}/healthz", "ALLOWED_HOSTS": "not-this-host.example"}
    result = _healthcheck("web", env=env)
    assert result.returncode == 1
    assert "400" in result.stderr


def test_the_beat_probe_fails_when_the_broker_is_unreachable():
    result = _healthcheck("beat", env={"REDIS_URL": "redis://:hunter2@127.0.0.1:9/0"})
    assert result.returncode == 1
    assert "broker is unreachable" in result.stderr
    assert "hunter2" not in result.stderr  # health output is kept by Docker: no passwords in it


@pytest.mark.services
def test_the_beat_probe_passes_when_the_broker_answers():
    result = _healthcheck("beat", env={"REDIS_URL": redis_url()})
    assert result.returncode == 0, result.stderr


def test_postgresql_connections_persist_with_health_checks_and_sqlite_ones_do_not():
    """A PostgreSQL connection kept between requests (checked before reuse); SQLite opens a file."""
    import os
    import subprocess
    import sys

    script = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
        "from django.conf import settings; d=settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    for url, expected in (
        ("postgres://postgres@127.0.0.1:5432/x", "60 True"),
        ("sqlite:////tmp/x.sqlite3", "0 False"),
    ):
        env = {**os.environ, "DATABASE_URL": url}
        env.pop("DATABASE_CONN_MAX_AGE", None)
        out = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        assert out.stdout.split() == expected.split(), (url, out.stdout, out.stderr)

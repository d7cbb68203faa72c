"""`make run`: the server, and beside it the reminder scans and the outbox on a timer.

The Makefile's recipe runs with a stand-in for the virtualenv's python that records how it was
called (no migrations, no demo, no server): the sweeper starts with ``--every 60``, the server
listens on ``PORT``, links follow it through ``SITE_URL`` unless one is set, and the sweeper
stops when the server does.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FAKE_PYTHON = """#!/bin/sh
echo "$$ SITE_URL=$SITE_URL $*" >> "$CALLS"
case "$*" in
  *runserver*) sleep 1 ;;
  *send_due_notifications*) exec sleep 60 ;;
esac
"""


def _make_run(tmp_path: Path, *arguments: str, **environment: str) -> list[str]:
    if not shutil.which("make"):
        pytest.skip("needs make")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    stamp = tmp_path / "installed"
    stamp.touch()  # newer than pyproject.toml: nothing to install
    calls = tmp_path / "calls"
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    env.update(CALLS=str(calls), **environment)
    subprocess.run(
        ["make", "--no-print-directory", "run", f"BIN={bin_dir}", f"STAMP={stamp}", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=30,
    )
    return calls.read_text().splitlines()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waits for its parent; it is not running.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def test_make_run_serves_on_the_port_with_links_there_and_the_sweeper_beside_it(tmp_path):
    calls = _make_run(tmp_path, "PORT=8080")
    commands = [line.split(" ", 2)[2] for line in calls]
    assert commands[:2] == ["manage.py migrate --noinput", "manage.py seed_demo"]
    sweeper = next(line for line in calls if "send_due_notifications --every 60" in line)
    server = next(line for line in calls if "runserver" in line)
    assert server.endswith("manage.py runserver 127.0.0.1:8080")
    assert "SITE_URL=http://127.0.0.1:8080 " in server and "SITE_URL=http://127.0.0.1:8080 " in sweeper

    pid = int(sweeper.split()[0])
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(pid), "the sweeper outlived the server"


def test_make_run_defaults_to_port_8000_and_keeps_a_site_url_that_is_set(tmp_path):
    calls = _make_run(tmp_path, SITE_URL="https://lodestar.example.com")
    server = next(line for line in calls if "runserver" in line)
    assert server.endswith("manage.py runserver 127.0.0.1:8000")
    assert "SITE_URL=https://lodestar.example.com " in server

"""With DEBUG off the app serves its own static files (WhiteNoise), so `make run` and a single
container need no web server in front for them; the favicon and the 404 page work there too.

Settings are read once per process, so the production configuration runs in a subprocess:
collectstatic into a temporary STATIC_ROOT, then requests straight into the WSGI application.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings as django_settings

ROOT = Path(django_settings.BASE_DIR)

SERVE = r"""
import json, sys, wsgiref.util
import django
from django.conf import settings
settings.STATIC_ROOT = sys.argv[1]
django.setup()
from django.core.management import call_command
call_command("collectstatic", "--noinput", verbosity=0)
from django.core.wsgi import get_wsgi_application
from django.templatetags.static import static

application = get_wsgi_application()


def get(path):
    environ = {}
    wsgiref.util.setup_testing_defaults(environ)
    environ.update({
        "PATH_INFO": path, "HTTP_HOST": "lodestar.example.com", "SERVER_PORT": "443",
        "HTTP_X_FORWARDED_PROTO": "https", "HTTP_ACCEPT_ENCODING": "gzip",
    })
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(application(environ, start_response))
    return {**answer, "length": len(body), "text": body.decode("utf-8", "replace")[:20000]}


css = static("css/lodestar.css")
favicon_ico = get("/favicon.ico")
print(json.dumps({
    "css_url": css,
    "css": get(css),
    "favicon_ico": favicon_ico,
    "icon": get(favicon_ico["headers"].get("Location", "/none")),
    "not_found": get("/no-such-page/"),
}))
"""


def test_with_debug_off_the_wsgi_app_serves_static_files_the_favicon_and_a_styled_404(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "static-files-served-by-the-app-in-a-test",
        "ALLOWED_HOSTS": "lodestar.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", SERVE, str(tmp_path / "static")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])

    css = answers["css"]
    assert answers["css_url"].startswith("/static/css/lodestar.") and answers["css_url"] != (
        "/static/css/lodestar.css"
    ), "content-hashed name"
    assert css["status"] == 200
    assert css["headers"]["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in css["headers"]["Cache-Control"], "hashed files are cached for good"
    assert css["headers"].get("Content-Encoding") == "gzip", "compressed at collectstatic"

    favicon = answers["favicon_ico"]
    assert favicon["status"] == 302
    icon = favicon["headers"]["Location"]
    assert icon.startswith("/static/favicon.") and icon.endswith(".svg")
    assert answers["icon"]["status"] == 200
    assert answers["icon"]["headers"]["Content-Type"].startswith("image/svg+xml")

    not_found = answers["not_found"]
    assert not_found["status"] == 404
    assert "We cannot find that page" in not_found["text"]
    assert answers["css_url"] in not_found["text"], "the 404 page is styled from the served files"
    assert "Traceback" not in not_found["text"] and "DEBUG = True" not in not_found["text"]

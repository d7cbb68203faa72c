# Lodestar's production image: gunicorn serves the web; the same image runs the Celery worker,
# Celery beat and the one-shot migrate job (see docker-compose.yml). The environment variables
# are listed in README.md under "Production configuration".
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

RUN groupadd --system lodestar \
    && useradd --system --gid lodestar --home-dir /app --no-create-home --shell /usr/sbin/nologin lodestar

# Dependencies get their own layer, pinned by constraints.txt: installing the project from its
# metadata alone pulls in every dependency, so a code change does not reinstall them. The code
# itself then runs from /app (PYTHONPATH), next to its templates, static files and manage.py.
COPY pyproject.toml constraints.txt README.md ./
RUN pip install -c constraints.txt .

COPY . .

# Static files are collected, compressed and given a manifest at build time. Settings refuse
# DEBUG=0 without a SECRET_KEY; this one exists for this build step only and signs nothing.
RUN DEBUG=0 SECRET_KEY=collectstatic-at-build-time-only-never-used-to-sign-anything \
    python manage.py collectstatic --noinput --verbosity 0

USER lodestar

EXPOSE 8000

# gunicorn reads WEB_CONCURRENCY for its number of worker processes (default 1).
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60"]

"""Lodestar settings: one readable place, everything from the environment.

Defaults give the embedded single-machine setup (SQLite, Celery tasks in-process, console
email, DEBUG on). Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and
REDIS_URL; see README.md.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Single sign-on per organization (organizations/sso/): each organization's identity
    # provider is one allauth SocialApp, OpenID Connect or SAML 2.0, configured in the product.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "organizations",
    "programs",
    "cohorts",
    "matching",
    "goals",
    "sessions.apps.MentoringSessionsConfig",
    "analytics",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app, before sessions and everything else (whatever DEBUG
    # is; with DEBUG off from STATIC_ROOT, content-hashed and compressed, cached for a year).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "organizations.tenancy.OrganizationMiddleware",
    # After authentication: the audit log names who acted and from which address.
    "organizations.audit.AuditContextMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        # Django's engine, reading the querysets a view hands over before rendering starts
        # (config/templates.py): templates only render.
        "BACKEND": "config.templates.ReadingDjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organizations.context_processors.organization",
            ],
            # Tag libraries that live with their sub-domain rather than in an app's templatetags/.
            "libraries": {
                "trust_profiles": "cohorts.profiles.templatetags",
            },
        },
    },
]

# Database: SQLite file in the project unless DATABASE_URL says otherwise.
# PostgreSQL connections are kept open between requests (a new connection per request cost more
# than most pages: /healthz went from 168 to 1,245 requests a second with 60 s), checked before
# each reuse so a restarted server is no error. SQLite opens a file: nothing to keep.
_DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_PERSISTENT = _DATABASE_URL.startswith(("postgres://", "postgresql://"))
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if _PERSISTENT else 0, minimum=0),
        conn_health_checks=_PERSISTENT,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: the server and `make run`'s once-a-minute sender write at the same time
    # without "database is locked", and a commit needs no disk flush (an application killed at
    # any moment loses nothing committed; a power cut may lose the last moments). The outbox
    # commits once per email sent, so this is what lets the embedded setup send quickly.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: email is the login; invitations are ours (organizations.invitations).
ACCOUNT_ADAPTER = "organizations.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up also asks for the person's name (first), filled in from the roster for someone who
# came from an invitation (organizations/views/accounts.py).
ACCOUNT_FORMS = {"signup": "organizations.forms_accounts.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Links in allauth's emails (verification, password reset) use SITE_URL's scheme: https in
# production, and plain http for a local run with DEBUG off (make run), whose links must work.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
# Failed sign-ins: 10 a minute from one address (any accounts), and 5 in 5 minutes for one
# account *from one address*. allauth keys the second by the account alone, so five wrong
# passwords from anywhere locked the real person out too; organizations.adapters adds the
# client's address to that key, and logs each lockout with a fingerprint of the email.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# Sensitive actions (API keys, roles, security settings) need a sign-in or a re-entered
# password within this many seconds (organizations/reauth.py).
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("ACCOUNT_REAUTHENTICATION_TIMEOUT", 15 * 60, minimum=30)

# Two-factor authentication (django-allauth's MFA): an authenticator app (TOTP), security keys
# and passkeys (WebAuthn), and recovery codes. An organization can require it of its admins
# and HR analysts (Organization.require_mfa, organizations/tenancy.py).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Lodestar"
# Security keys need https, except on the embedded default's http://127.0.0.1.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = SITE_URL.startswith("http://127.0.0.1") or SITE_URL.startswith(
    "http://localhost"
)
# How many reverse proxies in front of the app append to X-Forwarded-For: 0 trusts none and
# uses the connection's address; behind one proxy (the compose setup) 1, or every sign-in would
# come from the proxy's address and share its limits.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# Single sign-on (organizations/sso/, docs/security.md): who an identity provider may sign in,
# into which organization and with which role is decided by our adapter, never by allauth's
# defaults. Tokens from the identity provider are not kept; sign-in code exchanges use PKCE.
SOCIALACCOUNT_ADAPTER = "organizations.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # decided per sign-in by the adapter
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = env_int("SSO_REQUESTS_TIMEOUT", 10, minimum=1)
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# Email: console by default so the embedded setup prints verification and reset mails.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# Seconds for each exchange with the mail server: a hung server fails the attempt (it is
# retried later) instead of holding a worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lodestar <noreply@lodestar.local>")

# Celery: with no broker configured, tasks run in-process (the embedded default).
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL) or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # Celery still builds a producer for eager tasks; keep it in-process rather than letting it
    # default to AMQP on localhost.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# At-least-once work (every task is idempotent): a task is acknowledged only when it has run,
# and handed to another worker when its worker dies; one message at a time per process, so a
# killed worker strands nothing prefetched. Redis gives an unacknowledged message back after
# the visibility timeout (below), which must outlast the longest task: every task is stopped at
# the time limit (a full reminder sweep takes seconds; an analytics rebuild well under a
# minute; a dispatch stops itself after NOTIFICATIONS_DISPATCH_SECONDS and queues the rest) -
# and no task is ever scheduled ahead (no ETA or countdown: reminders are found by the short
# beat scan). tests/test_celery_settings.py holds these relations.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 12 * 60
# One dispatch task sends for at most this long, then queues its continuation.
NOTIFICATIONS_DISPATCH_SECONDS = env_int("NOTIFICATIONS_DISPATCH_SECONDS", 2 * 60, minimum=1)
# A notification left "sending" this long (seconds) by a worker that died is sent again, with a
# note that it may have gone out. Longer than any one email takes (EMAIL_TIMEOUT bounds each
# exchange with the mail server).
NOTIFICATIONS_CLAIM_TIMEOUT = env_int("NOTIFICATIONS_CLAIM_TIMEOUT", 10 * 60, minimum=1)
# A request that queues a hint never waits on an unreachable broker for more than a second:
# no publish retries, a second to connect and a second for an answer (a host that accepts the
# connection and never replies), and after a failure no new attempt for a few seconds
# (organizations/notifications/enqueue.py). tests/test_resilience.py times each way a
# broker can be unreachable.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 60 * 60,
    "socket_connect_timeout": 1,
    "socket_timeout": 1,
    "max_retries": 0,
}
NOTIFICATIONS_RAISE_SCAN_ERRORS = env_bool("NOTIFICATIONS_RAISE_SCAN_ERRORS", default=False)
# Periodic tasks for `celery -A config beat`; each task opens every organization's scope itself.
CELERY_BEAT_SCHEDULE = {
    "discard-stale-roster-loads": {
        "task": "organizations.tasks.discard_stale_roster_loads",
        "schedule": 24 * 60 * 60,
    },
    "delete-due-organizations": {
        "task": "organizations.tasks.delete_due_organizations",
        "schedule": 24 * 60 * 60,
    },
    "apply-retention-periods": {
        "task": "organizations.tasks.apply_retention",
        "schedule": 24 * 60 * 60,
    },
    "refresh-analytics-facts": {
        "task": "analytics.tasks.refresh_facts_nightly",
        "schedule": 24 * 60 * 60,
    },
    "send-due-notifications": {
        "task": "organizations.tasks.send_due_notifications",
        "schedule": 5 * 60,
    },
    # Stored pair facts (sessions/stored_facts.py) that went stale: not a reminder scan.
    "refresh-pair-facts": {
        "task": "sessions.tasks.refresh_pair_facts",
        "schedule": 5 * 60,
    },
}

# Sign-in rate limits and API throttles count in this cache. With Redis unreachable no request
# fails or waits more than a second: each call is bounded (timeouts below, no retries) and the
# process counts in its own memory until Redis answers again, with a logged warning
# (config/cache.py).
# Sessions are read from the cache (Redis in production) and written through to the database:
# a page then costs no query for its session, and a session outlives a cache flush or restart.
# Nothing deletes session rows behind Django's back (sign-out goes through the session), so the
# cached copy never outlives the stored one.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CACHES = {
    "default": (
        {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Pages people open again and again (the pair space, the cohort overview, the matching run, the
# roster, the dashboards and their APIs) are served from the default cache until a write to the
# organization's data, the day or the session changes (organizations/page_cache.py), at most
# this many seconds. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60, minimum=0)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "organizations.api.authentication.APIKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["organizations.api.throttling.CallerRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"caller": env_str("API_THROTTLE_RATE", "600/min")},
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "organizations.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lodestar API",
    "DESCRIPTION": "Organization-scoped API for programs, cohorts and retention analytics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "DEFAULT_GENERATOR_CLASS": "organizations.api.schema.UnscopedIntrospectionSchemaGenerator",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ApplicantRoleEnum": "programs.models.ApplicantRole",
        # Two models call a field "source": a roster load's and an attendance's.
        "RosterLoadSourceEnum": "organizations.models.roster.RosterLoad.Source",
        "AttendanceSourceEnum": "sessions.models.learning.AttendanceSource",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "organizations.api.schema.document_error_responses",
    ],
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

ROSTER_UPLOAD_MAX_BYTES = env_int("ROSTER_UPLOAD_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
INVITATION_TTL_DAYS = env_int("INVITATION_TTL_DAYS", 14, minimum=1)
SESSION_MATERIAL_MAX_BYTES = env_int("SESSION_MATERIAL_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
TEAM_FILE_MAX_BYTES = env_int("TEAM_FILE_MAX_BYTES", 20 * 1024 * 1024, minimum=1024)

# Production hardening: on whenever DEBUG is off, each switchable from the environment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
# Joining browsers' HSTS preload list is hard to undo, so it is opt-in; the deploy check's
# reminder about it (security.W021) is silenced for that reason alone.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response (django-csp): scripts only from the app's own
# files, never inline, so an injected <script> or onclick= does not run. Behaviour that used
# to be inline lives in static/js/lodestar.js. Inline styles stay allowed (charts and bars set
# widths); the API docs run Redoc's web worker from a blob.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

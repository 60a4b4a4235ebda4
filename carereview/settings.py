"""Django settings for carereview.

Everything that differs between machines comes from the environment, so that several app servers
and background workers can share one PostgreSQL database in production (see docs/configuration.md).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# With no key set, a development machine gets a fixed key and any other gets a random one per
# process (sessions then do not survive a restart); `carereview check --deploy` reports it.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or (
    "django-insecure-development-only-key" if DEBUG else secrets.token_urlsafe(50)
)
SECRET_KEY_FROM_ENVIRONMENT = bool(os.environ.get("DJANGO_SECRET_KEY"))

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "carereview.core",
    "carereview.audit",
    "carereview.staff",
    "carereview.records",
    "carereview.authority",
    "carereview.reviews",
    "carereview.notifications",
    "carereview.monitoring",
    "carereview.escalation",
    "carereview.interchange",
    "carereview.reports",
    "carereview.documents",
    "carereview.api",
    # The task queue that sends email in the background (docs/notifications.md).
    "django_tasks",
    "django_tasks_db",
]

AUTH_USER_MODEL = "staff.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "carereview.urls"

TEMPLATES = [
    {
        # The service's own pages: Jinja2 with the GOV.UK Frontend macros (govuk-frontend-jinja).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "carereview" / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "carereview.jinja2.environment"},
    },
    {
        # Django's admin keeps Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "carereview.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'carereview.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and the reminder run write to one SQLite file at once: WAL lets
    # readers go on beside a writer, IMMEDIATE takes the write lock when a transaction starts
    # (so two writers queue instead of failing with "database is locked" mid-transaction), and
    # a writer waits up to 20 seconds for the lock.  PostgreSQL needs none of this.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "carereview" / "static"]

# Security: children's records are special category data.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_AGE", str(8 * 60 * 60)))
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Messages kept in the session on the server, not in a cookie: a message may name a child, and
# the admin site shows a new API client's token once through one.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The name the service shows in its header: the council running it.
CAREREVIEW_SERVICE_NAME = os.environ.get("CAREREVIEW_SERVICE_NAME", "carereview")
# The domain in review meetings' calendar identifiers (UID review-12@<domain>): set it once to the
# service's own host name and never change it, or calendars stop matching updates to meetings.
# Empty: the first public name in DJANGO_ALLOWED_HOSTS, else the service name.
CAREREVIEW_CALENDAR_DOMAIN = os.environ.get("CAREREVIEW_CALENDAR_DOMAIN", "")
WHITENOISE_USE_FINDERS = DEBUG

# A template reading a variable its view never supplied is an error in development and tests
# (GOV.UK Frontend's own optional parameters excepted); on a live service it renders empty.
CAREREVIEW_STRICT_TEMPLATES = env_bool("CAREREVIEW_STRICT_TEMPLATES", DEBUG)

# Background work: a queue kept in the database, so nothing queued is lost while no worker runs.
# `carereview db_worker` sends what is queued; `carereview reminders` runs once a day
# (docs/notifications.md).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Email: an SMTP server (development, or an authority's own relay), or GOV.UK Notify.
CAREREVIEW_EMAIL_CHANNEL = os.environ.get("CAREREVIEW_EMAIL_CHANNEL", "smtp").strip().lower()
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25") or "25")
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# Seconds before a silent mail server counts as a failed attempt (well under the 15 minutes after
# which a message still "being sent" is taken to belong to a worker that died).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30") or "30")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "carereview <carereview@localhost>")
CAREREVIEW_NOTIFY_API_KEY = os.environ.get("CAREREVIEW_NOTIFY_API_KEY", "")
CAREREVIEW_NOTIFY_TEMPLATE_ID = os.environ.get("CAREREVIEW_NOTIFY_TEMPLATE_ID", "")
CAREREVIEW_NOTIFY_FILE_TEMPLATE_ID = os.environ.get("CAREREVIEW_NOTIFY_FILE_TEMPLATE_ID", "")
CAREREVIEW_NOTIFY_BASE_URL = os.environ.get(
    "CAREREVIEW_NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"
)
# The service's address, for links in emails. A live service must set it: without it no reminder
# is emailed, and `carereview check --deploy` says so (development defaults to runserver's).
CAREREVIEW_SITE_URL = os.environ.get(
    "CAREREVIEW_SITE_URL", "http://127.0.0.1:8000" if DEBUG else ""
).rstrip("/")
# A training copy of the service may run on a fixed date (CAREREVIEW_CLOCK, an ISO date-time);
# a live one never: the clock is ignored unless this or DEBUG is on (carereview/core/clock.py).
CAREREVIEW_TRAINING = env_bool("CAREREVIEW_TRAINING", False)

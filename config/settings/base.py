"""Settings shared by every environment.

Everything that differs between machines comes from environment variables,
with defaults that are safe for a developer's laptop. ``production.py``
refuses to start without the values that must never default.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP
from redis.backoff import NoBackoff
from redis.retry import Retry

from .scale_out import frontend_cache, media_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "site_core",
    "accounts",  # sign-in: second factor, invitations, rate limits
    "operations",  # backups, the outage page, mail through the queue
    "governance",
    "publications",
    "evidence",
    "consultations",  # consultations and surveys, "you said, we did" (docs/features.md)
    "moving_in",  # importing a partnership's old PDFs (docs/features.md, Moving in)
    "doors",  # a door for each reader and the "Worried about a child?" route
    "thresholds",  # the threshold guide (continuum of need) as data
    "training",  # courses and events, booked, attended and evaluated (docs/training.md)
    "caching",  # what renews what, the edge's Cache-Control and purges (docs/caching.md)
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",  # the threshold guide's levels, search and versions
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    # The queue for work kept off the request (renditions, CDN purges,
    # emails, imports, reminders): Django's own tasks framework, stored in the
    # site's database and run by `manage.py db_worker`.
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Django 6 refuses to migrate on PostgreSQL without it (postgres.E005);
    # harmless on SQLite.
    "django.contrib.postgres",
    # Second factors (authenticator apps, backup codes) and sign-in lockouts,
    # used by accounts.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

# Django's tasks framework with a real queue: the database the site already has,
# so a worker needs no other service. `make run` starts one beside the web
# server; production runs `manage.py db_worker` as its own process (docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Outermost first: each runs before those below it on the way in and after
# them on the way out.
#
# Compression covers private answers too (a signed-in board member's pages,
# forms with a CSRF token). BREACH reads a secret from how well a page that
# also echoes attacker-chosen text compresses; Django answers it twice: its
# GZipMiddleware adds up to 100 random bytes to every compressed answer (the
# "Heal the BREACH" padding, since Django 4.2), and the CSRF token in a form
# is masked afresh on every response. Session cookies are headers, never
# compressed. Turning compression off for private answers would cost signed-in
# readers bandwidth for no further protection.
MIDDLEWARE = [
    # HTTPS redirect, HSTS, nosniff and Referrer-Policy (Django's own).
    "django.middleware.security.SecurityMiddleware",
    # Django's Content-Security-Policy (SECURE_CSP), sending the per-area
    # policy the next one sets on the response.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # The admin's and previews' policies, sandboxed documents and
    # Permissions-Policy (site_core/security.py).
    "site_core.security.SecurityHeadersMiddleware",
    # Static files, before anything reads a session or the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compression for every answer (Django's own; why private ones too: above).
    "django.middleware.gzip.GZipMiddleware",
    # ETag and Last-Modified answered by a 304; inside compression, so the
    # ETag is the plain page's.
    "django.middleware.http.ConditionalGetMiddleware",
    # What the edge may keep (caching/middleware.py): outside the session,
    # CSRF and messages middleware, so it sees the cookies they set.
    "caching.middleware.CacheControlMiddleware",
    # The session, for signing in and messages.
    "django.contrib.sessions.middleware.SessionMiddleware",
    # APPEND_SLASH and the other URL conventions (Django's own).
    "django.middleware.common.CommonMiddleware",
    # Refuses forms posted from another site.
    "django.middleware.csrf.CsrfViewMiddleware",
    # request.user, from the session.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user verified once this session has passed a one-time code.
    "django_otp.middleware.OTPMiddleware",
    # An admin user without that mark is sent to the second factor
    # (accounts/second_factor.py).
    "accounts.second_factor.AdminTwoFactorMiddleware",
    # The one-time messages the admin and forms show.
    "django.contrib.messages.middleware.MessageMiddleware",
    # Too many password-reset emails refused, on an admin page that shows
    # messages, so after the one above (accounts/ratelimits.py).
    "accounts.ratelimits.PasswordResetLimitMiddleware",
    # X-Frame-Options for browsers that do not read the CSP's frame-ancestors.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Editors' redirects (Wagtail), tried when nothing else answered.
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Sign-in lockouts (django-axes), which must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # The site's generation, which every kept fragment varies on.
                "caching.context_processors.cache_generation",
            ],
        },
    },
]

# A SQLite file next to manage.py unless DATABASE_URL says otherwise;
# production uses PostgreSQL (postgres://user:pass@host:5432/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default has the worker (db_worker) writing beside the site.
    # Writers take turns instead of failing with "database is locked": a
    # transaction takes the write lock when it begins (not halfway, where
    # SQLite cannot wait), waits up to the timeout for it, and WAL lets
    # readers read while another process writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# How long the edge (Varnish, a CDN) may keep a public page for anonymous
# readers (its s-maxage); it is purged on any change on its site (docs/caching.md).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# How long a rendered fragment (header, footer, a page's heavy sections) is
# kept at most; a change on its site makes it stale at once.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))
# The release being served (a commit id, where the platform gives one): part
# of every fragment's key, so two releases running side by side in a rolling
# deploy never share fragments. Every migrate renews them all as well.
RELEASE = os.environ.get("RELEASE", "").strip()[:40]

# The default cache: Redis when REDIS_URL is set; otherwise a table in the
# database (made by `migrate`: caching/migrations), which the web processes and the
# task worker share.
REDIS_URL = os.environ.get("REDIS_URL", "")


def redis_cache(url, key_prefix=None):
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix or os.environ.get("CACHE_KEY_PREFIX", "sscp"),
            # Redis down or slow must not take the site down: a failed read is a
            # miss and a failed write is skipped (django-redis's
            # IGNORE_EXCEPTIONS), so pages render uncached. Sessions and sign-in
            # lockouts live in the database, so signing in still works.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                # A page makes a few dozen cache calls when nothing is kept, and
                # with Redis hanging each waits its whole timeout: short ones
                # keep such a page within a second or two. A Redis beside the
                # site answers in well under a millisecond.
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.05")),
                "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.05")),
                # A failed call is not tried again (redis-py's Retry): that
                # would double the wait, and a miss costs only a render.
                "CONNECTION_POOL_KWARGS": {"retry": Retry(NoBackoff(), 0)},
            },
        }
    }


if REDIS_URL:
    CACHES = redis_cache(REDIS_URL)
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cache",
        }
    }
# Each ignored Redis error is logged, at most once a minute (LOGGING below).
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "caching.redis"

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
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email (Django's MAILERS). Every message the site sends goes to the
# "default" mailer, which puts it on the task queue (operations/mail.py), so a
# slow or unreachable mail server never holds a reader's or an editor's
# request; the worker hands it to the "delivery" mailer: SMTP when EMAIL_HOST
# is set, the console otherwise.
# A module name, not a setting: Django refuses EMAIL_* settings beside MAILERS.
email_host = os.environ.get("EMAIL_HOST", "")
if email_host:
    EMAIL_DELIVERY = {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": email_host,
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        },
    }
else:
    EMAIL_DELIVERY = {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
MAILERS = {
    "default": {"BACKEND": "operations.mail.QueuedEmailBackend"},
    "delivery": EMAIL_DELIVERY,
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where accessible-format requests go for a partnership whose settings name no
# inbox of its own (Partnership.requests_email).
ACCESSIBLE_FORMAT_REQUEST_EMAIL = os.environ.get("ACCESSIBLE_FORMAT_REQUEST_EMAIL", "")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Wagtail -------------------------------------------------------------

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Safeguarding Children Partnership")
# Unset: Wagtail builds admin links from the default Site's own address, so a
# site served on any host and port links to itself.
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail 8 autosaves every half second, on the create form too: the first
# autosave creates the page, so a form abandoned half-way left a hidden draft
# that blocked its slug, and a Save pressed while an autosave was in flight
# posted to the create form again. Off unless asked for (milliseconds);
# leaving a form with unsaved changes still warns.
WAGTAIL_AUTOSAVE_INTERVAL = int(os.environ.get("WAGTAIL_AUTOSAVE_INTERVAL", "0"))
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]

# PostgreSQL's full-text search when the site runs on it; the database
# backend follows the default database automatically. site_core/search_backend.py
# makes indexing never fail a save, and SQLite read typed quotes as words.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "site_core.search_backend",
        "AUTO_UPDATE": True,
    }
}

# Private documents are private only when Django serves them through
# /documents/<id>/<name>; never expose MEDIA_ROOT/documents (or the bucket)
# directly. With a bucket, this view streams the file: it never redirects.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Office and PDF formats only: no HTML, SVG or executables.
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024

WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL or None
WAGTAILAPI_LIMIT_MAX = 50
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # The session only; an admin account without its second factor is anonymous.
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.second_factor.SecondFactorSessionAuthentication"],
}

# The quick-exit destination when a partnership has not set its own.
DEFAULT_QUICK_EXIT_URL = "https://www.bbc.co.uk/weather"

# Where the dev server and tests serve image renditions from. Documents are
# never served from here (see WAGTAILDOCS_SERVE_METHOD).
SERVE_MEDIA_IMAGES = env_bool("SERVE_MEDIA_IMAGES", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Wagtail logs every page action and django-tasks every search-index
        # task at INFO: useful in an audit, noise on a console.
        "wagtail": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django_tasks": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # Redis unreachable: one warning a minute, not one per cache call.
        "caching.redis": {
            "handlers": ["console"],
            "level": "WARNING",
            "filters": ["once_a_minute"],
            "propagate": False,
        },
    },
    "filters": {"once_a_minute": {"()": "caching.logging.OncePerInterval"}},
}

# Publications: documents know their page count and whether they are fully
# accessible (publications/models/documents.py).
WAGTAILDOCS_DOCUMENT_MODEL = "publications.PublicationDocument"

# --- Editing and publishing safely (issue 5): sign-in, headers, roles -------
# Kept together so the security posture can be read in one place (the
# middleware that applies it is in MIDDLEWARE above).

# django-axes first: it refuses a locked-out username before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The public sign-in page (Wagtail's /_util/login/) given no "next": a board
# member's own members' area, anyone else the home page (governance.views.signed_in).
LOGIN_REDIRECT_URL = "governance_signed_in"

# The admin's address can be moved by configuration (ADMIN_PATH=office-7f3a).
WAGTAIL_ADMIN_PATH = os.environ.get("ADMIN_PATH", "admin").strip("/") or "admin"

# Lockout: five wrong passwords for one username from one address, then 30
# minutes' wait. The address is the client's, behind TRUSTED_PROXY_COUNT
# proxies; per address and per account limits are below (Staying up).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.ratelimits.lockout_response"
AXES_VERBOSE = False

# django-otp: the issuer shown in authenticator apps.
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", WAGTAIL_SITE_NAME)

# Sessions end when the browser closes and after eight hours regardless.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Headers on every response (production.py adds HSTS and secure cookies).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# Content-Security-Policy (Django's own middleware). Public pages: nothing
# inline, nothing from elsewhere. The admin origin is allowed so an editor's
# userbar (its CSS and JS come from WAGTAILADMIN_BASE_URL) works on every site.
_ADMIN_ORIGIN = urlsplit(WAGTAILADMIN_BASE_URL)
_ADMIN_ORIGIN = f"{_ADMIN_ORIGIN.scheme}://{_ADMIN_ORIGIN.netloc}" if _ADMIN_ORIGIN.netloc else ""
_SELF = [CSP.SELF, *([_ADMIN_ORIGIN] if _ADMIN_ORIGIN else [])]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": _SELF,
    "style-src": _SELF,
    "img-src": [*_SELF, "data:"],
    "font-src": _SELF,
    "connect-src": _SELF,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# A page's preview (request.is_preview) is framed by the admin's own editor:
# the public policy, but framable by this origin only (site_core.security).
PREVIEW_CSP = {**SECURE_CSP, "frame-ancestors": [CSP.SELF]}
# The Wagtail admin (and only it, see site_core.security) has inline scripts
# in its scheduling dialog and sets inline styles, and frames its own preview.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.SELF],
}

# Only PDFs open in the browser; every other document downloads.
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
# A document whose title is just its file name ("AR_2023_final") is refused
# with a message saying what to write instead (site_core.editor_checks); new
# uploads start in the partnership's public documents, and only its Approvers
# may make a private document public (publications.document_privacy).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "publications.document_privacy.DocumentForm"
WAGTAILIMAGES_IMAGE_FORM_BASE = "publications.document_privacy.ImageForm"

# --- Past one machine (docs/operations.md): media in a bucket, a CDN in front -----------

# Media in an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME is set:
# documents and original images private (signed URLs; documents streamed
# through /documents/), image renditions at AWS_S3_CUSTOM_DOMAIN. The design,
# and why, is in config/settings/scale_out.py.
STORAGES.update(media_storages(os.environ))
MEDIA_ON_S3 = "renditions" in STORAGES
if MEDIA_ON_S3:
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"

# Purge the edge after every change readers can see (caching/edge.py),
# through Wagtail's frontend cache backends; FRONTEND_CACHE_BACKEND unset: no edge.
WAGTAILFRONTENDCACHE = frontend_cache(os.environ)

# --- Staying up (issue 12): outages, limits on abuse, background work -------

# The page shown when the database is down names each partnership and its
# safeguarding numbers from a snapshot written when they are saved
# (operations/outage.py). Unset: MEDIA_ROOT/outage.
OUTAGE_DIR = os.environ.get("OUTAGE_DIR", "")
# An unreachable or hanging PostgreSQL must give that page in seconds, not
# hold a worker: connections give up after DB_CONNECT_TIMEOUT (libpq's least
# is 2 s), a statement after DB_STATEMENT_TIMEOUT_MS (0: none; the release
# step and the task worker run without one, Procfile), and after a failed
# connection a process does not try again for DB_RETRY_SECONDS
# (operations/database/postgresql).
DB_RETRY_SECONDS = float(os.environ.get("DB_RETRY_SECONDS", "5"))
if DATABASE_IS_POSTGRES:
    DATABASES["default"]["ENGINE"] = "operations.database.postgresql"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", int(os.environ.get("DB_CONNECT_TIMEOUT", "2")))
    _statement_ms = int(os.environ.get("DB_STATEMENT_TIMEOUT_MS", "10000"))
    if _statement_ms > 0:
        _options.setdefault("options", f"-c statement_timeout={_statement_ms}")

# The client's address behind our own proxies (accounts/ratelimits.py): how
# many proxies (load balancer, CDN) append to X-Forwarded-For in front of the
# app. 0: no proxy, the header is ignored. Sign-in lockouts use it too.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "accounts.ratelimits.client_address"
# Besides five for one account from one address: this many wrong passwords
# from one address (any accounts), or for one account (any addresses), lock
# that address or account for the same cool-off.
AXES_HANDLER = "accounts.ratelimits.SignInAttempts"
SIGN_IN_FAILURES_PER_ADDRESS = int(os.environ.get("SIGN_IN_FAILURES_PER_ADDRESS", "20"))
SIGN_IN_FAILURES_PER_ACCOUNT = int(os.environ.get("SIGN_IN_FAILURES_PER_ACCOUNT", "30"))
# (uses, seconds) per client address and per email address typed, counted in
# the cache; with the cache down nobody is refused.
RATE_LIMITS = {
    "accessible-format": (5, 60 * 60),
    # Each booking sends an email: a script could otherwise fill an inbox.
    "training-booking": (10, 60 * 60),
    "password-reset": (5, 60 * 60),
    # Answers to a consultation, per client address only: a class answering
    # together from one school's connection must get through.
    "consultation-answer": (int(os.environ.get("CONSULTATION_ANSWERS_PER_ADDRESS", "30")), 10 * 60),
}
# A consultation's answers sent sooner than this after the form was shown are
# taken for a script's and not kept (consultations/forms.py).
CONSULTATION_MIN_SECONDS = int(os.environ.get("CONSULTATION_MIN_SECONDS", "3"))

# A CDN purge (in the worker) gives up after this many seconds.
CDN_PURGE_TIMEOUT = float(os.environ.get("CDN_PURGE_TIMEOUT", "10"))
# After a change, the worker renders the changed site's home page, menu pages
# and changed pages again (caching/warming.py), through EDGE_URL when set
# (the edge's own address, e.g. http://127.0.0.1:6081), so it keeps them too.
WARM_AFTER_CHANGE = env_bool("WARM_AFTER_CHANGE", True)
EDGE_URL = os.environ.get("EDGE_URL", "")
# A picture from a camera is 12 to 50 megapixels; a bigger upload is refused
# with Wagtail's own message rather than holding a worker while it is resized.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = int(os.environ.get("MAX_IMAGE_MEGAPIXELS", "50")) * 1_000_000

# Evidence (indicator values): counts of people below this, and above nought,
# are shown publicly as "fewer than N", so that no child can be identified.
SMALL_NUMBER_THRESHOLD = int(os.environ.get("SMALL_NUMBER_THRESHOLD", "5"))

# Training bookings (training/). Attendees' names, email addresses, access
# needs and free-text answers are removed this many years after their session
# (the counts stay), by ``manage.py training_housekeeping``.
TRAINING_RETENTION_YEARS = int(os.environ.get("TRAINING_RETENTION_YEARS", "3"))
# A place offered from the waiting list is held this long for its taker.
TRAINING_OFFER_HOURS = int(os.environ.get("TRAINING_OFFER_HOURS", "48"))
# A place booked but whose email address is not confirmed is released after this.
TRAINING_UNCONFIRMED_HOURS = int(os.environ.get("TRAINING_UNCONFIRMED_HOURS", "48"))
# Attendees are reminded this many days before their session (with the joining link).
TRAINING_REMINDER_DAYS = int(os.environ.get("TRAINING_REMINDER_DAYS", "2"))

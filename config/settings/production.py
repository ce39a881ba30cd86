"""Production settings: everything secret or host-specific must be given."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY: production refuses to start without one.")
if len(SECRET_KEY) < 50:
    # Sessions, password resets and signed values are only as strong as this.
    raise ImproperlyConfigured(
        "SECRET_KEY is too short: use at least 50 random characters, e.g. from "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS (comma-separated host names): production refuses to guess."
    )

# Notification emails have no request to take an address from: without
# WAGTAILADMIN_BASE_URL they link to the first host name this site answers to.
if not WAGTAILADMIN_BASE_URL:
    WAGTAILADMIN_BASE_URL = f"https://{ALLOWED_HOSTS[0].lstrip('.')}"

ALLOW_DEMO_ADMIN = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
# Nginx or the CDN serves image renditions; documents go through Django.
SERVE_MEDIA_IMAGES = env_bool("SERVE_MEDIA_IMAGES", False)

# HSTS preload is a promise to every browser that this domain and all its
# subdomains will be HTTPS-only for good, and is hard to undo: the operator
# opts in with SECURE_HSTS_PRELOAD=1. Until then Django's reminder (W021) is
# silenced so `check --deploy` reports only real problems.
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

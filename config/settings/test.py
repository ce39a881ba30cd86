"""Settings for the test suite: fast and isolated."""

import tempfile

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - tests only
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", ".localhost"]
# The demo loader, its commands and Illustrative, as under the dev settings.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# Local memory, unless REDIS_URL is set (CI sets it): then Redis, as in
# production, each xdist worker under its own key prefix.
if REDIS_URL:
    CACHES = redis_cache(
        REDIS_URL, key_prefix=f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sscp-test-media-"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="sscp-test-static-"))
WHITENOISE_AUTOREFRESH = True
# Emails go through the queue as in production (operations/mail.py), which
# the immediate task backend below runs at once, into Django's test outbox.
MAILERS["delivery"] = {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
ALLOW_DEMO_ADMIN = True
WAGTAILADMIN_BASE_URL = "http://testserver"
# Off unless a test turns it on: with tasks run as they are queued, every
# publish in a test would render its site's main pages again.
WARM_AFTER_CHANGE = False
# Tests never write to a real bucket or purge a real CDN, whatever the
# environment says; the tests that need them set them up with moto or a
# recording backend.
if MEDIA_ON_S3:
    STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    STORAGES.pop("renditions")
    WAGTAILIMAGES_RENDITION_STORAGE = "default"
    MEDIA_ON_S3 = False
WAGTAILFRONTENDCACHE = {}
# Tasks run as they are enqueued, so a test sees their effect at once; the
# tests of the queue itself switch to the database backend and run a worker.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

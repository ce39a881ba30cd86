"""Settings for `make run` on a developer's machine."""

from .base import *

DEBUG = env_bool("DEBUG", True)
# A throwaway key for local use only: production.py never falls back to it.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", ".localhost"]

# Plain static storage so runserver needs no collectstatic.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# The demo content (`make demo`, `make run`) and its "Illustrative" table: only
# development and test settings install the app; production never does.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]

# `make run` creates a demo admin with a known password; only settings that
# set this flag allow it (production never does).
ALLOW_DEMO_ADMIN = True

# Editors previewing their own work while signed out should see it at once.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))

"""Settings for `make run` on a developer's machine."""

from .base import *

# Off by default, so `make run` shows what readers see: the site's own 404
# and 500 pages, with the quick exit and the numbers to call, rather than
# Django's technical pages. `make run` serves static files with
# `runserver --insecure`. DEBUG=1 brings the tracebacks back.
DEBUG = env_bool("DEBUG", False)
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

# Mail is printed by the task worker (`make run` shows its output), readably:
# an invitation's link can be opened from the terminal (operations/mail.py).
if not email_host:
    MAILERS["delivery"] = {"BACKEND": "operations.mail.ConsoleEmailBackend"}

"""Settings for a separate process whose database cannot be reached
(tests/operations/test_database_outage.py): the test settings, with the
database, cache and outage folder the test gives in the environment. The
database is configured from its URL as in production (timeouts, backend)."""

import os

os.environ["DATABASE_URL"] = os.environ["OUTAGE_DATABASE_URL"]

from config.settings.base import redis_cache  # after DATABASE_URL is set
from config.settings.test import *  # noqa: F403

if os.environ.get("OUTAGE_REDIS_URL"):
    CACHES = redis_cache(os.environ["OUTAGE_REDIS_URL"])
    CACHES["default"]["KEY_PREFIX"] = os.environ["OUTAGE_CACHE_PREFIX"]
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
OUTAGE_DIR = os.environ["OUTAGE_DIR"]

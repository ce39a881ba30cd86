"""Settings for a separate process whose database cannot be reached
(tests/operations/test_database_outage.py): the test settings, with the
database and outage folder the test gives in the environment. The
database is configured from its URL as in production (timeouts, backend)."""

import os

os.environ["DATABASE_URL"] = os.environ["OUTAGE_DATABASE_URL"]

from config.settings.test import *  # noqa: F403 - after DATABASE_URL is set

OUTAGE_DIR = os.environ["OUTAGE_DIR"]

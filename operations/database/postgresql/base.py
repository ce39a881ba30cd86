"""Django's PostgreSQL backend, not asked again for a few seconds after the
server could not be reached.

A request that needs the database while PostgreSQL is down or hanging waits
up to ``connect_timeout`` before the outage page (operations/outage.py), and
holds its worker meanwhile: a handful of such requests could hold every
worker. So once a connection cannot be made, every new connection in this process
fails at once for ``DB_RETRY_SECONDS``; the first after that tries again.
libpq has no such setting (its least ``connect_timeout`` is two seconds), so
this is a subclass of Django's backend, as Django's documentation on
subclassing the built-in database backends describes, overriding only the
public ``get_new_connection``.
"""

import time

import psycopg2
from django.conf import settings
from django.db.backends.postgresql import base

_failed_at = None  # time.monotonic() of this process's last failed connection


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        global _failed_at
        if _failed_at is not None and time.monotonic() - _failed_at < settings.DB_RETRY_SECONDS:
            # No error code, as when the server cannot be reached: an outage.
            raise psycopg2.OperationalError("The database could not be reached moments ago")
        try:
            return super().get_new_connection(conn_params)
        except psycopg2.OperationalError:
            _failed_at = time.monotonic()
            raise

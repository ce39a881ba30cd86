"""The page a reader gets when the database is down: who to call, with no database.

A safeguarding site's one job in a bad hour is to show a worried parent who
to call. When PostgreSQL cannot be reached, pages the edge keeps still
serve; anything else gets a 503 that names the partnership and shows 999
and its own children's services numbers.

Those numbers cannot be read from the database at that moment, so a
snapshot of each partnership's contacts is written whenever they could
change (a save of its Safeguarding contacts, its Partnership settings or its
Site, after the commit), and by ``manage.py write_outage_pages`` (the release
step runs it). A snapshot is a small JSON file per host name in
``OUTAGE_DIR`` (default ``MEDIA_ROOT/outage``), also copied into the cache so
that other machines without that disk find it; the error page reads the file
first, then the cache, then falls back to the numbers that are the same
everywhere (999 and Childline).
"""

import json
import logging
import os
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.template import loader
from django.templatetags.static import static
from django.utils import timezone
from wagtail.models import Site

from site_core.labels import record_labels
from site_core.models import Partnership, SafeguardingContacts

logger = logging.getLogger(__name__)

DEFAULT = "_default"  # the default Site's snapshot, for a host with none of its own
CACHE_KEY = "outage-snapshot:{}"
RETRY_AFTER_SECONDS = 60
# Host names are matched against file names: nothing a reader can turn into a path.
_HOSTNAME = re.compile(r"^[a-z0-9][a-z0-9.-]{0,252}$")
CONTACT_FIELDS = (
    "front_door_name",
    "front_door_phone",
    "front_door_hours",
    "out_of_hours_phone",
    "lado_phone",
    "lado_email",
    "childline_phone",
)
# What is true everywhere in England, shown when no snapshot can be found.
FALLBACK = {
    "partnership": "",
    "short_name": "",
    "exit_url": "",
    "contacts": {"childline_phone": "0800 1111"},
}


def outage_dir():
    return Path(getattr(settings, "OUTAGE_DIR", None) or Path(settings.MEDIA_ROOT) / "outage")


# --- at save time: write the snapshots ------------------------------------


def snapshots():
    """{host name or DEFAULT: snapshot} for every Site, from the database."""
    sites = list(Site.objects.all())
    partnerships = {p.site_id: p for p in Partnership.objects.filter(site__in=sites)}
    contacts = {c.site_id: c for c in SafeguardingContacts.objects.filter(site__in=sites)}
    # The label other pages put beside these numbers (the demo's "Demo
    # contact"), read now: the error page cannot ask the database. None in production.
    labels = record_labels(SafeguardingContacts)
    written = {}
    for site in sites:
        partnership = partnerships.get(site.pk)
        numbers = contacts.get(site.pk)
        snapshot = {
            "partnership": partnership.name if partnership else site.site_name or "",
            "short_name": partnership.short_name if partnership else "",
            "exit_url": partnership.exit_url if partnership else settings.DEFAULT_QUICK_EXIT_URL,
            "contacts": {
                field: getattr(numbers, field) for field in CONTACT_FIELDS if numbers is not None
            },
            "contacts_label": labels.get(numbers.pk, "") if numbers is not None else "",
            "written_at": timezone.now().isoformat(),
        }
        written[site.hostname.lower()] = snapshot
        if site.is_default_site:
            written[DEFAULT] = snapshot
    return written


def write_all():
    """Write every Site's snapshot (and remove those of host names gone); never raises.

    Called after saves of contacts, partnerships and sites: a full disk or a
    read-only folder is logged, never turned into a failed save.
    """
    try:
        found = snapshots()
    except Exception:
        logger.exception("Could not read the contacts for the outage page")
        return 0
    folder = outage_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, snapshot in found.items():
            _write_file(folder / f"{name}.json", snapshot)
        for old in folder.glob("*.json"):
            if old.stem not in found:
                old.unlink(missing_ok=True)
    except OSError:
        logger.exception("Could not write the outage page's contacts to %s", folder)
    # The cache copy serves other machines; with Redis down it is skipped.
    cache.set_many({CACHE_KEY.format(name): s for name, s in found.items()}, timeout=None)
    return len(found)


def _write_file(path, snapshot):
    # Written beside and renamed: a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(snapshot, out)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_when_committed(**kwargs):
    """Receiver for saves and deletes of what the snapshot shows."""
    transaction.on_commit(write_all)


def connect():
    for model in (SafeguardingContacts, Partnership, Site):
        label = model._meta.label
        post_save.connect(write_when_committed, sender=model, dispatch_uid=f"outage-save-{label}")
        post_delete.connect(write_when_committed, sender=model, dispatch_uid=f"outage-del-{label}")


# --- at error time: no database ---------------------------------------------


# SQLite's primary result codes that mean the file cannot be used just now,
# not that the SQL is wrong (which is SQLITE_ERROR, 1).
_SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_CANTOPEN,
}
# PostgreSQL's error classes that mean the server cannot be used just now:
# connection exceptions, insufficient resources (too many connections), a
# server shutting down or starting; and 57014, a statement cancelled by
# ``statement_timeout`` (the server not answering in time).
_POSTGRES_UNAVAILABLE = ("08", "53", "57P", "57014")


def _unavailable(error):
    if isinstance(error, sqlite3.OperationalError):
        return getattr(error, "sqlite_errorcode", 0) & 0xFF in _SQLITE_UNAVAILABLE
    if isinstance(error, psycopg2.InterfaceError):  # the connection already closed
        return True
    if isinstance(error, psycopg2.OperationalError):
        # No code: the server could not be reached, or closed the connection.
        return error.pgcode is None or error.pgcode.startswith(_POSTGRES_UNAVAILABLE)
    return False


def is_database_outage(error):
    """Whether ``error`` (or what caused it) is the database being unreachable
    or not answering. A mistake in SQL (an ``OperationalError`` on SQLite, a
    ``ProgrammingError`` on PostgreSQL) is not: it is a 500, logged as any
    other error, never the outage page."""
    seen = set()
    while error is not None and id(error) not in seen:
        if _unavailable(error):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def current_error_is_outage():
    return is_database_outage(sys.exc_info()[1])


def snapshot_for(host):
    """The snapshot for this Host header: its own, else the default site's, else FALLBACK."""
    hostname = (host or "").rsplit(":", 1)[0].strip().lower().rstrip(".")
    names = [hostname] if _HOSTNAME.match(hostname) else []
    names.append(DEFAULT)
    for name in names:
        try:
            with open(outage_dir() / f"{name}.json", encoding="utf-8") as source:
                return json.load(source)
        except (OSError, ValueError):
            pass
        try:
            found = cache.get(CACHE_KEY.format(name))
        except Exception:  # a second outage must not hide the numbers
            found = None
        if found:
            return found
    return FALLBACK


def _stylesheet():
    try:
        return static("css/site.css")
    except Exception:  # e.g. no manifest: the unhashed file is served too
        return f"{settings.STATIC_URL}css/site.css"


def response(request, status=503):
    """The 503 page (the database is down) or the 500 page (any other error):
    the partnership's name and numbers, read without the database."""
    snapshot = snapshot_for(request.META.get("HTTP_HOST", ""))
    contacts = dict(FALLBACK["contacts"], **snapshot.get("contacts", {}))
    html = loader.get_template(f"{status}.html").render(
        {
            "partnership": snapshot.get("partnership", ""),
            "short_name": snapshot.get("short_name", ""),
            "exit_url": snapshot.get("exit_url") or settings.DEFAULT_QUICK_EXIT_URL,
            "contacts": contacts,
            "contacts_label": snapshot.get("contacts_label", ""),
            "stylesheet": _stylesheet(),
        }
    )
    answer = HttpResponse(html, status=status)
    if status == 503:
        answer["Retry-After"] = str(RETRY_AFTER_SECONDS)
    answer["Cache-Control"] = "no-store"
    return answer

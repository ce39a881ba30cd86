"""Warming: after a change readers can see, the pages readers were reading
are rendered again by the task worker, so the next reader finds them ready.

A publish gives its site a new generation (site_core.caching.generation):
every page, fragment, menu and route of that partnership is stale at once,
and without this the first reader of each page pays for rebuilding them
(25 to 55 ms of CPU instead of 2 to 3; README, "CPU per request"). Instead:

- **What readers read** (``note``): CacheMiddleware notes each public answer
  an anonymous reader was given (a 200 anyone may be given, under a known
  site) by its address as the reader asked for it: host, scheme, path and the
  query parameters the page reads. A process notes an address once per
  generation and ``NOTE_EVERY`` seconds at most (kept in process memory with
  the remembered values), so a warm page costs no cache write. Each site
  keeps the ``READ_PAGES`` addresses most recently noted, for ``READ_FOR``.
  A search is noted only when the view says it may (``may_note``): one
  whose results are kept anyway (short, plain words, site_core.search),
  and for no longer than they are (10 minutes): what a family typed into
  this site stays in the cache no longer than the results it was given.
  Never noted: anything signed in, members-only, private, the API and the
  admin.
- **After the change** (``after_change``, called by site_core.caching.purge):
  once the change is committed, one task (``warm_sites``) is queued with the
  generation each changed site has now. The worker renders that site's
  noted addresses, newest first, at most ``WARM_PAGES_AFTER_CHANGE`` of them,
  through the full middleware stack as an anonymous reader, which fills the
  page fragments, routes, menus and (when on) the page cache in the shared
  cache. A task whose site has a newer generation by the time it runs, or
  gets one while it runs, stops: the later change queued its own, so ten
  publishes in a row warm about once. An address that no longer answers 200
  is dropped.

Readers who arrive before the worker has finished pay as before; nothing is
ever served stale, since warming only fills the cache under the current
generation, exactly as a reader's request would.
"""

import io
import logging
import sys
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.tasks import task

from . import generation as generations
from . import memo

logger = logging.getLogger(__name__)

# Addresses kept per site, and for how long since a reader last asked.
READ_PAGES = 200
READ_FOR = 24 * 60 * 60
# A process notes the same address again at most this often (per generation).
NOTE_EVERY = 10 * 60
# The WSGI environ key that marks the worker's own requests: never noted.
WARMING = "sscp.warming"
USER_AGENT = "sscp-cache-warming"


def _key(site_id):
    return f"warming:read:{site_id}"


# --- what readers read --------------------------------------------------------


def may_note(request, seconds):
    """This answer to a search (``?q=``) may be noted, for ``seconds`` at most."""
    request.warming_note_for = seconds


def note(request, site_id, path):
    """Note that an anonymous reader was given ``path`` (``request.path`` with
    the query the page reads) on ``site_id``."""
    if settings.WARM_PAGES_AFTER_CHANGE <= 0 or request.META.get(WARMING):
        return
    lifetime = getattr(request, "warming_note_for", None if "q" in request.GET else READ_FOR)
    if not lifetime:
        return
    address = f"{request.scheme}://{request.get_host()}{path}"
    if memo.seen_lately(f"warming-noted:{site_id}:{address}", min(NOTE_EVERY, lifetime)):
        return
    now = time.time()
    read = _read(site_id, now)
    # The script name too: served under a prefix, the page is asked for again
    # with it, so its links are rendered as the reader's were.
    read[address] = (now, request.META.get("SCRIPT_NAME", ""), lifetime)
    _write(site_id, read)


def _read(site_id, now):
    found = cache.get(_key(site_id))
    if not isinstance(found, dict):
        return {}
    # (noted at, script name, how long it may be kept); an entry of any
    # other shape (an earlier release's) is dropped.
    return {
        address: seen
        for address, seen in found.items()
        if isinstance(seen, tuple) and len(seen) == 3 and now - seen[0] < seen[2]
    }


def _write(site_id, read):
    newest = sorted(read.items(), key=lambda item: item[1][0], reverse=True)[:READ_PAGES]
    cache.set(_key(site_id), dict(newest), READ_FOR)


def read_lately(site_id):
    """``(address, script name)`` of what readers were given lately on
    ``site_id``, newest first."""
    read = _read(site_id, time.time())
    newest = sorted(read.items(), key=lambda item: item[1][0], reverse=True)
    return [(address, script_name) for address, (_, script_name, _) in newest]


def _forget(site_id, addresses):
    read = _read(site_id, time.time())
    for address in addresses:
        read.pop(address, None)
    _write(site_id, read)


# --- after a change -----------------------------------------------------------

_queued = threading.local()


def after_change(site_ids=None):
    """A change readers can see on these sites (None: every site): queue their
    warming once the change is committed (at once outside a transaction;
    never for a change rolled back)."""
    if settings.WARM_PAGES_AFTER_CHANGE <= 0:
        return
    transaction.on_commit(lambda: _queue(site_ids))


def _queue(site_ids):
    # Several changes in one transaction each call this once it commits: the
    # first queues the warming of each site's new generation, the others find
    # it queued already.
    if site_ids is None:
        from wagtail.models import Site

        site_ids = Site.objects.values_list("pk", flat=True)
    try:
        current = {str(site_id): generations.read(site_id) for site_id in sorted(site_ids)}
        queued = getattr(_queued, "generations", None)
        if queued is None or len(queued) > 1000:
            queued = _queued.generations = {}
        due = {site: token for site, token in current.items() if queued.get(site) != token}
        if due:
            warm_sites.enqueue(due)
            queued.update(due)
    except Exception:  # the change is saved; a queue that cannot take it is logged
        logger.exception("Could not queue warming the cache")


@task()
def warm_sites(current):
    """Render each site's lately read pages again, unless a later change has
    given the site a newer generation than ``current`` (site id → generation
    when the task was queued): that change queued its own warming."""
    return sum(warm_site(int(site_id), generation=queued) for site_id, queued in current.items())


def warm_site(site_id, limit=None, generation=None):
    """Render up to ``limit`` (WARM_PAGES_AFTER_CHANGE) of the addresses lately
    read on ``site_id`` as an anonymous reader would; how many answered 200.
    Given the ``generation`` it was asked for, it stops as soon as the site
    has a newer one (a later change, whose own warming will follow)."""
    limit = settings.WARM_PAGES_AFTER_CHANGE if limit is None else limit
    addresses = read_lately(site_id)[:limit]
    gone = []
    warmed = 0
    # A fresh request scope for each, even when queued from inside a request
    # (the immediate task backend): the reader's site and tokens are not ours.
    with memo.outside_request():
        for address, script_name in addresses:
            if generation is not None and generations.read(site_id) != generation:
                break
            try:
                status = _get(address, script_name)
            except Exception:  # one page failing must not stop the others
                logger.exception("Could not warm %s", address)
                continue
            if status == 200:
                warmed += 1
            else:
                gone.append(address)
    if gone:
        _forget(site_id, gone)
    return warmed


_handler = None


def _get(address, script_name=""):
    """GET ``address`` through the whole middleware stack, in process; its status.

    ``get_response`` rather than the WSGI call: no request_started/finished
    signals, which would close the worker's (or a test's) database connection.
    """
    from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

    global _handler
    if _handler is None:
        _handler = WSGIHandler()
    scheme, _, rest = address.partition("://")
    host, _, path = rest.partition("/")
    path, _, query = f"/{path}".partition("?")
    path = path[len(script_name) :] if path.startswith(script_name) else path
    name, _, port = host.partition(":")
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": script_name,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": name,
        "SERVER_PORT": port or ("443" if scheme == "https" else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        "HTTP_USER_AGENT": USER_AGENT,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        WARMING: True,
    }
    response = _handler.get_response(WSGIRequest(environ))
    if not getattr(response, "streaming", False):
        response.content  # noqa: B018 - rendered (a lazy template response renders here)
    return response.status_code

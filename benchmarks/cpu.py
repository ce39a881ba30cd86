"""CPU per page with every cache empty, measured in this process: a step of
`make bench` (benchmarks/run.py), which runs it once for this site and once
for Wagtail's bakerydemo, each under its own settings and database.

It imports nothing of either project, so the same code measures both:
DJANGO_SETTINGS_MODULE says which. Each argument is NAME=TARGET, where TARGET
is a path on the default site (``/search/?q=bread``) or a page model
(``blog.BlogPage``: its first live page, on its own site).

For each page: every cache emptied (untimed), then one anonymous GET through
Django's WSGIHandler (every middleware, as gunicorn would call it), timed with
``time.process_time()``: this process's CPU only, not the database server's,
nor any waiting. The median of BENCH_SAMPLES such requests. The SQL queries
of one more such request are counted. Prints one JSON object.

    --profile NAME   instead, cProfile of BENCH_SAMPLES requests to that page,
                     every cache emptied before each: the top 10 functions by
                     their own CPU time, and by cumulative time (only code
                     whose path matches BENCH_PROFILE_CODE, when set).
"""

import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time

SAMPLES = max(int(os.environ.get("BENCH_SAMPLES", "15")), 1)
WARM_UP = 3  # imports and compiled templates: loaded once per process in production too


def empty_every_cache():
    """Every configured cache emptied; a Redis cache only under its own key prefix,
    never the whole Redis database (other programs may share it)."""
    from django.core.cache import caches

    for alias in caches:
        cache = caches[alias]
        if hasattr(cache, "delete_pattern"):  # django-redis
            cache.delete_pattern("*")
        else:
            cache.clear()


def address(target):
    """(host, path) of a target: a path on the default site, or a page model's first live page."""
    from django.apps import apps
    from wagtail.models import Site

    if target.startswith("/"):
        site = Site.objects.get(is_default_site=True)
        path = target
    else:
        page = apps.get_model(target).objects.live().public().order_by("path").first()
        if page is None:
            raise SystemExit(f"cpu.py: no live page of {target}")
        site, _root, path = page.get_url_parts()
        site = Site.objects.get(pk=site)
    host = site.hostname if site.port in (80, 443) else f"{site.hostname}:{site.port}"
    return host, path


def environ(host, url):
    """A WSGI environ for an anonymous GET, as gunicorn builds it behind a TLS proxy."""
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host.split(":")[0],
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": host,
        "HTTP_ACCEPT": "text/html,*/*;q=0.8",
        "HTTP_ACCEPT_ENCODING": "gzip",
        "HTTP_USER_AGENT": "bench",
        # As production is reached: over HTTPS, through a proxy that says so.
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(handler, host, url):
    """One request, its body read and the response closed (which ends the
    request as a server does); the status code."""
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    response = handler(environ(host, url), start_response)
    try:
        for _chunk in response:
            pass
    finally:
        response.close()
    return int(statuses[0].split()[0])


def measure(handler, host, url):
    for _ in range(WARM_UP):
        call(handler, host, url)
    samples, statuses = [], set()
    for _ in range(SAMPLES):
        empty_every_cache()
        started = time.process_time()
        statuses.add(call(handler, host, url))
        samples.append((time.process_time() - started) * 1000)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    empty_every_cache()
    with CaptureQueriesContext(connection) as queries:
        call(handler, host, url)
    return {
        "url": url,
        "host": host,
        "status": sorted(statuses),
        "cpu_ms": statistics.median(samples),
        "queries": len(queries),
    }


def profile(handler, host, url, top=10):
    for _ in range(WARM_UP):
        call(handler, host, url)
    profiler = cProfile.Profile(time.process_time)
    for _ in range(SAMPLES):
        empty_every_cache()
        profiler.enable()
        call(handler, host, url)
        profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(f"cProfile of {SAMPLES} requests to {url}, every cache empty; by own time:\n")
    stats.sort_stats("tottime").print_stats(top)
    # Cumulative time, past the middleware every request goes through: the
    # functions whose file path matches BENCH_PROFILE_CODE (a regular
    # expression; run.py names this site's apps), else everything.
    code = os.environ.get("BENCH_PROFILE_CODE", "")
    out.write(f"by cumulative time{' in ' + code if code else ''}:\n")
    stats.sort_stats("cumulative").print_stats(*([code] if code else []), top)
    return out.getvalue()


def main(argv):
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    chosen = None
    if argv[:1] == ["--profile"]:
        chosen, argv = argv[1], argv[2:]
    pages = dict(arg.split("=", 1) for arg in argv)
    if chosen is not None:
        print(profile(handler, *address(pages[chosen])), flush=True)
        return
    figures = {name: measure(handler, *address(target)) for name, target in pages.items()}
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

"""The first reader after a real publish: a step of `make bench` (benchmarks/run.py).

In this process, against the benchmark's database and cache: a page is
published as an editor's publish does it (``save_revision().publish()``,
Wagtail's own), then the first anonymous request for the home page of the
same partnership, and then for another partnership's home page, goes through
Django's WSGIHandler; its wall-clock milliseconds and SQL queries are kept.
Before each publish both readers' pages are read twice, so what the publish
emptied is what the reader pays for. Tasks the publish queues (warming, the
edge purge) are not run (TASKS_BACKEND is the dummy backend): this is the
reader who arrives before the task worker has done anything.

Three pages are published: a leaf page (a publication), a page in the
menus (the publications index) and the home page; each BENCH_PUBLISHES
times (median). Prints one JSON object.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cpu import call  # noqa: E402 - after the path is set

REPEATS = max(int(os.environ.get("BENCH_PUBLISHES", "3")), 1)


def first_request(handler, host):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        status = call(handler, host, "/")
        ms = (time.perf_counter() - started) * 1000
    if status != 200:
        raise SystemExit(f"publish.py: {host}/ answered {status}")
    return ms, len(queries)


def main():
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from wagtail.models import Site

    # Imported here: Django is set up only once the script has chosen its settings.
    from benchmarks.generate import sunderland
    from publications.models import AnnualReportPage

    handler = WSGIHandler()
    site, _partnership, index = sunderland()
    other = Site.objects.exclude(pk=site.pk).order_by("hostname").first()
    readers = {"same partnership": site.hostname, "another partnership": other.hostname}
    leaf = (
        AnnualReportPage.objects.live()
        .descendant_of(index)
        .exclude(slug__startswith="bench-")
        .order_by("pk")
        .first()
    )
    published = {
        "leaf page": leaf,
        "page in the menus": index.specific,
        "home page": site.root_page.specific,
    }
    figures = {}
    for kind, page in published.items():
        samples = {reader: [] for reader in readers}
        for _ in range(REPEATS):
            for host in readers.values():
                call(handler, host, "/")
                call(handler, host, "/")
            page.refresh_from_db()
            page.save_revision().publish()
            for reader, host in readers.items():
                samples[reader].append(first_request(handler, host))
        figures[kind] = {
            reader: {
                "ms": statistics.median(ms for ms, _ in values),
                "queries": statistics.median(count for _, count in values),
            }
            for reader, values in samples.items()
        }
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()

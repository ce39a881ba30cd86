"""`make bench-two`: two app processes, one database, one Redis: no stale page.

Two gunicorn processes (different ports, as two machines would be) share the
benchmark's PostgreSQL database and Redis, with the page cache on. The script

1. warms both and checks each now answers from its cache;
2. publishes a change through the ORM from a third process (this one, with the
   same REDIS_URL, as an editor's admin process would be): a publication's new
   title, with a revision, and a governance record's new purpose;
3. fetches every warmed page from both processes and checks that each shows
   the change (the publication's own page and the listing that shows it);
4. loads both at once with wrk, publishes again half way through, and checks
   there were no errors and that both then show the second change.

It uses the benchmark database when `make bench` has built it, and otherwise
builds the demo site there first.
"""

import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import run  # noqa: E402

PORTS = (run.PORT + 1, run.PORT + 2)
WORKERS = os.environ.get("BENCH_TWO_WORKERS", "2")
CACHE_ENV = {"PAGE_CACHE_SECONDS": "300", "REDIS_URL": "redis://127.0.0.1:6379/15"}


def say(message):
    print(message, flush=True)


def database_is_built():
    """True when the benchmark database exists and has been migrated."""
    tables = subprocess.run(
        ["psql", run.DB_URL, "-tAc", "SELECT to_regclass('publications_publicationpage')"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return bool(tables)


def fetch(port, url):
    with urllib.request.urlopen(f"http://{run.HOST}:{port}{url}", timeout=10) as response:
        return response.read().decode()


def check_all(urls, expected, label):
    """Every URL from every process, several times (each process has several workers)."""
    stale = []
    for port in PORTS:
        for name, (url, must_show) in urls.items():
            for _ in range(int(WORKERS) * 2):
                html = fetch(port, url)
                if expected[must_show] not in html:
                    stale.append(f"{name} on :{port}")
                    break
    say(f"  {label}: " + ("no stale page" if not stale else "STALE: " + ", ".join(stale)))
    return stale


def publish_title(page, title):
    page.title = title
    page.save_revision().publish()


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make bench-two` installs it (scripts/ensure-wrk).")
    if not database_is_built():
        say("The benchmark database is empty: building the demo site there first.")
        run.fresh_database()
        run.build_demo()
    run.manage("collectstatic", "--noinput", "-v0")
    # This process publishes as an editor's would: same database, same Redis.
    run.ENV.update(CACHE_ENV)
    run.setup_django()

    from django.core.cache import cache

    # Imported here: Django is set up only once the script has chosen its settings.
    from benchmarks import generate
    from governance.models import Body
    from publications.models import PublicationPage

    cache.clear()
    _site, partnership, index = generate.sunderland()
    urls = generate.benchmark_urls()
    # The publication shown first in the listing, so the listing must change too.
    newest = (
        PublicationPage.objects.live()
        .descendant_of(index)
        .order_by("-publication_date", "title")
        .first()
        .specific
    )
    body = Body.objects.get(partnership=partnership, slug=generate.MAIN_BODY)
    page_url = newest.relative_url(index.get_site())
    watched = {
        "publication page": (page_url, "title"),
        "publications index": (urls["publications index"], "title"),
        "governance body": (urls["governance body"], "purpose"),
    }

    processes = [run.start_gunicorn(port=port, workers=WORKERS) for port in PORTS]
    try:
        say(f"Two gunicorn processes on ports {PORTS[0]} and {PORTS[1]} ({WORKERS} workers each)")
        for port in PORTS:
            for url, _ in watched.values():
                for _ in range(int(WORKERS) * 3):
                    fetch(port, url)
        say("  warmed: every watched page read from both processes")

        stamp = time.strftime("%H%M%S")
        expected = {"title": f"Changed at {stamp}", "purpose": f"Purpose changed at {stamp}"}
        publish_title(newest, expected["title"])
        body.purpose = expected["purpose"]
        body.save()
        say(f"Published through the ORM: title “{expected['title']}”, body purpose changed")
        stale = check_all(watched, expected, "after publishing")

        say(f"Load: wrk on both processes at once, 16 connections each, {run.DURATION}s")
        results = {}

        def drive(port, name, url):
            results[(port, name)] = wrk_on(port, url)

        threads = [
            threading.Thread(target=drive, args=(port, name, url))
            for port in PORTS
            for name, (url, _) in list(watched.items())[:2]
        ]
        for thread in threads:
            thread.start()
        time.sleep(float(run.DURATION) / 2)
        expected["title"] = f"Changed again at {time.strftime('%H%M%S')}"
        publish_title(newest, expected["title"])
        say(f"  published again during the load: “{expected['title']}”")
        for thread in threads:
            thread.join()
        # A load run that raised left no figures: it counts as an error, not as none.
        errors = len(threads) - len(results)
        say(f"  {'process':<8}{'page':<22}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'errors':>7}")
        for (port, name), f in sorted(results.items()):
            errors += f["errors"]
            say(
                f"  :{port:<7}{name:<22}{f['rps']:>8.0f}{f['p50_us'] / 1000:>8.1f}"
                f"{f['p95_us'] / 1000:>8.1f}{f['errors']:>7}"
            )
        stale += check_all(watched, expected, "after the load")
    finally:
        for process in processes:
            run.stop(process)
    say("\nResult:")
    say(f"  stale pages served after a publish: {len(stale)}")
    say(f"  errors under load: {errors}")
    if stale or errors:
        raise SystemExit(1)


def wrk_on(port, url):
    return run.wrk(url, 16, port=port)


if __name__ == "__main__":
    main()

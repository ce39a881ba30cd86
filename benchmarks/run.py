"""`make bench`: build a large site on PostgreSQL, serve it as production does,
and print throughput, latency, SQL queries and page weight for each page.

Steps (each prints what it is doing):
1. a fresh PostgreSQL database (BENCH_DATABASE_URL, default sscp_bench);
2. migrate, the demo content, then generated content up to the small size
   (100 publications): SQL queries per page are counted there;
3. generated content up to the large size (5,000 publications, 1,000 people,
   3,000 memberships, 500 meetings): queries are counted again;
4. gunicorn with the production settings on 127.0.0.1, driven by wrk from a
   second process with 4 and with 32 concurrent connections, uncached and,
   when benchmarks can turn it on, with the page cache.

The targets (README) are checked and a summary line says which were missed;
the figures themselves are the output: nothing here is asserted in a test.
"""

import gzip
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sscp_bench")
PORT = int(os.environ.get("BENCH_PORT", "8600"))
DURATION = os.environ.get("BENCH_SECONDS", "8")
WORKERS = os.environ.get("BENCH_WORKERS", "4")
SMALL = int(os.environ.get("BENCH_SMALL", "100"))
LARGE = int(os.environ.get("BENCH_LARGE", "5000"))
HOST = "127.0.0.1"

ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "DJANGO_SETTINGS_MODULE": "site_core.settings.production",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_ROOT": str(ROOT / "staticfiles"),
    "MEDIA_ROOT": str(ROOT / "media-bench"),
    "SERVE_MEDIA_IMAGES": "1",
}


def say(message):
    print(message, flush=True)


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=ENV, check=True)


def fresh_database():
    name = DB_URL.rsplit("/", 1)[1]
    base = DB_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", base, "-qc", sql], check=True, stdout=subprocess.DEVNULL)


def setup_django():
    os.environ.update(ENV)
    import django

    django.setup()


def count_queries(urls):
    """SQL queries and HTML size for each URL, rendered in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    figures = {}
    for name, url in urls.items():
        client.get(url)  # warm per-process caches (site root paths, settings)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        figures[name] = {
            "status": response.status_code,
            "queries": len(queries),
            "html": len(response.content),
            "html_gz": len(gzip.compress(response.content)),
        }
    return figures


def start_gunicorn(extra_env=None):
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "site_core.wsgi:application",
            "--bind",
            f"{HOST}:{PORT}",
            "--workers",
            WORKERS,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**ENV, **(extra_env or {})},
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/robots.txt", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def wrk(url, connections):
    out = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{DURATION}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "benchmarks" / "wrk_report.lua"),
            f"http://{HOST}:{PORT}{url}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"BENCH (.*)", out)
    values = dict(pair.split("=") for pair in match.group(1).split())
    values = {key: int(value) for key, value in values.items()}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    values["errors"] += int(non_2xx.group(1)) if non_2xx else 0
    values["rps"] = values["requests"] / (values["duration_us"] / 1e6)
    return values


def static_twin(size):
    """A static file of about the pages' size, served by the same gunicorn."""
    target = ROOT / "staticfiles" / "bench-twin.html"
    target.write_text("<!doctype html>" + "x" * max(size - 15, 0))
    return "/static/bench-twin.html"


def load(urls, label, extra_env=None):
    say(f"\n== Load: {label} ({WORKERS} gunicorn workers, {DURATION}s per run) ==")
    process = start_gunicorn(extra_env)
    try:
        results = {}
        for connections in (4, 32):
            for name, url in urls.items():
                results[(name, connections)] = wrk(url, connections)
        return results
    finally:
        stop(process)


def print_table(query_small, query_large, load_results, static_name):
    say("\nSQL queries per page (small -> large content):")
    say(f"  {'page':<28}{'small':>7}{'large':>7}{'HTML KB':>9}{'gz KB':>7}")
    for name in query_large:
        small = query_small.get(name, {}).get("queries", "-")
        large = query_large[name]
        say(
            f"  {name:<28}{small!s:>7}{large['queries']:>7}"
            f"{large['html'] / 1024:>9.1f}{large['html_gz'] / 1024:>7.1f}"
        )
    for label, results in load_results.items():
        say(f"\n{label}:")
        say(
            f"  {'page':<28}{'conns':>6}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'errors':>7}"
            f"{'x static':>9}"
        )
        for (name, connections), figures in results.items():
            twin = results.get((static_name, connections))
            ratio = figures["rps"] / twin["rps"] if twin else 0
            say(
                f"  {name:<28}{connections:>6}{figures['rps']:>9.0f}"
                f"{figures['p50_us'] / 1000:>8.1f}{figures['p95_us'] / 1000:>8.1f}"
                f"{figures['errors']:>7}{ratio:>9.2f}"
            )


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make bench` installs it (apt-get install wrk).")
    from benchmarks import generate

    say(f"Database: {DB_URL}")
    fresh_database()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    manage("load_demo_data")
    setup_django()
    generate.grow(publications=SMALL, people=SMALL, memberships=SMALL, meetings=SMALL // 10)
    urls = generate.benchmark_urls()
    query_small = count_queries(urls)
    generate.grow(publications=LARGE, people=1000, memberships=3000, meetings=500)
    query_large = count_queries(urls)
    html_size = sorted(f["html"] for f in query_large.values())[len(query_large) // 2]
    urls["static file (same size)"] = static_twin(html_size)
    load_results = {"uncached": load(urls, "uncached")}
    cache_env = generate.cache_env()
    if cache_env is not None:
        load_results["cached"] = load(urls, "page cache on", cache_env)
    print_table(query_small, query_large, load_results, "static file (same size)")


if __name__ == "__main__":
    main()

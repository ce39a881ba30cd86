"""`make bench`: build a large site on PostgreSQL, serve it as production does,
and print throughput, latency, SQL queries and page weight for each page.

Steps (each prints what it is doing):
1. a fresh PostgreSQL database (BENCH_DATABASE_URL, default sscp_bench);
2. migrate and the demo content (under the dev settings, which install the
   demo app), then generated content up to the small size
   (100 publications): SQL queries per page are counted there;
3. generated content up to the large size (5,000 publications, 1,000 people,
   3,000 memberships, 500 meetings): CPU per request is measured in-process in
   a process of its own (benchmarks/cpu.py), and queries are counted again;
4. gunicorn with the production settings on 127.0.0.1, driven by wrk from a
   second process with 4 and with 32 concurrent connections, uncached and,
   when benchmarks can turn it on, with the page cache.

`--cpu-only` stops after the CPU figures of step 3 (no gunicorn, no wrk).

The targets (README) are checked and a summary line says which were missed;
the figures themselves are the output: nothing here is asserted in a test.
"""

import contextlib
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
# The target: a cached page serves at least this share of a static
# file's throughput (the same size, the same gunicorn) at 32 clients.
CACHED_SHARE_OF_STATIC = 0.7

ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_ROOT": str(ROOT / "staticfiles"),
    "MEDIA_ROOT": str(ROOT / "media-bench"),
    "SERVE_MEDIA_IMAGES": "1",
    # The page cache off unless a run turns it on (generate.cache_env()).
    # Redis as in production: the generation and the small per-request
    # caches (site_core/caching/) live there in both runs.
    "PAGE_CACHE_SECONDS": "0",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
}


def say(message):
    print(message, flush=True)


def manage(*args, settings=None):
    env = {**ENV, "DJANGO_SETTINGS_MODULE": settings} if settings else ENV
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def build_demo():
    """Migrate and load the demo content. The demo app is installed by the
    development settings only, so these two run under them, on the same
    database; everything else runs under the production settings."""
    manage("migrate", "--noinput", "-v0", settings="config.settings.dev")
    manage("load_demo_data", settings="config.settings.dev")


def fresh_database():
    name = DB_URL.rsplit("/", 1)[1]
    base = DB_URL.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", base, "-qc", sql], check=True, stdout=subprocess.DEVNULL)


def cpu_in_subprocess():
    """Run benchmarks/cpu.py in a fresh process under ENV; return what it printed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "cpu.py")],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return result.stdout.rstrip()


def setup_django():
    os.environ.update(ENV)
    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()  # the benchmark's own Redis database: nothing from a last run
    redis_memory_policy()


def redis_memory_policy():
    """Run on the Redis production needs (README, Failure modes): a memory limit,
    and the least recently used key evicted when it is reached, whatever its
    expiry, so a full cache drops old pages instead of refusing writes.
    BENCH_REDIS_MAXMEMORY (default 256mb) is set only on a Redis with no limit."""
    from django_redis import get_redis_connection

    redis = get_redis_connection("default")
    if int(redis.config_get("maxmemory")["maxmemory"]) == 0:
        redis.config_set("maxmemory", os.environ.get("BENCH_REDIS_MAXMEMORY", "256mb"))
    redis.config_set("maxmemory-policy", "allkeys-lru")
    found = redis.config_get("maxmemory*")
    say(f"Redis: maxmemory {found['maxmemory']} bytes, policy {found['maxmemory-policy']}")


ASSET = re.compile(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"|<script[^>]+src="([^"]+)"', re.I)


def _body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def page_weight(client, html):
    """HTML plus the CSS and JavaScript it loads, each gzip-compressed (images left out)."""
    total = len(gzip.compress(html))
    for match in ASSET.finditer(html.decode("utf-8", "replace")):
        url = match.group(1) or match.group(2)
        if url.startswith(("http://", "https://", "//")) and f"//{HOST}" not in url:
            continue
        url = re.sub(r"^https?://[^/]+", "", url)
        total += len(gzip.compress(_body(client.get(url))))
    return total


def analyze():
    """Refresh PostgreSQL's statistics after a bulk load.

    Autovacuum does this on its own a minute or so after a large change; until
    it has, the planner believes the tables are as small as they were and picks
    plans that scan every publication. The benchmark measures a settled site.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def count_queries(urls):
    """SQL queries and page weight for each URL, rendered in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST)
    figures = {}
    for name, url in urls.items():
        client.get(url)  # warm per-process caches (site root paths, settings)
        connection.queries_log.clear()  # a full log (9,000) would shift the capture
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        content = _body(response)
        # Read now: the next request resets the connection's query log.
        sql = [q["sql"] for q in queries.captured_queries]
        figures[name] = {
            "status": response.status_code,
            "queries": len(queries),
            "html": len(content),
            "html_gz": len(gzip.compress(content)),
            "weight_gz": page_weight(client, content),
            "sql": sql,
        }
    return figures


def start_gunicorn(extra_env=None, port=PORT, workers=WORKERS):
    """gunicorn with the production settings on 127.0.0.1:``port``, once it answers."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            workers,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**ENV, **(extra_env or {})},
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/robots.txt", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn on port {port} did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def drain(port=None, quiet_seconds=1.0, limit=60):
    """Wait until the server answers promptly again.

    A run that ends with requests still queued (wrk gives up after 5 s, sync
    workers do not) would otherwise eat into the next run's time.
    """
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://{HOST}:{port or PORT}/robots.txt", timeout=10)
        if time.monotonic() - started < quiet_seconds:
            return
        time.sleep(0.5)


def wrk(url, connections, port=None):
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
            f"http://{HOST}:{port or PORT}{url}",
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


def static_twin(size, name="bench-twin.html"):
    """A static file of about the given size, served by the same gunicorn."""
    target = ROOT / "staticfiles" / name
    target.write_text("<!doctype html>" + "x" * max(size - 15, 0))
    return f"/static/{name}"


def load(urls, label, extra_env=None, cold=None):
    say(f"\n== Load: {label} ({WORKERS} gunicorn workers, {DURATION}s per run) ==")
    process = start_gunicorn(extra_env)
    try:
        if cold is not None:
            cold.update(first_after_a_change(urls))
        warm_up(urls)
        results = {}
        for connections in (4, 32):
            for name, url in urls.items():
                drain()
                results[(name, connections)] = wrk(url, connections)
        return results
    finally:
        stop(process)


def fetch(url):
    with urllib.request.urlopen(f"http://{HOST}:{PORT}{url}", timeout=30) as response:
        return response.read()


def warm_up(urls, rounds=3):
    """A few requests for every URL first, so that no page's row pays for
    workers importing code and filling their caches."""
    for _ in range(rounds * int(WORKERS)):
        for url in urls.values():
            fetch(url)


COLD_TRIES = 5


def first_after_a_change(urls):
    """Milliseconds for one request right after a content change (median of 5).

    The change empties every cache at once (site_core.caching.purge.purge_all, as a
    publish does), so this is a page built from nothing: no cached settings,
    menus, routes or listing filters either.
    """
    # Imported here: Django is set up only once the script has chosen its settings.
    from site_core.caching.purge import purge_all

    timings = {}
    for name, url in urls.items():
        if name in TWINS:
            continue
        samples = []
        for _ in range(COLD_TRIES):
            purge_all()
            started = time.perf_counter()
            fetch(url)
            samples.append((time.perf_counter() - started) * 1000)
        timings[name] = sorted(samples)[COLD_TRIES // 2]
    return timings


STATIC = "static file (same size)"
# The open data export is a megabyte, not a page: it is compared with a static
# file of its own size, and the cached-throughput target (for pages) is not
# applied to it, as benchmarks/cpu.py leaves it out of the CPU targets.
STATIC_EXPORT = "static file (JSON size)"
EXPORTS = {"popolo json"}
TWINS = {STATIC, STATIC_EXPORT}


def twin_of(name):
    return STATIC_EXPORT if name in EXPORTS else STATIC


PAGE_KB_LIMIT = 100
QUERY_LIMIT = 20


def print_tables(query_small, query_large, load_results, cold):
    say(f"\nSQL queries and page weight ({SMALL} -> {LARGE} publications):")
    say(
        f"  {'page':<24}{'status':>7}{'q@' + str(SMALL):>8}{'q@' + str(LARGE):>8}"
        f"{'HTML KB':>9}{'HTML gz':>9}{'+CSS/JS gz':>11}"
    )
    for name, large in query_large.items():
        small = query_small.get(name, {}).get("queries", "-")
        say(
            f"  {name:<24}{large['status']:>7}{small!s:>8}{large['queries']:>8}"
            f"{large['html'] / 1024:>9.1f}{large['html_gz'] / 1024:>9.1f}"
            f"{large['weight_gz'] / 1024:>11.1f}"
        )
    if cold:
        say("\nOne request right after a content change (every cache empty), median of 5:")
        for name, ms in cold.items():
            say(f"  {name:<24}{ms:>8.1f} ms")
    for label, results in load_results.items():
        title = {"uncached": "page cache off", "cached": "page cache on"}.get(label, label)
        say(f"\n{title} ({WORKERS} gunicorn workers, wrk {DURATION}s per row):")
        say(
            f"  {'page':<24}{'conns':>6}{'req/s':>9}{'p50 ms':>8}{'p95 ms':>8}{'errors':>7}"
            f"{'x static':>9}"
        )
        for (name, connections), figures in results.items():
            twin = results.get((twin_of(name), connections))
            ratio = figures["rps"] / twin["rps"] if twin and twin["rps"] else 0
            say(
                f"  {name:<24}{connections:>6}{figures['rps']:>9.0f}"
                f"{figures['p50_us'] / 1000:>8.1f}{figures['p95_us'] / 1000:>8.1f}"
                f"{figures['errors']:>7}{ratio:>9.2f}"
            )


def check_targets(query_small, query_large, load_results):
    """The issue's targets, one line each: met or missed, and by what."""
    missed = []
    for name, large in query_large.items():
        small = query_small.get(name, {}).get("queries")
        if large["status"] != 200:
            missed.append(f"{name}: answered {large['status']}")
        if large["queries"] > QUERY_LIMIT:
            missed.append(f"{name}: {large['queries']} queries (limit {QUERY_LIMIT})")
        if small is not None and large["queries"] > small:
            missed.append(f"{name}: queries grow with content ({small} -> {large['queries']})")
        if name != "popolo json" and large["weight_gz"] > PAGE_KB_LIMIT * 1024:
            missed.append(f"{name}: {large['weight_gz'] / 1024:.0f} KB compressed")
    uncached = load_results.get("uncached", {})
    for (name, connections), f in uncached.items():
        if name in TWINS:
            continue
        if connections == 4 and (f["p50_us"] > 30_000 or f["p95_us"] > 100_000):
            missed.append(
                f"{name}: uncached at 4 clients p50 {f['p50_us'] / 1000:.0f} ms / "
                f"p95 {f['p95_us'] / 1000:.0f} ms (targets 30 / 100)"
            )
    for label, results in load_results.items():
        for (name, connections), f in results.items():
            if f["errors"]:
                missed.append(f"{name}: {f['errors']} errors at {connections} clients ({label})")
    cached = load_results.get("cached", {})
    for (name, connections), f in cached.items():
        twin = cached.get((twin_of(name), 32))
        # The target is the issue's, for pages: the export is printed beside
        # them (its own static twin, "x static"), not judged.
        if (
            connections == 32
            and name not in TWINS
            and name not in EXPORTS
            and twin
            and f["rps"] < twin["rps"] * CACHED_SHARE_OF_STATIC
        ):
            missed.append(
                f"{name}: cached at 32 clients {f['rps']:.0f} req/s, "
                f"{f['rps'] / twin['rps']:.2f} of the static file's {twin['rps']:.0f} "
                f"(target {CACHED_SHARE_OF_STATIC})"
            )
    say("\nTargets:")
    if missed:
        for line in missed:
            say(f"  MISSED {line}")
    else:
        say("  all met")
    return missed


def write_queries(figures, path):
    """Every SQL statement of every page, for finding N+1 queries by eye."""
    with open(path, "w") as out:
        for name, f in figures.items():
            out.write(f"=== {name}: {f['queries']} queries\n")
            for sql in f["sql"]:
                out.write(f"  {sql}\n")


def main():
    # --cpu-only: the same database, grown to the large size, then only the
    # in-process CPU figures (benchmarks/cpu.py): no wrk, no gunicorn.
    cpu_only = "--cpu-only" in sys.argv[1:]
    if not cpu_only and not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: `make bench` installs it (apt-get install wrk).")
    say(f"Database: {DB_URL}")
    if os.environ.get("BENCH_REUSE_DB") != "1":
        fresh_database()
        build_demo()
    manage("collectstatic", "--noinput", "-v0")
    setup_django()
    # Imported here: Django is set up only once the script has chosen its settings.
    from benchmarks import generate

    say(f"Growing to {SMALL} publications (queries are counted here first)")
    # Enough meetings that every body, the benchmarked one too, has a public one.
    generate.grow(publications=SMALL, people=SMALL, memberships=SMALL, meetings=64)
    analyze()
    urls = generate.benchmark_urls()
    query_small = {} if cpu_only else count_queries(urls)
    say(f"Growing to {LARGE} publications, 1,000 people, 3,000 memberships, 500 meetings")
    generate.grow(publications=LARGE, people=1000, memberships=3000, meetings=500)
    analyze()
    say("CPU per request, in-process (benchmarks/cpu.py, a separate process)")
    cpu_report = cpu_in_subprocess()
    if cpu_only:
        say(cpu_report)
        return
    query_large = count_queries(urls)
    write_queries(query_large, ROOT / "benchmarks" / "last-queries.txt")
    html_sizes = sorted(f["html"] for name, f in query_large.items() if name != "popolo json")
    urls[STATIC] = static_twin(html_sizes[len(html_sizes) // 2])
    export_sizes = [f["html"] for name, f in query_large.items() if name in EXPORTS]
    if export_sizes:
        urls[STATIC_EXPORT] = static_twin(max(export_sizes), "bench-twin-export.json")
    load_results = {}
    cold = {}
    if os.environ.get("BENCH_LOAD", "1") == "1":
        load_results["uncached"] = load(urls, "page cache off", cold=cold)
        cache_env = generate.cache_env()
        if cache_env is not None:
            load_results["cached"] = load(urls, "page cache on", cache_env)
    print_tables(query_small, query_large, load_results, cold)
    say(cpu_report)
    check_targets(query_small, query_large, load_results)
    say(
        "\nReproduce: make bench  (BENCH_SMALL, BENCH_LARGE, BENCH_SECONDS, BENCH_WORKERS, "
        "BENCH_DATABASE_URL to change it)"
    )


if __name__ == "__main__":
    main()

"""CPU per request, measured in-process: `make bench-cpu`, and a step of `make bench`.

Each request goes through Django's real WSGIHandler (the full production
middleware stack) with a WSGI environ built here, and is timed with
``time.process_time()`` around the handler call, reading the body and
closing the response: this process's CPU only, so PostgreSQL's and Redis's
own work is left out (their round trips' waiting too), and so is queueing
behind other clients. It runs under the production settings with the page
cache off, on PostgreSQL and Redis, against the benchmark database
(`make bench` builds it; this file alone reuses whatever is there).

For each page: the median of BENCH_CPU_SAMPLES (default 50) warm requests;
the median of as many requests each made right after a change, untimed, of
each kind (site_core/caching/generation.py): another page published on the
benchmarked site (its partnership's generation: its pages, fragments, menus
and routes are rebuilt, other pages' own content is kept), the measured page
itself published (its own content too: the worst a publish does to it, cold),
a page published in another partnership (nothing of this site is), and a
setting or menu record saved (the generation for everything: every
remembered value is rebuilt); for a publish here and a
setting, both "cold" (the first request, before the task worker has warmed
the pages read lately) and "warm" (after it has: site_core/caching/warming.py);
how long that warming takes the worker; SQL queries of one warm
request and of one after each kind of change (counted in requests of their
own, never timed); the load average when the table was printed;
and the ratio to a bare view through the same middleware stack
(benchmarks/urls.py mounts it; production's URLs are unchanged). That bare
view is also the floor timed around each page (its "floor" column), and the
CPU targets are judged both as measured and at the speed they were set at
(REFERENCE_FLOOR_MS below).

    python benchmarks/cpu.py            # the table
    python benchmarks/cpu.py --profile  # and cProfile of the slowest page
    BENCH_CPU_PAGES="plan,search" python benchmarks/cpu.py   # only pages whose
                                        # names contain one of these words
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import ENV  # noqa: E402

SAMPLES = max(int(os.environ.get("BENCH_CPU_SAMPLES", "50")), 1)
WARM_UP = 5
HOST = "127.0.0.1"
BARE = "bare view (floor)"
BARE_URL = "/_bench/bare/"
PLAN = "plan (68 indicators)"
# The targets: median CPU in ms and SQL queries, warm and after a publish.
CPU_TARGET_MS = {PLAN: 10}
CPU_DEFAULT_MS = 6
CPU_PUBLISH_MS = 20
QUERY_TARGET = {PLAN: 12}
QUERY_DEFAULT = 10
QUERY_PUBLISH = 20
# The floor (the bare view, warm) on the machine the targets were set on. A
# shared machine's speed moves between runs, and time.process_time() counts a
# slower core as more CPU, so the floor is timed again around each column of
# each page's samples (floor_burst) and the targets are also judged scaled by
# that page's floor over this reference. Both verdicts are printed.
REFERENCE_FLOOR_MS = 0.48
FLOOR_WARM_UP = 3
FLOOR_BURST = 10
# Pages the issue names; the megabyte open data export is not one of them.
SKIP = {"popolo json"}
# Changes that are not publishes (the targets are for "right after a publish").
NOT_A_PUBLISH = "setting"
# The kind of change that is a publish of the measured page itself.
THIS_PAGE = "this page published"
# Only the pages whose names contain one of these words (comma-separated), for
# quick comparisons while working on one page; the bare view is always kept.
ONLY = [word.strip() for word in os.environ.get("BENCH_CPU_PAGES", "").split(",") if word.strip()]


def environ(url):
    """A WSGI environ for an anonymous GET, as gunicorn would build it."""
    path, _, query = url.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": HOST,
        "HTTP_HOST": HOST,
        "HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8",
        "HTTP_USER_AGENT": "bench-cpu",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(handler, env):
    """One request through the handler, body read and response closed; the status."""
    statuses = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    response = handler(env, start_response)
    try:
        for _chunk in response:
            pass
    finally:
        close = getattr(response, "close", None)
        if close is not None:
            close()  # sends request_finished, as a WSGI server does
    return int(statuses[0].split()[0])


def cpu_ms(handler, url, before=None):
    """CPU milliseconds of one request; ``before`` runs first, untimed."""
    if before is not None:
        before()
    env = environ(url)
    started = time.process_time()
    status = call(handler, env)
    return status, (time.process_time() - started) * 1000


def queries(handler, url, before=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if before is not None:
        before()
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as captured:
        call(handler, environ(url))
    return len(captured)


def publishes():
    """What happens to the cache when something is published (untimed), by kind:
    a page published on the benchmarked site (its partnership's generation),
    before and after the worker has warmed the pages read lately
    (site_core/caching/warming.py); in another partnership (that one's); and
    a change every site shows (a setting or menu record, a page moved: the
    generation for everything), before and after warming.

    Warming runs here, in this process, as the worker would; then this
    process forgets what it kept in memory, so the timed request reads what
    the warmer kept from Redis, as a web process other than the worker does.
    """
    from wagtail.models import Site

    # Imported here: Django is set up only once the script has chosen its settings.
    from site_core.caching import generation, memo, warming

    here = Site.objects.get(hostname=HOST).pk
    elsewhere = Site.objects.exclude(pk=here).values_list("pk", flat=True).first()

    def warmed(change, sites):
        def run():
            change()
            for site in sites:
                warming.warm_site(site)
            memo.forget_local()

        return run

    everywhere = list(Site.objects.values_list("pk", flat=True))
    kinds = {
        "publish here, cold": lambda: generation.bump_site(here),
        "publish here, warm": warmed(lambda: generation.bump_site(here), [here]),
        "published elsewhere": lambda: generation.bump_site(elsewhere),
        "setting, cold": generation.bump,
        "setting, warm": warmed(generation.bump, everywhere),
    }
    if elsewhere is None:
        del kinds["published elsewhere"]
    return kinds


def page_of(url):
    """The id of the page that serves ``url`` on the benchmarked site: the
    deepest whose address the path starts with (a routable page's own routes
    are under it)."""
    from wagtail.models import Page, Site

    root = Site.objects.get(hostname=HOST).root_page.url_path
    parts = [part for part in url.partition("?")[0].split("/") if part]
    paths = [root + "".join(f"{part}/" for part in parts[:n]) for n in range(len(parts) + 1)]
    deepest = Page.objects.filter(url_path__in=paths).order_by("-depth")
    return deepest.values_list("pk", flat=True)[0]


def this_page_published(url):
    """The change of a publish of the page ``url`` shows itself: its site's
    generation and its own content's (site_core.caching.purge.purge_page)."""
    from wagtail.models import Site

    # Imported here: Django is set up only once the script has chosen its settings.
    from site_core.caching import generation

    here = Site.objects.get(hostname=HOST).pk
    page = page_of(url)

    def run():
        generation.bump_site(here)
        generation.bump_pages([page])

    return run


def warming_time(handler, urls):
    """CPU seconds the worker spends warming the benchmarked site after a publish,
    and how many pages it rendered (what this process read, as readers would)."""
    from wagtail.models import Site

    # Imported here: Django is set up only once the script has chosen its settings.
    from site_core.caching import generation, warming

    here = Site.objects.get(hostname=HOST).pk
    for url in urls.values():
        call(handler, environ(url))  # noted as a reader's read
    generation.bump_site(here)
    started = time.process_time()
    pages = warming.warm_site(here)
    return pages, time.process_time() - started


def floor_burst(handler, floor):
    """The floor's requests in a row, as the reference was measured: the first
    few after a page cost up to twice the rest (the page's garbage, the
    processor's caches), so they are left untimed."""
    for _ in range(FLOOR_WARM_UP):
        call(handler, environ(BARE_URL))
    floor.extend(cpu_ms(handler, BARE_URL)[1] for _ in range(FLOOR_BURST))


def measure(handler, urls):
    figures = {}
    for name, url in urls.items():
        kinds = publishes()
        # After "publish here" (another page of the site), before the others.
        kinds = {
            **dict(list(kinds.items())[:1]),
            THIS_PAGE: this_page_published(url),
            **dict(list(kinds.items())[1:]),
        }
        for _ in range(WARM_UP):  # imports, per-process caches, remembered values
            call(handler, environ(url))
        # The machine's speed while this page is measured: the floor before
        # each column of samples and after the last.
        floor = []
        floor_burst(handler, floor)
        warm = [cpu_ms(handler, url) for _ in range(SAMPLES)]
        after = {}
        for kind, before in kinds.items():
            floor_burst(handler, floor)
            after[kind] = [cpu_ms(handler, url, before=before) for _ in range(SAMPLES)]
        floor_burst(handler, floor)
        call(handler, environ(url))  # warm again before counting
        statuses = {status for status, _ in warm} | {
            status for samples in after.values() for status, _ in samples
        }
        figures[name] = {
            "status": sorted(statuses),
            "warm": statistics.median(ms for _, ms in warm),
            # The warm floor while this page was measured (the machine's speed then).
            "floor": statistics.median(floor),
            "queries": queries(handler, url),
            "after": {
                kind: (
                    statistics.median(ms for _, ms in samples),
                    queries(handler, url, before=kinds[kind]),
                )
                for kind, samples in after.items()
            },
        }
    return figures


def report(figures):
    from django.conf import settings
    from django.db import connection

    # Imported here: Django is set up only once the script has chosen its settings.
    from publications.models import PublicationPage

    bare = figures[BARE]
    publications = PublicationPage.objects.live().count()
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    kinds = list(bare["after"])
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        f"CPU per request, in-process: median of {SAMPLES}, ms of time.process_time() "
        f"around WSGIHandler ({os.environ['DJANGO_SETTINGS_MODULE']}, page cache "
        f"{'off' if settings.PAGE_CACHE_SECONDS == 0 else 'ON'}, {connection.vendor}, "
        f"{cache}, {publications} live publications; load average {load})",
        f"  targets: warm <= {CPU_DEFAULT_MS} ms (plan {CPU_TARGET_MS[PLAN]}) and <= "
        f"{QUERY_DEFAULT} queries (plan {QUERY_TARGET[PLAN]}); right after a publish "
        f"<= {CPU_PUBLISH_MS} ms and <= {QUERY_PUBLISH} queries",
        f"  {'':<24}{'':>7}{'':>7}{'------ warm ------':>22}"
        + "".join(f"   {'- ' + kind + ' -':>19}" for kind in kinds),
        f"  {'page':<24}{'status':>7}{'floor':>7}{'CPU ms':>8}{'x bare':>7}{'SQL':>5}"
        + "".join(f"   {'CPU ms':>8}{'x bare':>7}{'SQL':>4}" for _ in kinds),
    ]
    missed = []  # statuses and queries: the machine's speed does not move them
    over = []  # CPU over its target as measured
    over_scaled = []  # CPU over its target at the reference machine's speed
    for name, f in figures.items():
        page = name != BARE
        cpu_target = CPU_TARGET_MS.get(name, CPU_DEFAULT_MS)
        query_target = QUERY_TARGET.get(name, QUERY_DEFAULT)
        status = "/".join(str(s) for s in f["status"])
        speed = f["floor"] / REFERENCE_FLOOR_MS
        line = (
            f"  {name:<24}{status:>7}{f['floor']:>7.2f}{f['warm']:>8.2f}"
            f"{f['warm'] / bare['warm']:>7.1f}{f['queries']:>5}"
        )
        for kind in kinds:
            ms, count = f["after"][kind]
            line += f"   {ms:>8.2f}{ms / bare['after'][kind][0]:>7.1f}{count:>4}"
        lines.append(line)
        if f["status"] != [200]:
            missed.append(f"{name}: answered {status}")
        if not page:
            continue
        cpu = [("warm", f["warm"], cpu_target)] + [
            (kind, f["after"][kind][0], CPU_PUBLISH_MS)
            for kind in kinds
            if not kind.startswith(NOT_A_PUBLISH)
        ]
        for kind, ms, target in cpu:
            if ms > target:
                over.append(f"{name}: {ms:.1f} ms CPU {kind} (target {target})")
            if ms / speed > target:
                over_scaled.append(
                    f"{name}: {ms / speed:.1f} ms CPU {kind} at the reference speed "
                    f"({ms:.1f} ms measured, floor {f['floor']:.2f} ms; target {target})"
                )
        if f["queries"] > query_target:
            missed.append(f"{name}: {f['queries']} queries warm (target {query_target})")
        for kind in kinds:
            if kind.startswith(NOT_A_PUBLISH):
                continue
            count = f["after"][kind][1]
            if count > QUERY_PUBLISH:
                missed.append(f"{name}: {count} queries {kind} (target {QUERY_PUBLISH})")
    lines.append(
        "  cold: the first request after a change, before the worker has warmed the "
        "pages read lately; warm: after it has (site_core/caching/warming.py)"
    )
    lines.append(
        f"  {NOT_A_PUBLISH}: a change every site shows (a setting, a menu, a restriction, a "
        "page moved or deleted) renews everything; shown, but not a publish, so the "
        "publish targets are not applied to it"
    )
    lines.append(
        f"  floor: the bare view, warm, {FLOOR_BURST} requests in a row before each column "
        "of the page's samples and after the last (median): the machine's speed while "
        "the page was measured"
    )
    floors = [f["floor"] for name, f in figures.items() if name != BARE] or [bare["floor"]]
    lines.append(
        f"CPU targets at the speed they were set at (each page's CPU divided by its floor "
        f"over {REFERENCE_FLOOR_MS} ms, the reference floor), queries and statuses:"
    )
    lines.extend(f"  MISSED {line}" for line in missed + over_scaled)
    if not missed + over_scaled:
        lines.append("  all met")
    lines.append(
        f"CPU targets as measured, unscaled (floors {min(floors):.2f} to {max(floors):.2f} ms, "
        f"{min(floors) / REFERENCE_FLOOR_MS:.1f} to {max(floors) / REFERENCE_FLOOR_MS:.1f} "
        "times the reference):"
    )
    lines.extend(f"  over {line}" for line in over)
    if not over:
        lines.append("  all met")
    return "\n".join(lines)


def own_code(filename):
    """The site's code: under the project, not a package, not the benchmark."""
    if filename.startswith(("~", "<")):  # built-ins
        return False
    path = os.path.abspath(filename)
    return (
        path.startswith(str(ROOT) + os.sep)
        and os.sep + ".venv" not in path
        and "site-packages" not in path
        and not path.startswith(str(ROOT / "benchmarks"))
    )


def profile(handler, name, url, requests=SAMPLES, top=25):
    """cProfile of ``requests`` warm requests to one page: the top functions by
    cumulative time, all code, then the site's own code only."""
    profiler = cProfile.Profile(time.process_time)  # CPU, as the figures: not waiting
    profiler.enable()
    for _ in range(requests):
        call(handler, environ(url))
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    out.write(f"\ncProfile: {name} ({url}), {requests} warm requests, by cumulative time\n")
    stats.print_stats(top)
    own = sorted(
        ((cum, calls, func) for func, (_, calls, _, cum, _) in stats.stats.items()),
        reverse=True,
    )
    out.write("The site's own code, by cumulative time:\n")
    shown = 0
    for cum, calls, (filename, line, function) in own:
        if not own_code(filename):
            continue
        relative = os.path.relpath(filename, ROOT)
        out.write(
            f"  {cum * 1000 / requests:>7.2f} ms/request {calls / requests:>6.1f} calls  "
            f"{relative}:{line}({function})\n"
        )
        shown += 1
        if shown == 15:
            break
    return out.getvalue().rstrip()


def main(argv):
    os.environ.update(ENV)
    import django
    from django.conf import settings

    # The site's URLs plus the bare view; set before anything resolves a URL.
    settings.ROOT_URLCONF = "benchmarks.urls"
    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    # Imported here: Django is set up only once the script has chosen its settings.
    from benchmarks import generate

    urls = {
        name: url
        for name, url in generate.benchmark_urls().items()
        if name not in SKIP and (not ONLY or any(word in name for word in ONLY))
    }
    urls[BARE] = BARE_URL
    handler = WSGIHandler()
    figures = measure(handler, urls)
    print(report(figures), flush=True)
    pages, seconds = warming_time(handler, urls)
    print(
        f"Warming after a publish here: {pages} pages read lately rendered again in "
        f"{seconds:.2f} s of the worker's CPU (WARM_PAGES_AFTER_CHANGE="
        f"{settings.WARM_PAGES_AFTER_CHANGE}; a search is noted only while its results are kept)",
        flush=True,
    )
    chosen = [arg for arg in argv if arg.startswith("--profile")]
    if chosen:
        name = chosen[0].partition("=")[2] or max(
            (n for n in figures if n != BARE), key=lambda n: figures[n]["warm"]
        )
        print(profile(handler, name, urls[name]), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

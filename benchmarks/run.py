"""`make bench`: the site's figures on PostgreSQL and on SQLite, in one run,
written as one dated table to docs/performance.md.

For each database (a fresh one of the benchmark's own, never a shared
service's settings: PostgreSQL database BENCH_PG_NAME, a temporary SQLite
file, Redis database BENCH_REDIS_URL under the key prefix "sscp-bench"):

1. the demo content, grown with generated content (benchmarks/generate.py);
2. CPU per page with every cache empty (benchmarks/cpu.py), and the same for
   Wagtail's bakerydemo from the checkout BAKERYDEMO_DIR, on the same Wagtail
   and Django (our venv's Python, its own production settings and database);
3. cached pages through the edge (deploy/varnish in front of gunicorn)
   against a static file of the same size through the same edge, with wrk
   at 32 clients;
4. the first reader after a real publish (benchmarks/publish.py).

BENCH_SAMPLES, BENCH_SECONDS, BENCH_PUBLICATIONS, BENCH_DATABASES
("postgresql,sqlite"), PROFILE=1 (cProfile of the two slowest page types).
"""

import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
PG_NAME = os.environ.get("BENCH_PG_NAME", "sscp_bench")
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
DB_URL = os.environ.get("BENCH_DATABASE_URL", f"{PG_SERVER}/{PG_NAME}")
PORT = int(os.environ.get("BENCH_PORT", "8600"))
EDGE_PORT = int(os.environ.get("BENCH_EDGE_PORT", str(PORT + 10)))
DURATION = os.environ.get("BENCH_SECONDS", "6")
WORKERS = os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 2))
PUBLICATIONS = int(os.environ.get("BENCH_PUBLICATIONS", "1000"))
BAKERYDEMO_DIR = os.environ.get("BAKERYDEMO_DIR", "").strip()
CONNECTIONS = 32
PERFORMANCE_MD = ROOT / "docs" / "performance.md"
TABLE_START, TABLE_END = "<!-- bench:start -->", "<!-- bench:end -->"
TARGET_CPU_RATIO = 0.5
TARGET_EDGE_RATIO = 0.9

# Page types of this site, on the default (Sunderland) demo site.
SITE_PAGES = {
    "home": "/",
    "publications index": "/publications/",
    "plan": "/publications/strategic-plan-2018-19/",
    "annual report": "/publications/annual-report-2022-23/",
    "governance index": "/governance/",
    "governance body": "/governance/bodies/sscp/",
    "standard page": "/about-us/",
    "search": "/search/?q=safeguarding+children",
}
# bakerydemo's page types: each model's first live page.
BAKERY_PAGES = {
    "home": "base.HomePage",
    "blog index": "blog.BlogIndexPage",
    "blog page": "blog.BlogPage",
    "breads index": "breads.BreadsIndexPage",
    "bread page": "breads.BreadPage",
    "locations index": "locations.LocationsIndexPage",
    "location page": "locations.LocationPage",
    "gallery": "base.GalleryPage",
    "search": "/search/?q=bread",
}
# Cached pages driven through the edge, against the static file.
EDGE_PAGES = ("home", "publications index", "plan")

ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_ROOT": str(ROOT / "staticfiles"),
    "MEDIA_ROOT": str(ROOT / "media-bench"),
    "SERVE_MEDIA_IMAGES": "1",
    "PAGE_CACHE_SECONDS": "300",
    "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
    "CACHE_KEY_PREFIX": "sscp-bench",
    "TRUSTED_PROXY_COUNT": "1",
}


def say(message=""):
    print(message, flush=True)


# --- the benchmark's own databases and processes ---------------------------------


def env_for(database_url):
    return {**ENV, "DATABASE_URL": database_url}


def manage(*args, settings=None, env=None):
    env = {**(env or ENV), **({"DJANGO_SETTINGS_MODULE": settings} if settings else {})}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def fresh_database(url=None):
    """An empty database of the benchmark's own: dropped and created again."""
    url = url or DB_URL
    if url.startswith("sqlite:"):
        Path(url.split("///", 1)[1]).unlink(missing_ok=True)
        return
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", server, "-qc", sql], check=True, stdout=subprocess.DEVNULL)


def build_demo(env=None):
    """Migrate and load the demo content; the demo app is installed by the
    development settings only, so these two run under them."""
    manage("migrate", "--noinput", "-v0", settings="config.settings.dev", env=env)
    manage("load_demo_data", settings="config.settings.dev", env=env)


def setup_django(env=None):
    """Django in this process, on the benchmark's database and cache prefix."""
    os.environ.update(env or ENV)
    import django

    django.setup()


def start_gunicorn(extra_env=None, port=PORT, workers=WORKERS, env=None):
    """gunicorn with the production settings on 127.0.0.1:``port``, once it answers."""
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application"]
    process = subprocess.Popen(
        [*command, "--bind", f"{HOST}:{port}", "--workers", workers, "--log-level", "warning"],
        cwd=ROOT,
        env={**(env or ENV), **(extra_env or {})},
        start_new_session=True,
    )
    wait_for(port, process, "gunicorn")
    return process


def wait_for(port, process, name, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{name} on port {port} stopped")
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{name} on port {port} did not start")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def start_varnish(workdir, backend_port=PORT, port=EDGE_PORT):
    """varnishd with deploy/varnish/default.vcl in front of the site, as `make edge` runs it."""
    vcl = Path(workdir) / "default.vcl"
    rendered = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "varnish" / "render.py")],
        env={**os.environ, "EDGE_BACKEND_HOST": HOST, "EDGE_BACKEND_PORT": str(backend_port)},
        capture_output=True,
        text=True,
        check=True,
    )
    vcl.write_text(rendered.stdout)
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    command = [varnishd, "-F", "-j", "none", "-n", str(Path(workdir) / "n"), "-f", str(vcl)]
    process = subprocess.Popen(
        [*command, "-a", f"{HOST}:{port}", "-s", "malloc,256m"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(port, process, "varnishd")
    return process


def wrk(url, connections, port=None, headers=()):
    """wrk against ``url``: requests/s, latency percentiles and errors."""
    extra = [arg for header in headers for arg in ("-H", header)]
    report = str(ROOT / "benchmarks" / "wrk_report.lua")
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{DURATION}s"]
    out = subprocess.run(
        [*command, "--timeout", "5s", *extra, "-s", report, f"http://{HOST}:{port or PORT}{url}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    values = dict(pair.split("=") for pair in re.search(r"BENCH (.*)", out).group(1).split())
    values = {key: int(value) for key, value in values.items()}
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    values["errors"] += int(non_2xx.group(1)) if non_2xx else 0
    values["rps"] = values["requests"] / (values["duration_us"] / 1e6)
    return values


def run_json(command, env, cwd=ROOT):
    """Run a benchmark step in a process of its own; the JSON it printed last."""
    out = subprocess.run(command, cwd=cwd, env=env, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- the steps ---------------------------------------------------------------------


def grow(env):
    """The demo grown with generated content, in a process of its own."""
    code = (
        "import os; from benchmarks.run import setup_django; setup_django(dict(os.environ)); "
        "from benchmarks import generate; "
        f"generate.grow(publications={PUBLICATIONS}, people={PUBLICATIONS // 5}, "
        f"memberships={PUBLICATIONS // 2}, meetings={max(64, PUBLICATIONS // 10)}); "
        "from django.db import connection; "
        "connection.vendor == 'postgresql' and connection.cursor().execute('ANALYZE'); "
        # Nothing kept from an earlier run, or the other database, under the prefix.
        "from benchmarks.cpu import empty_every_cache; empty_every_cache()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def site_cpu(env, *options):
    """benchmarks/cpu.py for this site's page types (it imports neither project:
    the site's code is found on PYTHONPATH)."""
    args = [*options, *(f"{name}={path}" for name, path in SITE_PAGES.items())]
    command = [sys.executable, "benchmarks/cpu.py", *args]
    env = {**env, "PYTHONPATH": str(ROOT)}
    if options:
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        return None
    return run_json(command, env)


def bakerydemo_env(database_url):
    paths = [BAKERYDEMO_DIR, os.environ.get("BAKERYDEMO_PYTHONPATH", "")]
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "REDIS", "DATABASE"))
    }
    return {
        **env,
        "PYTHONPATH": os.pathsep.join(path for path in paths if path),
        "DJANGO_SETTINGS_MODULE": "bakerydemo.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
        "DATABASE_URL": database_url,
    }


def bakerydemo_cpu(label, database_url, workdir):
    """bakerydemo's page types, in its own database, under its production settings.

    Its own commands fill that database (migrate, load_initial_data, collectstatic),
    as its README does; nothing of it is built or kept here.
    """
    if not database_url.startswith("sqlite:"):
        database_url = database_url.rsplit("/", 1)[0] + f"/{PG_NAME}_bakerydemo"
    else:
        database_url = f"sqlite:///{Path(workdir) / 'bakerydemo.sqlite3'}"
    fresh_database(database_url)
    env = bakerydemo_env(database_url)
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_initial_data"],
        ["collectstatic", "--noinput", "-v0"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BAKERYDEMO_DIR,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    args = [f"{name}={target}" for name, target in BAKERY_PAGES.items()]
    say(f"  bakerydemo ({label}): CPU per page")
    cpu = str(ROOT / "benchmarks" / "cpu.py")
    return run_json([sys.executable, cpu, *args], env, BAKERYDEMO_DIR)


def fetch(url, host, port=EDGE_PORT):
    request = urllib.request.Request(
        f"http://{HOST}:{port}{url}", headers={"Host": host, "Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - http, ours
        return response.headers.get("X-Cache"), response.read()


def edge_throughput(env, workdir):
    """Cached pages through the edge against a static file of the same size on the wire."""
    gunicorn = start_gunicorn(env=env)
    varnish = start_varnish(workdir)
    try:
        sizes, states = {}, {}
        for name in EDGE_PAGES:
            fetch(SITE_PAGES[name], HOST)
            sizes[name] = len(fetch(SITE_PAGES[name], HOST)[1])
        # The static file, as big as the middle page; the site finds static
        # files when it starts, so it starts again (the edge keeps the pages).
        size = sorted(sizes.values())[len(sizes) // 2]
        twin = Path(env["STATIC_ROOT"]) / "bench-twin.html"
        twin.write_bytes(os.urandom(size // 2 + 1).hex().encode()[:size])
        stop(gunicorn)
        gunicorn = start_gunicorn(env=env)
        static = "/static/bench-twin.html"
        fetch(static, HOST)
        for name, url in {"static file": static, **{n: SITE_PAGES[n] for n in EDGE_PAGES}}.items():
            states[name] = fetch(url, HOST)[0]
        headers = ("Accept-Encoding: gzip", f"Host: {HOST}")
        figures = {"static file": wrk(static, CONNECTIONS, EDGE_PORT, headers)}
        for name in EDGE_PAGES:
            figures[name] = wrk(SITE_PAGES[name], CONNECTIONS, EDGE_PORT, headers)
        return {"figures": figures, "states": states, "bytes": size}
    finally:
        stop(varnish)
        stop(gunicorn)


def publish_firsts(env):
    return run_json(
        [sys.executable, "benchmarks/publish.py"],
        {**env, "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend"},
    )


def profile_slowest(env, cpu, count=2):
    env = {**env, "BENCH_PROFILE_CODE": r"/(site_core|publications|governance|templatetags)/"}
    for name in sorted(cpu, key=lambda name: cpu[name]["cpu_ms"], reverse=True)[:count]:
        site_cpu(env, "--profile", name)


# --- the report ----------------------------------------------------------------------


def geometric_mean(values):
    values = list(values)
    return math.exp(sum(math.log(v) for v in values) / len(values))


def machine():
    model = "unknown processor"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), {platform.system()}; load average {load}"


def versions():
    code = "import django, wagtail; print(django.get_version(), wagtail.__version__)"
    django_version, wagtail_version = subprocess.check_output(
        [sys.executable, "-c", code], text=True
    ).split()
    return f"Wagtail {wagtail_version}, Django {django_version}"


def report(results, started_machine):
    """The table as Markdown lines."""
    labels = list(results)
    lines = [
        f"Run on {date.today().isoformat()}: {started_machine}; {versions()}; "
        f"{PUBLICATIONS} generated publications.",
        "",
        "**CPU per page, every cache empty** (ms, median of "
        f"{os.environ.get('BENCH_SAMPLES', '15')}; SQL queries)",
        "",
        "| page | " + " | ".join(labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for name in SITE_PAGES:
        cells = []
        for label in labels:
            f = results[label]["cpu"][name]
            status = "" if f["status"] == [200] else f" (HTTP {f['status']})"
            cells.append(f"{f['cpu_ms']:.1f} ms, {f['queries']} q{status}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append(
        "| **geometric mean** | "
        + " | ".join(f"**{results[label]['cpu_mean']:.1f} ms**" for label in labels)
        + " |"
    )
    if all(results[label].get("bakery") for label in labels):
        for name in BAKERY_PAGES:
            cells = [
                f"{results[label]['bakery'][name]['cpu_ms']:.1f} ms, "
                f"{results[label]['bakery'][name]['queries']} q"
                for label in labels
            ]
            lines.append(f"| bakerydemo {name} | " + " | ".join(cells) + " |")
        lines.append(
            "| **bakerydemo geometric mean** | "
            + " | ".join(f"**{results[label]['bakery_mean']:.1f} ms**" for label in labels)
            + " |"
        )
        lines.append(
            f"| **ratio to bakerydemo** (target ≤ {TARGET_CPU_RATIO}) | "
            + " | ".join(f"**{results[label]['cpu_ratio']:.2f}**" for label in labels)
            + " |"
        )
    else:
        skipped = " | ".join("not run (BAKERYDEMO_DIR unset)" for _ in labels)
        lines.append(f"| bakerydemo | {skipped} |")
    lines += [
        "",
        f"**Through the edge at {CONNECTIONS} clients** (requests/s; every answer a cache hit)",
        "",
        "| URL | " + " | ".join(labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for name in ("static file", *EDGE_PAGES):
        cells = []
        for label in labels:
            edge = results[label]["edge"]
            f = edge["figures"][name]
            errors = f", {f['errors']} errors" if f["errors"] else ""
            cells.append(f"{f['rps']:.0f}/s ({edge['states'][name]}{errors})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines.append(
        f"| **pages ÷ static file** (target ≥ {TARGET_EDGE_RATIO}) | "
        + " | ".join(f"**{results[label]['edge_ratio']:.2f}**" for label in labels)
        + " |"
    )
    lines += [
        "",
        "**The first reader after a real publish** (ms of that request, SQL queries)",
        "",
        "| published | reader | " + " | ".join(labels) + " |",
        "|---|---|" + "---|" * len(labels),
    ]
    first = results[labels[0]]["publish"]
    for kind, readers in first.items():
        for reader in readers:
            cells = [
                f"{results[label]['publish'][kind][reader]['ms']:.1f} ms, "
                f"{results[label]['publish'][kind][reader]['queries']:.0f} q"
                for label in labels
            ]
            lines.append(f"| {kind} | home page, {reader} | " + " | ".join(cells) + " |")
    return lines


def write_table(lines):
    text = PERFORMANCE_MD.read_text()
    table = "\n".join([TABLE_START, *lines, TABLE_END])
    if TABLE_START in text:
        before, rest = text.split(TABLE_START, 1)
        after = rest.split(TABLE_END, 1)[1]
        text = before + table + after
    else:
        text = text.rstrip() + "\n\n" + table + "\n"
    PERFORMANCE_MD.write_text(text)


def databases(workdir):
    chosen = os.environ.get("BENCH_DATABASES", "postgresql,sqlite").split(",")
    urls = {
        "postgresql": ("PostgreSQL", DB_URL),
        "sqlite": ("SQLite", f"sqlite:///{Path(workdir) / 'bench.sqlite3'}"),
    }
    return [urls[name.strip()] for name in chosen if name.strip()]


def main():
    for tool, script in (("wrk", "ensure-wrk"), ("varnishd", "ensure-varnish")):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            raise SystemExit(f"{tool} is not installed: scripts/{script} installs it.")
    if BAKERYDEMO_DIR:
        say(f"bakerydemo: {BAKERYDEMO_DIR}")
    else:
        say("BAKERYDEMO_DIR is unset: the comparison with bakerydemo is skipped.")
    started_machine = machine()
    results = {}
    with tempfile.TemporaryDirectory(prefix="sscp-bench-") as workdir:
        for label, url in databases(workdir):
            env = env_for(url)
            say(f"\n== {label} ==")
            say("  a fresh database: migrate, the demo content, generated content")
            fresh_database(url)
            build_demo(env)
            grow(env)
            manage("collectstatic", "--noinput", "-v0", env=env)
            say("  CPU per page, every cache empty")
            cpu = site_cpu(env)
            result = {"cpu": cpu, "cpu_mean": geometric_mean(f["cpu_ms"] for f in cpu.values())}
            if BAKERYDEMO_DIR:
                bakery = bakerydemo_cpu(label, url, workdir)
                result["bakery"] = bakery
                result["bakery_mean"] = geometric_mean(f["cpu_ms"] for f in bakery.values())
                result["cpu_ratio"] = result["cpu_mean"] / result["bakery_mean"]
            say(f"  through the edge, {CONNECTIONS} clients, {DURATION}s each")
            edge = edge_throughput(env, workdir)
            pages = geometric_mean(edge["figures"][name]["rps"] for name in EDGE_PAGES)
            result["edge"] = edge
            result["edge_ratio"] = pages / edge["figures"]["static file"]["rps"]
            say("  the first reader after a publish")
            result["publish"] = publish_firsts(env)
            results[label] = result
            if os.environ.get("PROFILE") == "1":
                profile_slowest(env, cpu)
    lines = report(results, started_machine)
    say()
    say("\n".join(lines))
    write_table(lines)
    say(f"\nWritten to {PERFORMANCE_MD.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()

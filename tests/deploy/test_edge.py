"""The edge cache (deploy/varnish/default.vcl) in front of the live site.

A real varnishd, configured by deploy/varnish/render.py as `make edge` does,
stands in front of Django's live test server: what readers are given from it,
what it never keeps, and who may purge it. Skipped where varnishd is not
installed, except with REQUIRE_VARNISH=1 (scripts/ensure-varnish installs it).
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from caching.edge import HTTPBackend
from tests.factories.site_core import StandardPageFactory, make_site

ROOT = Path(__file__).resolve().parents[2]
RENDER = ROOT / "deploy" / "varnish" / "render.py"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def edge(live_server, settings):
    """varnishd on a port of its own in front of the live server; its port."""
    varnishd = shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.access("/usr/sbin/varnishd", os.X_OK) else None
    )
    if varnishd is None:
        if os.environ.get("REQUIRE_VARNISH") == "1":
            pytest.fail("varnishd is not installed, and REQUIRE_VARNISH=1")
        pytest.skip("varnishd is not installed (scripts/ensure-varnish)")
    # The site marks anonymous pages shareable for this long (the test
    # settings turn that off for the other tests).
    settings.PAGE_CACHE_SECONDS = 60
    backend = urlsplit(live_server.url)
    workdir = Path(tempfile.mkdtemp(prefix="edge-test-"))
    vcl = workdir / "edge.vcl"
    environ = {
        "EDGE_BACKEND_HOST": backend.hostname,
        "EDGE_BACKEND_PORT": str(backend.port),
        "ADMIN_PATH": settings.WAGTAIL_ADMIN_PATH,
    }
    vcl.write_text(
        subprocess.run(  # noqa: S603 - the project's own script, no shell
            [sys.executable, str(RENDER)],
            env={**os.environ, **environ},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    port = free_port()
    # -j none: an ordinary process of this user's, as `make edge` runs it.
    command = [varnishd, "-F", "-j", "none", "-n", str(workdir / "n"), "-f", str(vcl)]
    process = subprocess.Popen(  # noqa: S603 - Debian's varnishd, fixed arguments
        [*command, "-a", f"127.0.0.1:{port}", "-s", "malloc,32m"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 20
        while not answers(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"varnishd did not start: {process.stderr.read()!r}")
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def request(port, path, host, method="GET", headers=None, source="127.0.0.1"):
    """One request to the edge, from ``source``; (status, X-Cache, body)."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=30, source_address=(source, 0)
    )
    try:
        connection.request(method, path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.getheader("X-Cache"), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def two_partnerships():
    """Two partnerships' sites, each with a standard page."""
    pages = {}
    for hostname, title, default in (
        ("localhost", "Alpha's page", True),
        ("other.localhost", "Beta's page", False),
    ):
        site = make_site(hostname=hostname, default=default, title=f"{title} home")
        pages[hostname] = StandardPageFactory(parent=site.root_page, title=title, slug="about")
    return pages


def test_an_anonymous_page_is_kept_and_a_signed_in_reader_is_passed(
    edge, two_partnerships, client, django_user_model
):
    status, first, body = request(edge, "/about/", "localhost")
    assert status == 200 and "Alpha" in body
    assert first == "MISS"
    assert request(edge, "/about/", "localhost")[1] == "HIT"
    # Other cookies (analytics) do not make a reader's request different.
    assert request(edge, "/about/", "localhost", headers={"Cookie": "_ga=GA1.2.3"})[1] == "HIT"

    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    signed_in = {"Cookie": f"_ga=1; sessionid={client.cookies['sessionid'].value}"}
    status, state, _ = request(edge, "/about/", "localhost", headers=signed_in)
    assert (status, state) == (200, "PASS")


def test_purge_everything_empties_that_host_only(edge, two_partnerships):
    for host in ("localhost", "other.localhost"):
        request(edge, "/about/", host)
        assert request(edge, "/about/", host)[1] == "HIT"

    # As the site's purge task sends it: its HTTP backend, `PURGE /*`
    # with the partnership's Host header, from this machine.
    HTTPBackend({"LOCATION": f"http://127.0.0.1:{edge}"}).purge("http://localhost/*")

    assert request(edge, "/about/", "localhost")[1] == "MISS"
    assert request(edge, "/about/", "other.localhost")[1] == "HIT"


def test_a_purge_from_elsewhere_is_refused(edge, two_partnerships):
    request(edge, "/about/", "localhost")
    # 127.0.0.2 is this machine too, but not an address the edge trusts.
    status, _, _ = request(edge, "/*", "localhost", method="PURGE", source="127.0.0.2")
    assert status == 403
    assert request(edge, "/about/", "localhost")[1] == "HIT"


def test_a_publish_is_seen_through_the_edge_at_once(edge, two_partnerships, settings):
    """A real publish, with the site's frontend cache pointed at this edge:
    the next reader gets the new title, not the kept page."""
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "caching.edge.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{edge}",
        }
    }
    request(edge, "/about/", "localhost")
    assert request(edge, "/about/", "localhost")[1] == "HIT"

    page = two_partnerships["localhost"]
    page.title = "Alpha's page, revised"
    page.save_revision().publish()

    status, _, body = request(edge, "/about/", "localhost")
    assert status == 200
    assert "revised" in body

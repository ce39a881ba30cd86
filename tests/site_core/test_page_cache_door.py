"""The page cache at the WSGI door (site_core/caching/wsgi.py): the application
the server runs (config/wsgi.py) answers a kept page before Django handles
the request, and hands everything else to Django as the server gave it."""

import gzip
import io
import sys
from urllib.parse import unquote_to_bytes

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.factories.site_core import StandardPageFactory

pytestmark = pytest.mark.django_db


def serve(path, method="GET", host="testserver", **headers):
    """What the server the site runs under gets from the application in
    config/wsgi.py for one request: (status, headers, body)."""
    from config.wsgi import application

    path_info, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        # As a WSGI server gives it: the address's bytes read as Latin-1.
        "PATH_INFO": unquote_to_bytes(path_info).decode("latin-1"),
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
    }
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"], started["headers"] = status, dict(response_headers)

    # As Django's test client does: the request's start and end leave the
    # database connection open, or the test's transaction would end with it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


@pytest.fixture
def django_requests():
    """How many requests Django's own request handling started."""
    started = []

    def count(**kwargs):
        started.append(kwargs)

    request_started.connect(count)
    yield started
    request_started.disconnect(count)


def test_a_kept_page_is_answered_before_django_handles_the_request(
    home, redis_page_cache, django_requests, django_assert_num_queries
):
    page = StandardPageFactory(parent=home, title="Neglect toolkit")
    serve(home.url)  # this process learns which site the host name is
    status, headers, _ = serve(page.url)
    assert headers["X-Page-Cache"] == "miss"
    assert len(django_requests) == 2

    with django_assert_num_queries(0):
        status, headers, body = serve(page.url, accept_encoding="gzip")
    assert status == "200 OK"
    assert headers["X-Page-Cache"] == "hit"
    assert headers["Content-Encoding"] == "gzip"
    assert "Neglect toolkit" in gzip.decompress(body).decode()
    assert len(django_requests) == 2  # Django never saw the third


def test_at_the_door_a_reader_who_has_the_page_gets_a_304(home, redis_page_cache):
    serve(home.url)
    _, headers, _ = serve(home.url)
    status, again, body = serve(home.url, if_none_match=headers["ETag"])
    assert status == "304 Not Modified"
    assert again["X-Page-Cache"] == "hit"
    assert body == b""


def test_someone_signed_in_is_never_answered_at_the_door(home, redis_page_cache, django_requests):
    serve(home.url)
    assert serve(home.url)[1]["X-Page-Cache"] == "hit"
    assert len(django_requests) == 1
    status, headers, _ = serve(home.url, cookie="sessionid=abc")
    assert status == "200 OK"
    assert "X-Page-Cache" not in headers
    assert len(django_requests) == 2


def test_django_gets_the_address_as_the_server_gave_it(home, redis_page_cache):
    """The door reads the request without changing it: an address outside
    ASCII, looked up and not found, still reaches its page."""
    page = StandardPageFactory(parent=home, title="Café conversations", slug="café")
    serve(home.url)  # so the door looks the next page up
    status, headers, body = serve(page.url)
    assert status == "200 OK"
    assert headers["X-Page-Cache"] == "miss"
    assert "Café conversations" in body.decode()
    assert serve(page.url)[1]["X-Page-Cache"] == "hit"


def test_a_cache_that_cannot_be_read_is_a_miss_not_an_error(home, redis_page_cache, settings):
    serve(home.url)
    serve(home.url)
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": "redis://127.0.0.1:1/13",  # nothing listens there
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.25},
        }
    }
    status, headers, body = serve(home.url)
    assert status == "200 OK"
    assert "X-Page-Cache" not in headers  # rendered, and nothing kept
    assert b"<main" in body

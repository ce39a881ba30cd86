"""Past one machine, from the environment: production settings built in a
fresh process, as a server would build them."""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "partnership.example.org"}
SHOW = """
import json, django
django.setup()
from django.conf import settings
from wagtail.contrib.frontend_cache.utils import get_backends
names = ["STORAGES", "WAGTAILIMAGES_RENDITION_STORAGE", "WAGTAILDOCS_SERVE_METHOD",
         "WAGTAILFRONTENDCACHE", "MIDDLEWARE"]
shown = {name: getattr(settings, name, None) for name in names}
shown["backends"] = [type(backend).__name__ for backend in get_backends().values()]
print(json.dumps(shown))
"""


def build(env, code=SHOW):
    return subprocess.run(  # noqa: S603 - this file's own code, no shell
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "PATH": "/usr/bin:/bin",
            **PRODUCTION,
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def settings_for(env):
    result = build(env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_bucket_or_cdn_media_stay_on_disk_and_nothing_is_purged():
    shown = settings_for({})
    assert shown["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert "renditions" not in shown["STORAGES"]
    assert shown["WAGTAILIMAGES_RENDITION_STORAGE"] is None
    assert shown["WAGTAILFRONTENDCACHE"] == {}
    assert shown["backends"] == []
    middleware = shown["MIDDLEWARE"]
    # Cache-Control for the edge is set outside sessions and CSRF, so it sees
    # the cookies they set; no whole-page cache in Django (the edge keeps pages).
    caching = middleware.index("caching.middleware.CacheControlMiddleware")
    assert caching < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert caching < middleware.index("django.middleware.csrf.CsrfViewMiddleware")
    assert not [name for name in middleware if "UpdateCache" in name or "FetchFromCache" in name]


def test_a_bucket_keeps_documents_private_and_renditions_on_the_cdn_domain():
    shown = settings_for(
        {
            "AWS_STORAGE_BUCKET_NAME": "sscp-media",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.net",
            "AWS_S3_REGION_NAME": "eu-west-2",
            "AWS_S3_CUSTOM_DOMAIN": "images.partnership.example.org",
        }
    )
    private = shown["STORAGES"]["default"]
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert private["OPTIONS"]["bucket_name"] == "sscp-media"
    assert private["OPTIONS"]["endpoint_url"] == "https://s3.example.net"
    assert private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["custom_domain"] is None
    assert private["OPTIONS"]["default_acl"] is None
    assert private["OPTIONS"]["file_overwrite"] is False

    public = shown["STORAGES"]["renditions"]
    assert public["OPTIONS"]["bucket_name"] == "sscp-media"
    assert public["OPTIONS"]["custom_domain"] == "images.partnership.example.org"
    assert public["OPTIONS"]["querystring_auth"] is False
    assert public["OPTIONS"]["default_acl"] is None
    assert shown["WAGTAILIMAGES_RENDITION_STORAGE"] == "renditions"
    # The one thing that keeps members' papers off the bucket's URLs.
    assert shown["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"


@pytest.mark.parametrize(
    ("env", "backend", "configured"),
    [
        (
            {"CLOUDFLARE_API_TOKEN": "token", "CLOUDFLARE_ZONE_ID": "zone"},
            "CloudflareBackend",
            {"BACKEND": "caching.edge.CloudflareBackend", "BEARER_TOKEN": "token"},
        ),
        (
            {
                "CLOUDFRONT_DISTRIBUTION_ID": "E2EXAMPLE",
                "AWS_ACCESS_KEY_ID": "testing",
                "AWS_SECRET_ACCESS_KEY": "testing",
            },
            "CloudfrontBackend",
            {"DISTRIBUTION_ID": "E2EXAMPLE"},
        ),
        (
            {"FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081"},
            "HTTPBackend",
            {"LOCATION": "http://127.0.0.1:6081"},
        ),
    ],
    ids=["cloudflare", "cloudfront", "http"],
)
def test_each_cdn_gets_its_backend(env, backend, configured):
    kind = backend.removesuffix("Backend").lower()
    shown = settings_for({"FRONTEND_CACHE_BACKEND": kind.upper(), **env})
    assert shown["backends"] == [backend]
    assert configured.items() <= shown["WAGTAILFRONTENDCACHE"]["default"].items()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"FRONTEND_CACHE_BACKEND": "cloudflare", "CLOUDFLARE_API_TOKEN": "token"},
            "FRONTEND_CACHE_BACKEND=cloudflare needs CLOUDFLARE_ZONE_ID to be set.",
        ),
        (
            {"FRONTEND_CACHE_BACKEND": "cloudfront"},
            "needs CLOUDFRONT_DISTRIBUTION_ID",
        ),
        ({"FRONTEND_CACHE_BACKEND": "http"}, "needs FRONTEND_CACHE_PURGE_URL"),
        (
            {"FRONTEND_CACHE_BACKEND": "fastly"},
            "FRONTEND_CACHE_BACKEND must be cloudflare, cloudfront or http, not 'fastly'.",
        ),
    ],
)
def test_an_incomplete_cdn_configuration_refuses_to_start(env, message):
    result = build(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_with_a_bucket_and_a_cdn_passes_the_deploy_checks():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "PATH": "/usr/bin:/bin",
            **PRODUCTION,
            "AWS_STORAGE_BUCKET_NAME": "sscp-media",
            "AWS_S3_CUSTOM_DOMAIN": "images.partnership.example.org",
            "FRONTEND_CACHE_BACKEND": "http",
            "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout

"""Headers on public, admin and document responses."""

import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model

pytestmark = pytest.mark.django_db


def policy(response):
    """The Content-Security-Policy as {directive: [values]}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def make_document(title, name, content):
    # Published on its own by an Approver: public without a page using it.
    document = get_document_model()(title=title, published_on_its_own=True)
    document.file.save(name, ContentFile(content), save=False)
    document.save()
    return document


def test_public_pages_get_a_strict_policy_and_the_other_headers(client, home):
    response = client.get(home.url)
    assert response.status_code == 200
    csp = policy(response)
    assert csp["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["img-src"][-1] == "data:"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_error_pages_and_search_get_the_headers_too(client, site):
    for url in ("/no-such-page/", "/search/?q=neglect", "/robots.txt"):
        response = client.get(url)
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url
        assert response["Permissions-Policy"], url


@pytest.mark.ignore_template_errors
def test_the_admin_alone_gets_the_relaxed_policy(admin_client):
    response = admin_client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    csp = policy(response)
    # Wagtail's scheduling dialog has inline scripts; its preview frames itself.
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Permissions-Policy"]
    # What a WSGI server (gunicorn, wsgiref) accepts: header names as plain str.
    assert all(type(name) is str for name in response.headers)


@pytest.mark.ignore_template_errors
def test_the_sign_in_page_gets_the_admin_policy(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert "'unsafe-inline'" in policy(response)["script-src"]


def test_pdfs_open_in_the_browser_but_cannot_run_as_a_page(client, site):
    document = make_document("Annual report 2022 to 2023", "annual-report.pdf", b"%PDF-1.4\n")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert not response.get("Content-Disposition", "").startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert policy(response)["default-src"] == ["'none'"]
    assert response["Permissions-Policy"]


def test_other_documents_download_and_are_sandboxed(client, site):
    document = make_document("Budget 2023 to 2024", "budget.csv", b"<script>alert(1)</script>,1\n")
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = policy(response)
    assert csp["default-src"] == ["'none'"]
    assert "sandbox" in csp


def test_production_settings_pass_the_deployment_checks(tmp_path):
    env = {
        # An empty database of its own, whatever a developer's db.sqlite3 holds
        # (the demo's accounts there are an Error under these settings).
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "k" * 20 + "q3!x9@zP#w2$eR5^tY7&uI8*oL0(pA)sD-fG=hJ+kL_" + "m" * 10,
        "ALLOWED_HOSTS": "sscp.example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_sends_hsts(settings, client, home):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(home.url, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_preview_may_be_framed_by_the_admin_alone(home, rf):
    # Wagtail renders a preview through every middleware with the page's own
    # path; the editor's preview panel frames it, so 'none' would blank it.
    response = home.make_preview_request()
    csp = policy(response)
    assert csp["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]

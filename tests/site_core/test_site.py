"""Site-wide promises: routes, errors, search, settings, migrations."""

import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone

from site_core.models import Partnership, SafeguardingContacts
from tests.factories.site_core import AlertBannerFactory, StandardPageFactory


@pytest.mark.django_db
def test_no_pending_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client, site):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Worried about a child?" in response.content.decode()


def test_500_page_renders_without_a_database(rf):
    from operations.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, something went wrong" in response.content.decode()
    assert "0800 1111" in response.content.decode()


@pytest.mark.django_db
def test_robots_and_sitemap(client, home):
    StandardPageFactory(parent=home, title="Annual reports", slug="annual-reports")
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
    assert "Disallow: /search/" in robots
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "/annual-reports/" in sitemap.content.decode()


@pytest.mark.django_db
def test_search_finds_pages_and_is_not_indexed(client, home):
    StandardPageFactory(parent=home, title="Neglect strategy", summary="Our work on neglect.")
    StandardPageFactory(parent=home, title="Training courses")
    response = client.get("/search/", {"q": "neglect"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    titles = [a.get_text(strip=True) for a in soup.select(".search-result__title a")]
    assert titles == ["Neglect strategy"]
    assert "1 result for" in soup.select_one(".result-count").get_text()


@pytest.mark.django_db
def test_search_paginates(client, home):
    for n in range(12):
        StandardPageFactory(parent=home, title=f"Audit report {n}")
    first = BeautifulSoup(client.get("/search/", {"q": "audit"}).content, "html.parser")
    assert len(first.select(".search-result")) == 10
    assert first.select_one('a[rel="next"]')["href"] == "?q=audit&page=2"
    second = BeautifulSoup(
        client.get("/search/", {"q": "audit", "page": "2"}).content, "html.parser"
    )
    assert len(second.select(".search-result")) == 2


@pytest.mark.django_db
def test_search_empty_state_and_bad_page_numbers(client, site):
    nothing = client.get("/search/", {"q": "zzzzqqq"})
    assert nothing.status_code == 200
    assert "Nothing matched your search" in nothing.content.decode()
    for bad in ["abc", "-1", "0", "99", "1e9", "%00"]:
        response = client.get("/search/", {"q": "home", "page": bad})
        assert response.status_code == 400, bad
        assert "Go to the first page of results" in response.content.decode()


@pytest.mark.django_db
def test_alert_banner_shows_only_while_scheduled(client, site):
    now = timezone.now()
    AlertBannerFactory(message="<p>Training is moving online</p>", starts_at=now - timedelta(1))
    AlertBannerFactory(message="<p>Next week's notice</p>", starts_at=now + timedelta(days=7))
    AlertBannerFactory(message="<p>Expired notice</p>", ends_at=now - timedelta(hours=1))
    html = client.get("/").content.decode()
    assert "Training is moving online" in html
    assert "Next week&#x27;s notice" not in html and "Next week's notice" not in html
    assert "Expired notice" not in html


@pytest.mark.django_db
def test_alert_dismiss_key_changes_with_the_wording(site):
    banner = AlertBannerFactory(message="<p>One</p>")
    first = banner.dismiss_key
    banner.message = "<p>Two</p>"
    assert banner.dismiss_key != first


@pytest.mark.django_db
@pytest.mark.ignore_template_errors  # Wagtail's own admin templates use unset variables
def test_admin_warns_when_contact_numbers_are_stale(admin_client, site):
    contacts = SafeguardingContacts.objects.get(site=site)
    contacts.last_checked = timezone.localdate() - timedelta(days=200)
    contacts.save()
    html = admin_client.get("/admin/").content.decode()
    assert "Check the “Worried about a child?” numbers" in html
    contacts.last_checked = timezone.localdate()
    contacts.save()
    assert "Worried about a child?” numbers" not in admin_client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_brand_colour_must_contrast_with_white(site):
    from django.core.exceptions import ValidationError

    partnership = Partnership.objects.get(site=site)
    partnership.brand_colour = "#ffcc00"
    with pytest.raises(ValidationError) as error:
        partnership.full_clean()
    assert "contrast" in str(error.value)


def _run_settings(module, env):
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": module, "PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_settings("config.settings.production", {"ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    env = {"ALLOWED_HOSTS": "example.org", "SECRET_KEY": "x" * 49}
    result = _run_settings("config.settings.production", env)
    assert result.returncode != 0
    assert "SECRET_KEY is too short" in result.stderr
    assert (
        _run_settings("config.settings.production", {**env, "SECRET_KEY": "x" * 50}).returncode == 0
    )


def test_production_refuses_to_start_without_hosts():
    result = _run_settings("config.settings.production", {"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


@pytest.mark.django_db
def test_demo_admin_is_refused_outside_dev(settings):
    from django.core.management.base import CommandError

    settings.ALLOW_DEMO_ADMIN = False
    with pytest.raises(CommandError):
        call_command("ensure_demo_admin")


@pytest.mark.django_db
def test_editor_made_redirects_work(client, home):
    from wagtail.contrib.redirects.models import Redirect

    target = StandardPageFactory(parent=home, title="Annual report 2022 to 2023")
    Redirect.objects.create(old_path="/annualreport", redirect_page=target, site=home.get_site())
    response = client.get("/annualreport")
    assert response.status_code == 301
    assert response["Location"].endswith(target.url)

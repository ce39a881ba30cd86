import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from site_core.models import (
    AccessibilityStatementPage,
    ContactPage,
    HomePage,
    Partnership,
    StandardPage,
)
from tests.factories.site_core import (
    AccessibilityStatementPageFactory,
    ContactPageFactory,
    StandardPageFactory,
    make_site,
)


def h1s(response):
    return BeautifulSoup(response.content, "html.parser").find_all("h1")


@pytest.mark.django_db
def test_home_page_shows_partnership_frame(client, home):
    response = client.get(home.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Testshire Safeguarding Children Partnership" in html
    assert "Skip to main content" in html
    assert "Exit this page" in html
    assert "Worried about a child?" in html
    assert 'href="tel:999"' in html
    assert "0191 498 0000" in html  # the MASH number from site settings
    assert [h.get_text(strip=True) for h in h1s(response)] == [home.title]


@pytest.mark.django_db
def test_standard_page_builds_contents_from_headings(client, home):
    page = StandardPageFactory(
        parent=home,
        title="How we work",
        body=[
            ("heading", {"text": "Who we are", "level": "h2"}),
            ("paragraph", "<p>Three partners.</p>"),
            ("heading", {"text": "What we do", "level": "h2"}),
            ("heading", {"text": "A detail", "level": "h3"}),
        ],
    )
    response = client.get(page.url)
    soup = BeautifulSoup(response.content, "html.parser")
    contents = soup.select(".contents-list a")
    assert [(a.text, a["href"]) for a in contents] == [
        ("Who we are", "#who-we-are"),
        ("What we do", "#what-we-do"),
    ]
    assert soup.find(id="who-we-are").name == "h2"
    assert len(h1s(response)) == 1


@pytest.mark.django_db
def test_contact_page_lists_the_numbers_and_when_they_were_checked(client, home):
    page = ContactPageFactory(parent=home)
    html = client.get(page.url).content.decode()
    assert "0191 498 0001" in html  # out of hours
    assert "0191 498 0002" in html  # LADO
    assert "last checked on" in html
    assert "unit@example.org" in html


@pytest.mark.django_db
def test_accessibility_statement_renders_its_facts(client, home):
    page = AccessibilityStatementPageFactory(parent=home, compliance_status="partial")
    html = client.get(page.url).content.decode()
    assert "Partially compliant with WCAG 2.2 AA" in html
    assert "1 October 2026" in html
    assert "access@example.org" in html


class PageTreeRules(WagtailPageTestCase):
    def test_home_pages_sit_at_the_root_and_hold_the_sections(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(HomePage, ContactPage)
        self.assertCanCreateAt(HomePage, AccessibilityStatementPage)


@pytest.mark.django_db
def test_each_site_shows_its_own_partnership(client):
    make_site(hostname="localhost", default=True, title="Home A")
    other = make_site(hostname="other.localhost", default=False, title="Home B")
    Partnership.objects.filter(site=other).update(name="Otherton Safeguarding Children Partnership")
    html = client.get("/", HTTP_HOST="other.localhost").content.decode()
    assert "Otherton Safeguarding Children Partnership" in html
    assert "Home B" in html
    assert "Home A" not in html


@pytest.mark.django_db
def test_a_page_read_from_the_database_is_the_page_that_was_saved(home):
    """BasePage.from_db makes loaded pages without the constructors meant for
    new ones: what was saved comes back, and saving it again updates it."""
    saved = StandardPageFactory(parent=home, title="Early help offer", show_in_menus=False)
    loaded = StandardPage.objects.get(pk=saved.pk)
    assert (loaded.title, loaded.show_in_menus, loaded.url_path) == (
        "Early help offer",
        False,
        saved.url_path,
    )
    assert loaded._state.adding is False
    assert loaded._state.db == "default"
    loaded.title = "Early help offer 2026"
    loaded.save()
    assert StandardPage.objects.filter(pk=saved.pk).values_list("title", flat=True).get() == (
        "Early help offer 2026"
    )
    assert StandardPage.objects.count() == 1
    # With fields deferred, Django makes it, and the rest load when read.
    partial = StandardPage.objects.only("title").get(pk=saved.pk)
    assert partial.slug == saved.slug

"""The threshold guide as readers see it: levels, a page per level, search,
printable and easy-read versions, versions and dates, and nothing of another
partnership's guide."""

from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from tests.factories.publications import PublicationDocumentFactory
from tests.factories.thresholds import ThresholdGuidePageFactory, four_levels, some_indicators
from thresholds.models import ThresholdIndicator, ThresholdLevel, ThresholdPastVersion

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def guide(home):
    return ThresholdGuidePageFactory(
        parent=home, slug="thresholds", levels=four_levels(), indicators=some_indicators()
    )


def test_the_overview_lists_the_levels_with_version_and_dates(client, guide):
    page = soup(client.get("/thresholds/"))
    levels = [h.get_text(strip=True) for h in page.select(".threshold-level h3")]
    assert levels == [
        "Level 1: Universal",
        "Level 2: Early help",
        "Level 3: Targeted",
        "Level 4: Specialist and child protection",
    ]
    facts = page.select_one(".fact-list").get_text(" ", strip=True)
    assert "Version 2.0" in facts
    assert "Approved 1 March 2026" in facts
    assert "Next review 1 March 2027" in facts
    assert "Levels renamed." in page.get_text()
    assert "guidance, not a decision" in page.select_one(".threshold-guidance").get_text()


def test_a_level_page_shows_indicators_by_area_what_to_do_and_the_partnerships_contacts(
    client, guide
):
    page = soup(client.get("/thresholds/level/4/"))
    assert page.h1.get_text() == "Level 4: Specialist and child protection"
    assert page.find("h3", string="Health")
    assert "Unexplained bruising on a non-mobile baby" in page.get_text()
    assert "Parental substance misuse" not in page.get_text()  # a level 3 indicator
    main = page.select_one("main")
    assert main.select_one("a[href='tel:999']")
    assert main.select_one("a[href='tel:01914980000']")  # the site's own front door
    assert "A child with an injury nobody explains" in main.get_text()


def test_an_unknown_level_is_not_found(client, guide):
    assert client.get("/thresholds/level/9/").status_code == 404


def test_search_finds_an_indicators_words_and_says_it_is_guidance(client, guide):
    page = soup(client.get("/thresholds/search/", {"q": "substance MISUSE"}))
    assert page.select_one("#found-3").get_text(strip=True) == "Level 3: Targeted"
    assert "Parental substance misuse" in page.select_one("main").get_text()
    assert "guidance, not a decision" in page.select_one(".threshold-guidance").get_text()
    nothing = soup(client.get("/thresholds/search/", {"q": "astronaut"}))
    assert "No indicator matches" in nothing.get_text()
    assert client.get("/thresholds/search/", {"q": '\x00<>:"'}).status_code == 200


def test_site_search_finds_an_indicators_words(client, guide):
    page = soup(client.get("/search/", {"q": "bruising"}))
    assert "Threshold guide" in [a.get_text(strip=True) for a in page.select(".search-result a")]


def test_printable_and_easy_read_versions(client, guide):
    printable = soup(client.get("/thresholds/print/")).get_text()
    for words in ("Attends health checks", "Parental substance misuse", "Make a referral"):
        assert words in printable
    easy = soup(client.get("/thresholds/easy-read/"))
    assert "Most children are here. Their school and doctor help them." in easy.get_text()
    # A level without easy-read words falls back to its summary.
    assert "Extra help from more than one service." in easy.get_text()


def test_an_older_version_stays_downloadable_with_its_dates(client, guide, media_root):
    old_pdf = PublicationDocumentFactory(title="Threshold guide version 1")
    guide.past_versions = [
        ThresholdPastVersion(
            version="1.0",
            approved_on=date(2023, 5, 1),
            superseded_on=date(2026, 3, 1),
            document=old_pdf,
        )
    ]
    guide.save_revision().publish()
    page = soup(client.get("/thresholds/"))
    item = page.find("a", string="Version 1.0 (PDF)").parent
    assert "approved 1 May 2023, replaced 1 March 2026" in item.get_text()
    download = client.get(page.find("a", string="Version 1.0 (PDF)")["href"])
    assert download.status_code == 200


def test_an_illustrative_guide_says_so_on_every_view(client, home):
    ThresholdGuidePageFactory(
        parent=home, slug="thresholds", is_illustrative=True, levels=four_levels()
    )
    for url in ("/thresholds/", "/thresholds/level/1/", "/thresholds/print/"):
        assert "Illustrative." in client.get(url).content.decode()
    assert "This is an example." in client.get("/thresholds/easy-read/").content.decode()


def test_the_review_must_come_after_the_approval(home):
    guide = ThresholdGuidePageFactory.build(
        title="Guide",
        slug="g",
        version="1",
        approved_on=date(2026, 3, 1),
        review_due=date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        guide.clean()
    assert "review_due" in error.value.message_dict


def test_a_draft_guide_is_not_public(client, home):
    guide = ThresholdGuidePageFactory(parent=home, slug="thresholds", levels=four_levels())
    guide.unpublish()
    assert client.get("/thresholds/").status_code == 404
    assert client.get("/thresholds/level/1/").status_code == 404


def test_another_partnerships_guide_is_never_shown(client, guide, other_site):
    ThresholdGuidePageFactory(
        parent=other_site.root_page,
        slug="other-thresholds",
        levels=[
            ThresholdLevel(number=1, name="Otherton level", summary="s", what_to_do="w"),
        ],
        indicators=[ThresholdIndicator(level_number=1, area="Health", text="Otherton rickets")],
    )
    # Not at its address on this partnership's host, nor in this guide's or the site's search.
    assert client.get("/other-thresholds/").status_code == 404
    assert "Otherton" not in client.get("/thresholds/search/", {"q": "rickets"}).content.decode()
    assert "Otherton" not in client.get("/search/", {"q": "rickets"}).content.decode()
    # On its own host it is there.
    own = client.get("/other-thresholds/search/", {"q": "rickets"}, HTTP_HOST="other.localhost")
    assert "Otherton rickets" in own.content.decode()

"""Admin accounts pass the second factor before anything members-only is served,
whichever sign-in page they used; board members and the public are not asked."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from site_core.roles import Role
from tests.factories.governance import DocumentFactory
from tests.factories.site_core import StandardPageFactory
from tests.helpers import board_members_group, members_papers_collection, restrict_to_board_members

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

TWO_FACTOR = reverse("accounts_two_factor")
PASSWORD = "plum orchard lantern 42"


@pytest.fixture
def members_page(home):
    page = StandardPageFactory(parent=home, title="Members' papers")
    restrict_to_board_members(page)
    return page


@pytest.fixture
def private_paper(site):
    return DocumentFactory(title="Private minutes", collection=members_papers_collection())


@pytest.fixture
def staff_member(make_user):
    """Edits the site and sits on the board: admin access and members-only access."""
    user = make_user("sam", Role.EDITORS)
    user.groups.add(board_members_group())
    user.set_password(PASSWORD)
    user.save()
    backup = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    backup.token_set.create(token="abcd2345")
    return user


def sign_in_on_the_public_page(client, user, next_url):
    response = client.post(
        reverse("wagtailcore_login"),
        {"username": user.get_username(), "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302, "the password was refused"
    return response


def assert_sent_to_second_factor(response, next_url):
    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?{urlencode({'next': next_url})}"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_admin_user_signed_in_on_the_public_page_verifies_before_members_content(
    client, members_page, private_paper, staff_member
):
    sign_in_on_the_public_page(client, staff_member, members_page.url)

    assert_sent_to_second_factor(client.get(members_page.url), members_page.url)
    assert_sent_to_second_factor(client.get(private_paper.url), private_paper.url)

    page = client.get(members_page.url, follow=True)
    assert BeautifulSoup(page.content, "html.parser").h1.get_text(strip=True) == ("Enter your code")
    response = client.post(TWO_FACTOR, {"code": "abcd2345", "next": members_page.url})
    assert response["Location"] == members_page.url

    page = client.get(members_page.url)
    assert page.status_code == 200
    assert "Members&#x27; papers" in page.content.decode()
    paper = client.get(private_paper.url)
    assert paper.status_code == 200
    assert b"".join(paper.streaming_content) == b"Board paper text.\n"


def test_admin_sign_in_page_is_no_way_round(client, members_page, staff_member):
    client.post(
        reverse("wagtailadmin_login"),
        {"username": staff_member.get_username(), "password": PASSWORD},
    )
    assert "_auth_user_id" in client.session
    assert_sent_to_second_factor(client.get(members_page.url), members_page.url)


def test_superusers_are_asked_too(client, admin_user, members_page, private_paper):
    client.force_login(admin_user)
    assert_sent_to_second_factor(client.get(members_page.url), members_page.url)
    assert_sent_to_second_factor(client.get(private_paper.url), private_paper.url)


def test_board_members_without_admin_access_use_their_password_alone(
    client, make_user, members_page, private_paper
):
    member = make_user("bob", Role.BOARD_MEMBERS)
    client.force_login(member)
    assert client.get(members_page.url).status_code == 200
    assert client.get(private_paper.url).status_code == 200
    assert not StaticDevice.objects.filter(user=member).exists()


def test_public_pages_and_documents_are_not_gated(client, home, staff_member):
    public_paper = DocumentFactory(title="Annual report", published_on_its_own=True)
    client.force_login(staff_member)
    assert client.get(home.url).status_code == 200
    assert client.get(public_paper.url).status_code == 200


def test_members_content_for_a_verified_admin_is_never_cached_for_others(
    client, login_as, settings, members_page, staff_member
):
    from django.core.cache import cache
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    login_as(client, staff_member)
    page = client.get(members_page.url)
    assert page.status_code == 200
    assert "public" not in page.get("Cache-Control", "")  # no edge keeps it

    # Someone else, not signed in, asking for the same address right after.
    anonymous = Client().get(members_page.url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailcore_login"))
    assert "Members&#x27; papers" not in anonymous.content.decode()


# --- Members' routes outside Wagtail's restrictions (accounts.second_factor.members_only)


@pytest.fixture
def private_note(home):
    from datetime import date

    from publications.models import ReviewRecommendation
    from tests.factories.evidence import RecommendationsPageFactory, RecommendationUpdateFactory
    from tests.factories.publications import ReviewFindingsPageFactory

    review = ReviewFindingsPageFactory(parent=home, title="Practice review: Child R")
    recommendation = ReviewRecommendation.objects.create(
        page=review, number="1", text="Train GPs on bruising in babies", owner="Health"
    )
    RecommendationUpdateFactory(
        recommendation=recommendation,
        date=date(2024, 1, 10),
        private_note="The GP lead is on leave until March.",
    )
    return RecommendationsPageFactory(parent=home).url + "members/"


def test_a_governance_officer_needs_the_second_factor_for_the_private_notes(
    client, make_user, private_note
):
    """As found: with a password alone, a governance officer read the
    recommendations' members' view with its private notes."""
    officer = make_user("gina", Role.GOVERNANCE_OFFICERS)
    StaticDevice.objects.create(user=officer, name="Backup codes", confirmed=True).token_set.create(
        token="abcd2345"
    )
    client.force_login(officer)
    response = client.get(private_note + "?status=in_progress")
    assert_sent_to_second_factor(response, private_note + "?status=in_progress")
    assert "on leave" not in response.content.decode()

    back = client.post(TWO_FACTOR, {"code": "abcd2345", "next": private_note})
    assert back["Location"] == private_note
    notes = client.get(private_note)
    assert "The GP lead is on leave until March." in notes.content.decode()
    assert notes["Cache-Control"] == "private, no-store"


def test_the_members_area_asks_even_if_its_restriction_is_removed(client, make_user, home):
    """The members' area checks roles and the second factor itself: removing
    its view restriction by mistake opens it to nobody new."""
    from tests.factories.governance import GovernanceIndexPageFactory, MembersAreaPageFactory

    area = MembersAreaPageFactory(parent=GovernanceIndexPageFactory(parent=home))
    assert not area.get_view_restrictions().exists()
    officer = make_user("gina", Role.GOVERNANCE_OFFICERS)
    client.force_login(officer)
    for url in (area.url, area.url + "my-boards/"):
        assert_sent_to_second_factor(client.get(url), url)
    client.logout()
    assert client.get(area.url)["Location"].startswith(reverse("wagtailcore_login"))


def test_the_api_answers_a_password_alone_as_it_answers_the_public(
    client, members_page, private_paper, staff_member
):
    from django.test import Client

    from tests.helpers import sign_in_with_second_factor

    urls = ["/api/v2/pages/", "/api/v2/documents/", f"/api/v2/pages/{members_page.pk}/"]
    client.force_login(staff_member)
    for url in urls:
        answer, public = client.get(url), Client().get(url)
        assert (answer.status_code, answer.content) == (public.status_code, public.content)
        assert "Private minutes" not in answer.content.decode()
        assert members_page.url not in answer.content.decode()

    verified = sign_in_with_second_factor(Client(), staff_member)
    # The documents API lists public documents only, whoever asks (docs/documents.md).
    assert private_paper.title not in verified.get("/api/v2/documents/").content.decode()
    assert verified.get(f"/api/v2/pages/{members_page.pk}/").status_code == 200

"""The governance roles do their real job, in a real browser.

A Governance officer records a public meeting whose agenda has a public paper
and a members-only one (both uploaded through the admin's document chooser),
and a new lay member's term. An anonymous reader can download the public
paper and is sent to sign in for the members-only one, by its link and by
the file's own address. A Board member signs in and reads both papers in the
members' area. The same roles of another partnership reach none of it.
"""

import html
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from accounts.two_factor import new_backup_codes
from governance.models import AgendaItem, Meeting, Membership, Person, Post
from site_core.models import Partnership
from site_core.roles import Role
from site_core.tenancy import is_private_collection
from tests.factories.governance import (
    BodyFactory,
    GovernanceIndexPageFactory,
    MembersAreaPageFactory,
    PostFactory,
)
from tests.factories.pdfs import text_pdf
from tests.factories.site_core import make_site
from tests.helpers import restrict_to_board_members, role_group

from .helpers import PASSWORD, RENDERS_ADMIN

pytestmark = [*RENDERS_ADMIN, pytest.mark.usefixtures("media_root")]


def tenant(prefix, hostname, default):
    site = make_site(hostname=hostname, default=default, title=f"{prefix} home")
    Partnership.objects.filter(site=site).update(name=f"{prefix} SCP", short_name=f"{prefix[0]}SCP")
    partnership = Partnership.objects.get(site=site)
    index = GovernanceIndexPageFactory(parent=site.root_page)
    members = MembersAreaPageFactory(parent=index)
    restrict_to_board_members(members)
    body = BodyFactory(
        partnership=partnership, name=f"{prefix} Safeguarding Board", slug=f"{prefix.lower()}-b"
    )
    lay_post = PostFactory(body=body, role=Post.Role.LAY_MEMBER, holders=2)
    return {
        "partnership": partnership,
        "index": index,
        "members": members,
        "body": body,
        "lay_post": lay_post,
    }


@pytest.fixture
def tenants():
    return {
        "alpha": tenant("Alpha", "localhost", True),
        "beta": tenant("Beta", "other.localhost", False),
    }


@pytest.fixture
def person(django_user_model):
    def make(username, role, partnership):
        user = django_user_model.objects.create_user(username, password=PASSWORD)
        user.groups.add(role_group(role, partnership))
        return user, new_backup_codes(user)[0]

    return make


def submit(page_or_form):
    page_or_form.locator("form button[type=submit], form input[type=submit]").first.click()


def save(page):
    """The snippet form's Save button, in the editor's footer."""
    page.locator("footer button[type=submit]", has_text="Save").first.click()


def sign_in_to_admin(page, base_url, username, code):
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    submit(page)
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_code", code)
    submit(page)
    page.wait_for_url(base_url + "/admin/")


def sign_in_as_member(page, base_url, path, username):
    page.goto(base_url + path)
    assert "/_util/login/" in page.url, "the members' area did not ask them to sign in"
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click(".sign-in-form button[type=submit]")
    page.wait_for_url(base_url + path)


def choose_snippet(page, button_name, text):
    """Open a chooser by its button, search for ``text`` and pick it."""
    page.get_by_role("button", name=button_name).first.click()
    modal = page.locator(".modal-content").last
    modal.get_by_role("link", name=text).first.click()
    modal.wait_for(state="hidden")


def upload_paper(page, button, title, collection_label):
    """Upload a PDF through the document chooser's Upload tab."""
    button.click()
    modal = page.locator(".modal-content").last
    modal.get_by_role("tab", name="Upload").click()
    form = modal.locator("form[enctype='multipart/form-data']").first
    form.get_by_label("Title").fill(title)
    form.locator("input[type=file]").set_input_files(
        {
            "name": f"{title.lower().replace(' ', '-')}.pdf",
            "mimeType": "application/pdf",
            "buffer": text_pdf(pages=1, title=title),
        }
    )
    collection = form.locator("select[name$=collection]")
    value = collection.locator("option", has_text=collection_label).first.get_attribute("value")
    collection.select_option(value)
    form.locator("button[type=submit], input[type=submit]").first.click()
    modal.wait_for(state="hidden")
    page.wait_for_timeout(300)


def paper_link(page, title):
    return page.locator("a", has_text=title).first.get_attribute("href")


def test_a_governance_officer_records_papers_and_a_term_and_a_board_member_reads_them(
    live_server, browser, tenants, person
):
    base = live_server.url
    alpha, beta = tenants["alpha"], tenants["beta"]
    _, officer_code = person("gwen", Role.GOVERNANCE_OFFICERS, alpha["partnership"])
    _, beta_officer_code = person("bert", Role.GOVERNANCE_OFFICERS, beta["partnership"])
    person("bella", Role.BOARD_MEMBERS, alpha["partnership"])
    person("boris", Role.BOARD_MEMBERS, beta["partnership"])
    meeting_day = timezone.localdate() + timedelta(days=14)

    # -- The Governance officer records the meeting, uploading its papers. --
    context = browser.new_context()
    page = context.new_page()
    sign_in_to_admin(page, base, "gwen", officer_code)
    page.goto(f"{base}/admin/snippets/governance/meeting/add/")
    choose_snippet(page, "Choose body", "Alpha Safeguarding Board")
    page.fill("#id_date", meeting_day.isoformat())
    page.fill("#id_place", "Alpha Civic Centre")
    page.select_option("#id_access", Meeting.Access.PUBLIC)
    for number, title, collection in [
        ("1", "Annual report 2025 to 2026", "Public documents"),
        ("2", "Case review action plan", "Members' papers"),
    ]:
        page.get_by_role("button", name="Add agenda item").click()
        item = page.locator("[id^=inline_child_agenda_items-]:not([id*=__prefix__])").last
        item.locator("input[name$=-number]").fill(number)
        item.locator("input[name$=-title]").fill(title)
        upload_paper(page, item.get_by_role("button", name="Choose a document"), title, collection)
        assert title in item.inner_text(), f"{title} was not chosen after uploading it"
    with page.expect_navigation():
        save(page)
    errors = page.locator(".error-message, .help-critical").all_inner_texts()
    meeting = Meeting.objects.filter(body=alpha["body"], date=meeting_day).first()
    assert meeting is not None, f"the meeting was not saved: {errors}"
    papers = {item.title: item.paper for item in AgendaItem.objects.filter(meeting=meeting)}
    public_paper = papers["Annual report 2025 to 2026"]
    members_paper = papers["Case review action plan"]
    assert not is_private_collection(public_paper.collection)
    assert is_private_collection(members_paper.collection)

    # ... and a new lay member's term.
    page.goto(f"{base}/admin/snippets/governance/person/add/")
    partnership_field = page.locator("#id_partnership")
    if partnership_field.evaluate("e => e.tagName") == "SELECT":
        partnership_field.select_option(str(alpha["partnership"].pk))
    page.fill("#id_name", "Lee Layperson")
    with page.expect_navigation():
        save(page)
    new_member = Person.objects.get(name="Lee Layperson")
    assert new_member.partnership == alpha["partnership"]
    page.goto(f"{base}/admin/snippets/governance/membership/add/")
    choose_snippet(page, "Choose person", "Lee Layperson")
    choose_snippet(page, "Choose post", str(alpha["lay_post"]))
    starts = timezone.localdate()
    page.fill("#id_term_starts", starts.isoformat())
    page.fill("#id_term_ends", starts.replace(year=starts.year + 3).isoformat())
    with page.expect_navigation():
        save(page)
    term = Membership.objects.filter(person=new_member, post=alpha["lay_post"]).first()
    assert term is not None, page.locator(".error-message").all_inner_texts()
    assert term.term_starts == starts and term.term_ends.year == starts.year + 3
    context.close()

    # -- An anonymous reader: the public paper downloads, the other does not. --
    context = browser.new_context()
    page = context.new_page()
    index = urlsplit(alpha["index"].url).path
    public_meeting = f"{index}bodies/{alpha['body'].slug}/meetings/{meeting.pk}/"
    assert page.goto(base + public_meeting).status == 200
    text = html.unescape(page.content())
    assert "Annual report 2025 to 2026" in text
    # The agenda item is listed; its members-only paper is neither linked nor named a paper.
    assert page.locator("a", has_text="Case review action plan").count() == 0
    assert f"/documents/{members_paper.pk}/" not in page.content()
    download = context.request.get(base + paper_link(page, "Annual report 2025 to 2026"))
    assert download.status == 200
    assert download.body().startswith(b"%PDF")
    refused = [
        members_paper.url,  # /documents/<id>/<file>: Wagtail's serve view
        members_paper.url + "?download",  # the same, asked as a download
    ]
    for address in refused:
        answer = context.request.get(base + address, max_redirects=0)
        assert answer.status in (302, 403, 404), f"{address} answered {answer.status}"
        assert not answer.body().startswith(b"%PDF"), f"{address} served the members' paper"
        if answer.status == 302:
            assert "login" in answer.headers["location"]
    # The stored file's own address: the site never serves documents/ from
    # MEDIA_ROOT. (Django's live test server serves all of MEDIA_ROOT itself,
    # as no deployment does, so the site's own answer is asked directly.)
    stored = Client().get("/media/" + members_paper.file.name)
    assert stored.status_code == 404
    context.close()

    # -- Another partnership's Governance officer cannot open the meeting. --
    context = browser.new_context()
    page = context.new_page()
    sign_in_to_admin(page, base, "bert", beta_officer_code)
    page.goto(f"{base}/admin/snippets/governance/meeting/")
    assert "Alpha Safeguarding Board" not in page.content()
    for address in (
        f"/admin/snippets/governance/meeting/edit/{meeting.pk}/",
        f"/admin/snippets/governance/membership/edit/{term.pk}/",
        f"/admin/documents/edit/{members_paper.pk}/",
    ):
        response = page.goto(base + address)
        assert response.status in (403, 404) or page.url.rstrip("/").endswith("/admin"), address
        assert "Case review action plan" not in page.locator("main").inner_text()
    answer = context.request.get(base + members_paper.url, max_redirects=0)
    assert answer.status in (302, 403, 404)
    assert not answer.body().startswith(b"%PDF")
    context.close()

    # -- A Board member of the partnership reads both papers. --
    context = browser.new_context()
    page = context.new_page()
    members_area = urlsplit(alpha["members"].url).path
    members_meeting = f"{members_area}meetings/{meeting.pk}/"
    sign_in_as_member(page, base, members_meeting, "bella")
    main = page.locator("main").inner_text()
    assert "Annual report 2025 to 2026" in main
    assert "Case review action plan" in main
    for title in ("Annual report 2025 to 2026", "Case review action plan"):
        href = paper_link(page, title)
        answer = context.request.get(base + href)
        assert answer.status == 200, f"{title}: {answer.status}"
        assert answer.body().startswith(b"%PDF")
    page.goto(base + members_area)
    assert "Lee Layperson" in page.locator("main").inner_text()  # the new term, current
    context.close()

    # -- Another partnership's Board member reaches neither. --
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + members_meeting)
    page.fill("#id_username", "boris")
    page.fill("#id_password", PASSWORD)
    page.click(".sign-in-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Case review action plan" not in page.content()
    answer = context.request.get(base + members_paper.url, max_redirects=0)
    assert answer.status in (302, 403, 404)
    assert not answer.body().startswith(b"%PDF")
    assert re.search(r"login|sign", answer.headers.get("location", "login"))
    context.close()

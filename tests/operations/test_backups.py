"""`make backup` / `make restore`: a round trip into an empty database loses nothing."""

import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageLogEntry

from site_core.models import Partnership
from tests.factories.site_core import StandardPageFactory, make_site

from ..helpers import empty_the_database

# Not transactional: the restore empties and refills the database inside the
# test's own transaction, which is rolled back afterwards like any other test.
pytestmark = pytest.mark.django_db

Document = get_document_model()

PDF_BYTES = b"%PDF-1.4\n% annual report\n%%EOF\n"


def snapshot(client):
    pages = {
        page.url_path: (page.title, page.live, page.specific_class.__name__)
        for page in Page.objects.all()
    }
    live_urls = {
        page.url: client.get(page.url).status_code
        for page in Page.objects.live().filter(depth__gt=1).specific()
        if page.url  # Wagtail's starter page sits outside every site
    }
    documents = {
        document.title: b"".join(client.get(document.url).streaming_content)
        for document in Document.objects.all()
    }
    return {
        "pages": pages,
        "live_urls": live_urls,
        "documents": documents,
        "images": {image.title: image.file.read() for image in Image.objects.all()},
        "partnerships": sorted(Partnership.objects.values_list("name", "brand_colour")),
        "log": sorted(PageLogEntry.objects.values_list("action", "page_id")),
    }


def test_backup_then_restore_into_an_empty_database_gives_back_the_same_site(
    client, tmp_path, django_user_model, approver, admin_user
):
    site = make_site(title="Sunderland Safeguarding Children Partnership")
    home = site.root_page.specific
    about = StandardPageFactory(parent=home, title="About the partnership", slug="about")
    StandardPageFactory(parent=about, title="Our boards", slug="boards")
    draft = StandardPageFactory(parent=home, title="Draft plan", slug="draft-plan", live=False)
    about.save_revision(user=admin_user).publish(user=admin_user)
    Partnership.objects.filter(site=site).update(name="Sunderland SCP", brand_colour="#123456")
    # Published on its own, so anyone may read it before and after.
    document = Document(title="Annual report 2022 to 2023", published_on_its_own=True)
    document.file.save("annual-report-2022-23.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    Image.objects.create(title="Board meeting", file=get_test_image_file())
    approver.set_password("plum orchard lantern 42")
    approver.save()

    approvers_group = approver.groups.get().name
    before = snapshot(client)
    assert before["documents"]["Annual report 2022 to 2023"] == PDF_BYTES
    assert before["live_urls"] and set(before["live_urls"].values()) == {200}

    archive = tmp_path / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    with tarfile.open(archive) as contents:
        names = contents.getnames()
    assert "data.json" in names and "manifest.json" in names
    assert f"media/{document.file.name}" in names

    # A new server: an empty database and no media.
    empty_the_database()
    media = [name.removeprefix("media/") for name in names if name.startswith("media/")]
    for name in media:
        default_storage.delete(name)
    assert not Page.objects.filter(depth__gt=1).exists()
    assert not any(default_storage.exists(name) for name in media)

    call_command("restore_site", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert snapshot(client) == before
    restored = django_user_model.objects.get(username=approver.username)
    assert restored.check_password("plum orchard lantern 42")
    assert restored.groups.filter(name=approvers_group).exists()
    assert Page.objects.get(pk=draft.pk).live is False
    # The search index is rebuilt.
    assert client.get("/search/", {"q": "boards"}).content.decode().count("Our boards") >= 1


def test_restore_refuses_a_database_that_has_content(tmp_path, site, django_user_model):
    archive = tmp_path / "site.tar.gz"
    call_command("backup_site", output=str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    django_user_model.objects.create_user("someone")
    with pytest.raises(CommandError, match="already has users or pages"):
        call_command("restore_site", str(archive))


def test_restore_refuses_something_that_is_not_a_backup(tmp_path, db):
    not_a_backup = tmp_path / "holiday.tar.gz"
    with tarfile.open(not_a_backup, "w:gz") as archive:
        archive.add(__file__, arcname="photo.jpg")
    with pytest.raises(CommandError, match="not a site backup"):
        call_command("restore_site", str(not_a_backup), force=True)

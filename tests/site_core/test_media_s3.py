"""Media in an S3-compatible bucket (moto's fake S3), built from the same
settings production builds: documents stay private, renditions go public
through the CDN domain, backups still hold every file."""

import tarfile

import boto3
import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto import mock_aws
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from config.settings.scale_out import media_storages
from operations.backups import create_backup, restore_backup
from tests.factories.publications import make_pdf_bytes
from tests.helpers import board_members_group, members_papers_collection

from ..helpers import empty_the_database

pytestmark = pytest.mark.django_db

BUCKET = "sscp-media"
REGION = "eu-west-2"
CDN = "images.partnership.example.org"
EVERYONE = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)
Document = get_document_model()


@pytest.fixture
def s3(settings, monkeypatch):
    """The bucket settings of config/settings/base.py, against moto's S3."""
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        configured = media_storages(
            {
                "AWS_STORAGE_BUCKET_NAME": BUCKET,
                "AWS_S3_REGION_NAME": REGION,
                "AWS_S3_CUSTOM_DOMAIN": CDN,
            }
        )
        settings.STORAGES = {**settings.STORAGES, **configured}
        settings.WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
        # Django resolves a FileField's storage callable once, when the model
        # class is built, as it would in production with these settings.
        rendition_field = get_image_model().get_rendition_model()._meta.get_field("file")
        monkeypatch.setattr(rendition_field, "storage", storages["renditions"])
        yield client


def is_public(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return any(grant["Grantee"].get("URI") in EVERYONE for grant in grants)


@pytest.fixture
def board_member(django_user_model, site):
    user = django_user_model.objects.create_user("member", password="not-used-here-123")
    user.groups.add(board_members_group())
    return user


@pytest.mark.ignore_template_errors
def test_an_uploaded_members_paper_is_stored_privately_in_the_bucket(
    s3, client, admin_user, login_as, site
):
    login_as(client, admin_user)
    pdf = make_pdf_bytes(3)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Quarterly scorecard",
            "file": SimpleUploadedFile("scorecard.pdf", pdf),
            "collection": members_papers_collection().pk,
            "fully_accessible": "on",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.page_count == 3  # read back from the bucket

    key = document.file.name
    assert key.startswith("documents/")
    stored = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored == pdf
    assert not is_public(s3, key)
    # Any URL the storage itself makes is signed and expires; never the CDN's.
    direct = document.file.url
    assert "X-Amz-Signature=" in direct
    assert CDN not in direct
    # Pages link the view that checks privacy, not the bucket.
    assert document.url == f"/documents/{document.pk}/scorecard.pdf"


@pytest.fixture
def private_paper(s3, site):
    document = Document(title="Private minutes", collection=members_papers_collection())
    document.file.save("private-minutes.txt", ContentFile(b"Minutes text.\n"), save=False)
    document.save()
    return document


def test_a_private_paper_sends_strangers_to_sign_in(client, private_paper):
    response = client.get(private_paper.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/_util/login/?next=")
    assert "amazonaws" not in response["Location"]


def test_a_board_member_gets_the_paper_streamed_through_django(
    client, login_as, private_paper, board_member
):
    login_as(client, board_member)
    response = client.get(private_paper.url)
    assert response.status_code == 200  # not a redirect to the bucket
    assert b"".join(response.streaming_content) == b"Minutes text.\n"
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_renditions_are_served_from_the_cdn_domain_and_originals_are_not(s3, client):
    image = wagtail_factories.ImageFactory(file__width=1200, file__height=800)
    assert image.file.name.startswith("original_images/")
    assert not is_public(s3, image.file.name)
    assert "X-Amz-Signature=" in image.file.url

    rendition = image.get_rendition("width-400")
    assert rendition.url == f"https://{CDN}/{rendition.file.name}"
    assert rendition.file.name.startswith("images/")
    stored = s3.head_object(Bucket=BUCKET, Key=rendition.file.name)
    assert stored["CacheControl"].startswith("public")
    # Public through the CDN's access to images/, never by an object ACL.
    assert not is_public(s3, rendition.file.name)

    # Old /media/images/ links lead to the CDN; nothing else is reachable there.
    response = client.get(f"/media/{rendition.file.name}")
    assert response.status_code == 302
    assert response["Location"] == rendition.url
    assert client.get("/media/images/missing.jpg").status_code == 404
    assert client.get("/media/" + image.file.name).status_code == 404


def test_a_backup_holds_the_bucket_and_a_restore_puts_it_back(s3, tmp_path, site):
    pdf = make_pdf_bytes(2)
    document = Document(title="Annual report", collection=members_papers_collection())
    document.file.save("annual-report.pdf", ContentFile(pdf), save=False)
    document.save()
    image = wagtail_factories.ImageFactory()
    rendition = image.get_rendition("width-100")
    names = {document.file.name, image.file.name, rendition.file.name}

    archive = tmp_path / "site.tar.gz"
    manifest = create_backup(archive)
    assert manifest["media_files"] == 3
    with tarfile.open(archive) as contents:
        assert {f"media/{name}" for name in names} <= set(contents.getnames())

    for name in names:  # the bucket is lost, and the database with it
        s3.delete_object(Bucket=BUCKET, Key=name)
    empty_the_database()
    restore_backup(archive)
    for name in names:
        assert default_storage.exists(name)
        assert not is_public(s3, name)
    restored = Document.objects.get(title="Annual report")
    assert restored.file.read() == pdf


def test_a_backup_stops_when_the_bucket_cannot_be_read(s3, tmp_path):
    s3.delete_bucket(Bucket=BUCKET)
    with pytest.raises(Exception, match="NoSuchBucket"):
        create_backup(tmp_path / "site.tar.gz")
    assert not (tmp_path / "site.tar.gz").exists()

"""Backups you can trust: private archives, a manifest of checksums and row
counts, and a restore that checks the whole archive before it writes anything,
checks the result after, and otherwise changes nothing."""

import hashlib
import io
import json
import os
import stat
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db.models.signals import post_save
from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageLogEntry

from operations import backups
from operations.backups import EXCLUDED, RestoreError, create_backup, restore_backup
from tests.factories.site_core import StandardPageFactory

from ..helpers import empty_the_database

pytestmark = pytest.mark.django_db

Document = get_document_model()
PDF_BYTES = b"%PDF-1.4\n% members' papers\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"


# -- A small site, backed up -------------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def backed_up(site, media_root, tmp_path, admin_user, django_user_model):
    """A site with a page, a published revision (a log entry), a document and
    an image; returns its archive and the document's storage name."""
    page = StandardPageFactory(parent=site.root_page, title="About", slug="about")
    page.save_revision(user=admin_user).publish(user=admin_user)
    django_user_model.objects.create_user("board-member", password="plum orchard 42")
    document = Document(title="Minutes")
    document.file.save("minutes.pdf", ContentFile(PDF_BYTES), save=False)
    document.save()
    Image.objects.create(title="Board", file=get_test_image_file())
    archive = tmp_path / "archives" / "site.tar.gz"
    create_backup(archive)
    return archive, document.file.name


def members(archive):
    with tarfile.open(archive) as contents:
        return [
            (member, contents.extractfile(member).read() if member.isreg() else None)
            for member in contents.getmembers()
        ]


def write(path, entries):
    with tarfile.open(path, "w:gz") as archive:
        for info, data in entries:
            if data is not None:
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
            else:
                archive.addfile(info)
    return path


def entry(name, data=None, kind=tarfile.REGTYPE, linkname=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = linkname
    return info, data


def manifest_of(entries):
    return json.loads(next(data for info, data in entries if info.name == "manifest.json"))


def with_manifest(entries, manifest):
    encoded = json.dumps(manifest).encode()
    return [(info, encoded if info.name == "manifest.json" else data) for info, data in entries]


def database_state():
    out = io.StringIO()
    call_command("dumpdata", exclude=EXCLUDED, stdout=out)
    return out.getvalue()


def media_state(root):
    root = Path(root)
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# -- Private archives ----------------------------------------------------------------


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The laxest umask: nothing may rely on it."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def test_archive_is_0600_and_the_backups_folder_0700_whatever_the_umask(
    settings, tmp_path, site, media_root, open_umask, monkeypatch
):
    default_storage.save("documents/minutes.pdf", ContentFile(PDF_BYTES))
    settings.BASE_DIR = tmp_path
    seen_while_writing = []
    real_open = default_storage.open

    def watching_open(name, *args, **kwargs):
        # While the archive is being written: any file in the folder is private.
        seen_while_writing.extend(mode(path) for path in (tmp_path / "backups").iterdir())
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(default_storage, "open", watching_open)
    call_command("backup_site", stdout=io.StringIO(), stderr=io.StringIO())

    folder = tmp_path / "backups"
    (archive,) = folder.iterdir()
    assert archive.name.startswith("site-") and archive.name.endswith(".tar.gz")
    assert mode(folder) == 0o700
    assert mode(archive) == 0o600
    assert seen_while_writing == [0o600]  # the half-written archive, never wider


def test_an_existing_backups_folder_is_made_private(settings, tmp_path, site, media_root):
    settings.BASE_DIR = tmp_path
    (tmp_path / "backups").mkdir(mode=0o755)
    (tmp_path / "backups").chmod(0o755)
    call_command("backup_site", stdout=io.StringIO(), stderr=io.StringIO())
    assert mode(tmp_path / "backups") == 0o700


def test_a_new_folder_for_an_archive_is_made_0700(tmp_path, site, media_root, open_umask):
    archive = tmp_path / "offsite" / "weekly" / "site.tar.gz"
    create_backup(archive)
    assert mode(archive.parent) == 0o700
    assert mode(archive) == 0o600
    assert sorted(path.name for path in archive.parent.iterdir()) == ["site.tar.gz"]


def test_a_folder_others_can_open_is_pointed_out(tmp_path, site, media_root):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o755)
    err = io.StringIO()
    call_command(
        "backup_site", output=str(folder / "site.tar.gz"), stdout=io.StringIO(), stderr=err
    )
    assert "others can open" in err.getvalue()
    assert mode(folder / "site.tar.gz") == 0o600


# -- The manifest --------------------------------------------------------------------


def test_the_manifest_lists_every_file_with_its_checksum_and_every_table_with_its_rows(
    backed_up, django_user_model
):
    archive, document_name = backed_up
    entries = {info.name: data for info, data in members(archive)}
    manifest = json.loads(entries.pop("manifest.json"))

    assert manifest["format"] == 2
    assert set(manifest["files"]) == set(entries)  # data.json and every media file
    assert "data.json" in manifest["files"]
    assert f"media/{document_name}" in manifest["files"]
    assert manifest["media_files"] == len(entries) - 1
    for name, data in entries.items():
        assert manifest["files"][name] == {
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    assert entries[f"media/{document_name}"] == PDF_BYTES

    rows = manifest["rows"]
    assert rows["auth.user"] == django_user_model.objects.count() >= 2
    assert rows["wagtailcore.pagelogentry"] == PageLogEntry.objects.count() >= 1
    assert rows[Document._meta.label_lower] == 1
    assert rows["auth.user_groups"] == django_user_model.groups.through.objects.count()
    assert rows["contenttypes.contenttype"] > 0
    # Every table the backup covers has a count, empty ones included...
    assert "site_core.partnership" in rows
    assert all(
        apps.get_model(label)._base_manager.count() == count for label, count in rows.items()
    )
    # ...and nothing left out of the backup is counted.
    assert not any(label.startswith(("sessions.", "axes.", "wagtailsearch.")) for label in rows)
    assert "wagtailcore.referenceindex" not in rows
    assert "wagtailcore.0001_initial" in manifest["migrations"]


# -- A damaged archive changes nothing -------------------------------------------------


def flip_a_byte(entries, name):
    changed = []
    for info, data in entries:
        if info.name == name:
            data = bytearray(data)
            data[len(data) // 2] ^= 0x01
            data = bytes(data)
        changed.append((info, data))
    return changed


def replace_data(entries, new_data):
    """data.json replaced, and the manifest's checksum for it updated to match
    (a consistent tampering that only the deeper checks find)."""
    manifest = manifest_of(entries)
    manifest["files"]["data.json"] = {
        "size": len(new_data),
        "sha256": hashlib.sha256(new_data).hexdigest(),
    }
    entries = [(info, new_data if info.name == "data.json" else data) for info, data in entries]
    return with_manifest(entries, manifest)


def drop_a_user(entries):
    objects = json.loads(next(data for info, data in entries if info.name == "data.json"))
    user = next(item for item in objects if item["model"] == "auth.user")
    objects.remove(user)
    return replace_data(entries, json.dumps(objects).encode())


def change_manifest(**changes):
    def change(entries, document=None):
        manifest = manifest_of(entries)
        for key, value in changes.items():
            if callable(value):
                value = value(manifest[key])
            manifest[key] = value
        return with_manifest(entries, manifest)

    return change


def add_a_retired_table(entries):
    """Rows of a model this code base no longer has, in data.json and the
    manifest alike (as a backup made before the model was removed would be)."""
    objects = json.loads(next(data for info, data in entries if info.name == "data.json"))
    objects.append({"model": "retired.thing", "pk": 1, "fields": {}})
    entries = replace_data(entries, json.dumps(objects).encode())
    return change_manifest(rows=lambda rows: {**rows, "retired.thing": 1})(entries)


# (damage, how it is made from the good archive's entries, the one line restore says)
TAMPERED = {
    "a flipped byte in a media file": (
        lambda entries, document: flip_a_byte(entries, f"media/{document}"),
        "The archive is damaged: media/{document} is missing or changed",
    ),
    "a flipped byte in data.json": (
        lambda entries, document: flip_a_byte(entries, "data.json"),
        "The archive is damaged: data.json is missing or changed",
    ),
    "a missing member": (
        lambda entries, document: [e for e in entries if e[0].name != f"media/{document}"],
        "The archive is damaged: media/{document} is missing.",
    ),
    "an extra member": (
        lambda entries, document: [*entries, entry("media/documents/extra.pdf", PDF_BYTES)],
        "The archive is damaged: it holds media/documents/extra.pdf, which its manifest "
        "does not list",
    ),
    "a member twice": (
        lambda entries, document: [*entries, entries[0]],
        "The archive is damaged: .* appears twice",
    ),
    "a path-traversal member": (
        lambda entries, document: [*entries, entry("../evil.txt", b"owned")],
        "The archive is unsafe: '../evil.txt' points outside the backup",
    ),
    "a path-traversal member under media": (
        lambda entries, document: [*entries, entry("media/../../evil.txt", b"owned")],
        "The archive is unsafe: 'media/../../evil.txt' points outside the backup",
    ),
    "an absolute member": (
        lambda entries, document: [*entries, entry("/srv/evil.txt", b"owned")],
        "The archive is unsafe: '/srv/evil.txt' points outside the backup",
    ),
    "a symlink member": (
        lambda entries, document: [
            *entries,
            entry("media/documents/passwd.pdf", kind=tarfile.SYMTYPE, linkname="/etc/passwd"),
        ],
        "The archive is unsafe: media/documents/passwd.pdf is a symbolic link, not a plain file",
    ),
    "a hard link member": (
        lambda entries, document: [
            *entries,
            entry("media/documents/copy.pdf", kind=tarfile.LNKTYPE, linkname="data.json"),
        ],
        "The archive is unsafe: media/documents/copy.pdf is a hard link, not a plain file",
    ),
    "a device member": (
        lambda entries, document: [*entries, entry("media/null", kind=tarfile.CHRTYPE)],
        "The archive is unsafe: media/null is a device, not a plain file",
    ),
    "a missing manifest": (
        lambda entries, document: [e for e in entries if e[0].name != "manifest.json"],
        "The archive is not a site backup, or is damaged: it has no manifest.json",
    ),
    "a bad manifest version": (
        change_manifest(format=99),
        "The archive's manifest is of format 99; this site reads format 2 only",
    ),
    "a manifest of the old format without checksums": (
        change_manifest(format=1),
        r"made by an older backup command \(format 1\), which wrote no checksums",
    ),
    "a manifest that is not JSON": (
        lambda entries, document: [
            (info, b"{not json" if info.name == "manifest.json" else data) for info, data in entries
        ],
        "The archive is damaged: manifest.json cannot be read",
    ),
    "a manifest without checksums": (
        change_manifest(files=lambda files: {name: {"size": 1} for name in files}),
        "The archive is damaged: manifest.json is incomplete",
    ),
    "data.json that does not parse (checksum updated)": (
        lambda entries, document: replace_data(entries, b"[{broken"),
        "The archive is damaged: data.json cannot be read as the site's data",
    ),
    "data.json with a row removed (checksum updated)": (
        lambda entries, document: drop_a_user(entries),
        r"The archive is damaged: data.json holds \d+ rows of auth.user, its manifest says \d+",
    ),
    "another Django feature release": (
        change_manifest(django="5.2.8"),
        "The backup was made with Django 5.2.8 .* a restore needs the same feature releases",
    ),
    "a newer version of the site": (
        change_manifest(migrations=lambda names: [*names, "site_core.9999_from_the_future"]),
        r"made by a newer version of the site \(migrations site_core.9999_from_the_future",
    ),
    "a table this site does not have": (
        lambda entries, document: add_a_retired_table(entries),
        r"holds tables this version of the site does not have \(retired.thing\)",
    ),
}


def _good_bytes(archive):
    return archive.read_bytes()


# Damage to the file itself, not to its members.
def truncated(archive):
    data = _good_bytes(archive)
    return data[: len(data) // 2]


def cut_at_the_end(archive):
    return _good_bytes(archive)[:-4]


def flipped_compressed_byte(archive):
    data = bytearray(_good_bytes(archive))
    data[len(data) // 2] ^= 0xFF
    return bytes(data)


def flipped_trailer_byte(archive):
    data = bytearray(_good_bytes(archive))
    data[-6] ^= 0xFF  # the gzip CRC
    return bytes(data)


BROKEN = {
    "a truncated archive": (
        truncated,
        r"The archive is damaged: it ends too soon \(the file is cut short\)",
    ),
    "an archive missing its last bytes": (
        cut_at_the_end,
        r"The archive is damaged: it ends too soon",
    ),
    "a flipped byte in the compressed stream": (
        flipped_compressed_byte,
        "The archive is damaged: ",
    ),
    "a flipped byte in the gzip checksum": (
        flipped_trailer_byte,
        "The archive is damaged: its compressed data fails its own check",
    ),
    "not-gzip garbage": (
        lambda archive: os.urandom(4096),
        "The archive is damaged: it is not a .tar.gz file",
    ),
    "a text file": (
        lambda archive: b"Not a backup at all.\n" * 20,
        "The archive is damaged: it is not a .tar.gz file",
    ),
    "an empty file": (lambda archive: b"", "The archive is damaged: the file is empty"),
    "a tar that is not gzipped": (
        lambda archive: _plain_tar(archive),
        "The archive is damaged: it is not a .tar.gz file",
    ),
}


def _plain_tar(archive):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as plain:
        for info, data in members(archive):
            plain.addfile(info, io.BytesIO(data))
    return out.getvalue()


def assert_restore_refuses(path, expected, **options):
    """One plain line through CommandError (no other exception, so no
    traceback reaches the operator), naming the damage and saying nothing
    was restored."""
    with pytest.raises(CommandError) as refused:
        call_command("restore_site", str(path), stdout=io.StringIO(), **options)
    message = str(refused.value)
    assert "\n" not in message and "Traceback" not in message
    assert message.endswith("Nothing was restored.")
    assert refused.match(expected), message
    return message


@pytest.fixture
def unchanged(media_root, tmp_path):
    """Asserts, after the test, that the database rows and media files are
    as they were before the restore was tried, and nothing appeared outside."""
    states = {}

    def before():
        states["database"] = database_state()
        states["media"] = media_state(media_root)
        states["outside"] = sorted(str(p) for p in tmp_path.parent.rglob("evil.txt"))

    yield before
    assert states, "call unchanged() before the restore"
    assert media_state(media_root) == states["media"]
    assert database_state() == states["database"]
    assert sorted(str(p) for p in tmp_path.parent.rglob("evil.txt")) == states["outside"]
    assert not Path("/srv/evil.txt").exists()


@pytest.mark.parametrize("damage", TAMPERED, ids=list(TAMPERED))
def test_a_tampered_archive_gives_one_clear_line_and_changes_nothing(
    damage, backed_up, tmp_path, unchanged
):
    archive, document = backed_up
    make, expected = TAMPERED[damage]
    bad = write(tmp_path / "bad.tar.gz", make(members(archive), document))
    unchanged()
    # --force: even told to replace everything, a bad archive writes nothing.
    assert_restore_refuses(bad, expected.format(document=document), force=True)


@pytest.mark.parametrize("damage", BROKEN, ids=list(BROKEN))
def test_a_broken_file_gives_one_clear_line_and_changes_nothing(
    damage, backed_up, tmp_path, unchanged
):
    archive, _ = backed_up
    make, expected = BROKEN[damage]
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(make(archive))
    unchanged()
    assert_restore_refuses(bad, expected, force=True)


def test_no_archive_at_all(tmp_path, db):
    assert_restore_refuses(tmp_path / "nowhere.tar.gz", "There is no archive at ")


def test_damage_is_reported_before_the_database_is_looked_at(backed_up, tmp_path, unchanged):
    """Without --force into a database with content: the archive is checked
    first, so the operator hears about the damage, not about the database."""
    archive, _ = backed_up
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(truncated(archive))
    unchanged()
    message = assert_restore_refuses(bad, "The archive is damaged")
    assert "already has users" not in message


def test_a_good_archive_still_refuses_a_database_with_content(backed_up, unchanged):
    archive, _ = backed_up
    unchanged()
    with pytest.raises(CommandError, match="already has users or pages"):
        call_command("restore_site", str(archive), stdout=io.StringIO())


# -- The result is checked after loading ------------------------------------------------


@pytest.fixture
def new_server(backed_up, media_root):
    """The backed-up site's database emptied and its media gone."""
    empty_the_database()
    for path in Path(media_root).rglob("*"):
        if path.is_file():
            path.unlink()
    return backed_up


def test_a_file_the_storage_changes_on_the_way_in_undoes_the_restore(
    new_server, media_root, monkeypatch, unchanged
):
    archive, document = new_server
    default_storage.save("documents/already-here.txt", ContentFile(b"kept as it was"))
    real_save = default_storage._save

    def corrupting_save(name, content):
        if name == document:
            content = ContentFile(content.read()[:-1] + b"?")
        return real_save(name, content)

    monkeypatch.setattr(default_storage, "_save", corrupting_save)
    unchanged()
    with pytest.raises(RestoreError) as refused:
        restore_backup(archive)
    assert str(refused.value) == (
        f"The restored files do not match the backup: {document} is missing or changed in "
        "storage. Nothing was restored."
    )


def test_rows_lost_while_loading_undo_the_restore(new_server, unchanged):
    archive, _ = new_server

    def lose_it(sender, instance, raw, **kwargs):
        if raw:
            sender.objects.filter(pk=instance.pk).delete()

    post_save.connect(lose_it, sender=PageLogEntry, dispatch_uid="lose-log-entries")
    try:
        unchanged()
        with pytest.raises(RestoreError, match=r"wagtailcore.pagelogentry has 0 rows, the backup"):
            restore_backup(archive)
    finally:
        post_save.disconnect(dispatch_uid="lose-log-entries", sender=PageLogEntry)


def test_a_restore_that_checks_out_says_so(new_server, media_root, django_user_model):
    archive, document = new_server
    out = io.StringIO()
    call_command("restore_site", str(archive), stdout=out)
    assert "checked against its manifest" in out.getvalue()
    assert (Path(media_root) / document).read_bytes() == PDF_BYTES
    assert django_user_model.objects.get(username="board-member").check_password("plum orchard 42")
    manifest = json.loads(
        next(data for info, data in members(archive) if info.name == "manifest.json")
    )
    for label, count in manifest["rows"].items():
        assert apps.get_model(label)._base_manager.count() == count, label


def test_a_newer_site_cannot_take_an_older_backup(new_server, monkeypatch, unchanged):
    """Migrations the site has and the backup lacks: stop, with what to do."""
    archive, _ = new_server
    real = backups.applied_migrations
    monkeypatch.setattr(
        backups,
        "applied_migrations",
        lambda using: [*real(using), "site_core.9999_added_since"],
    )
    unchanged()
    with pytest.raises(RestoreError, match=r"made before migrations this site has"):
        restore_backup(archive)

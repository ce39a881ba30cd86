"""Back up the whole site to one archive, and restore it into an empty database.

An archive (``backups/site-YYYYMMDD-HHMMSS.tar.gz``) holds:

* ``manifest.json``: when it was made, the versions, the applied migrations;
* ``data.json``: every database row (``dumpdata``) with its primary key, so
  page trees, revisions, permissions and audit history line up exactly.
  Content types and permissions are included too, with their keys: natural
  keys cannot be used because Wagtail keeps history entries for deleted
  pages, whose natural key no longer resolves. Left out: sessions, sign-in
  lockout records, and the search and reference indexes (rebuilt after a
  restore);
* ``media/...``: every uploaded file (documents, images, renditions), read
  through Django's storage so it works with object storage too: with
  AWS_STORAGE_BUCKET_NAME set, every object in the bucket, renditions
  included (they share it), and a restore writes them back there.

A restore wants a database that has just been migrated and holds nothing
else: it empties it, reloads every row and file, then rebuilds the search
and reference indexes.
"""

import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import django
import wagtail
from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT_VERSION = 1
DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"

EXCLUDED = [
    "sessions",
    "axes",
    "wagtailsearch",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
]


class RestoreError(Exception):
    pass


def _media_files(storage, directory=""):
    directories, files = storage.listdir(directory)
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for sub in sorted(directories):
        yield from _media_files(storage, f"{directory}/{sub}" if directory else sub)


def _all_media(storage):
    """Every file in the storage (a folder or a bucket). A media folder that does
    not exist yet holds nothing; any other failure to list (a bucket that cannot
    be read) stops the backup rather than leaving the media out."""
    try:
        return list(_media_files(storage))
    except FileNotFoundError:
        return []


def applied_migrations(using):
    recorder = MigrationRecorder(connections[using])
    latest = {}
    for app, name in recorder.applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(tz=UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(destination, using=DEFAULT_DB_ALIAS, storage=None):
    """Write one .tar.gz of the database and media to ``destination`` (a path)."""
    storage = storage or default_storage
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as work:
        data_path = Path(work) / DATA_NAME
        # Content types and permissions first: loading a page looks up its
        # content type, which must by then be the saved one.
        first = ["contenttypes", "auth"]
        labels = first + [
            config.label for config in apps.get_app_configs() if config.label not in first
        ]
        call_command(
            "dumpdata",
            *labels,
            exclude=EXCLUDED,
            database=using,
            output=str(data_path),
            verbosity=0,
        )
        media = _all_media(storage)
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.now(tz=UTC).isoformat(timespec="seconds"),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "migrations": applied_migrations(using),
            "media_files": len(media),
        }
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, MANIFEST_NAME, json.dumps(manifest, indent=2).encode())
            archive.add(data_path, arcname=DATA_NAME)
            for name in media:
                with storage.open(name, "rb") as handle:
                    _add_bytes(archive, MEDIA_PREFIX + name, handle.read())
        partial.replace(destination)  # never leave a half-written archive behind
    return manifest


def database_is_empty(using=DEFAULT_DB_ALIAS):
    """True for a freshly migrated database: no users and only Wagtail's starter pages."""
    User = apps.get_model("auth", "User")
    Page = apps.get_model("wagtailcore", "Page")
    return not User.objects.using(using).exists() and Page.objects.using(using).count() <= 2


def _safe_media_name(member_name):
    relative = PurePosixPath(member_name[len(MEDIA_PREFIX) :])
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise RestoreError(f"Refusing a media path outside the media folder: {member_name}")
    return str(relative)


def restore_backup(source, using=DEFAULT_DB_ALIAS, storage=None, force=False):
    """Load an archive made by ``create_backup`` into an empty database."""
    storage = storage or default_storage
    if not force and not database_is_empty(using):
        raise RestoreError(
            "This database already has users or pages. Restore into a new, freshly migrated "
            "database (or pass --force to replace everything in this one)."
        )
    with tarfile.open(source, "r:gz") as archive:
        members = {member.name: member for member in archive.getmembers() if member.isfile()}
        if DATA_NAME not in members or MANIFEST_NAME not in members:
            raise RestoreError(f"{source} is not a site backup: no {DATA_NAME}/{MANIFEST_NAME}.")
        manifest = json.load(archive.extractfile(members[MANIFEST_NAME]))
        media_names = {
            name: _safe_media_name(name) for name in members if name.startswith(MEDIA_PREFIX)
        }

        with tempfile.TemporaryDirectory() as work:
            data_path = Path(work) / DATA_NAME
            data_path.write_bytes(archive.extractfile(members[DATA_NAME]).read())
            with transaction.atomic(using=using):
                # Empty every table without re-running the post-migrate steps, so
                # everything comes back exactly as saved, keys included...
                call_command(
                    "flush",
                    interactive=False,
                    database=using,
                    inhibit_post_migrate=True,
                    verbosity=0,
                )
                ContentType.objects.clear_cache()
                call_command("loaddata", str(data_path), database=using, verbosity=0)
                ContentType.objects.clear_cache()
                # ...then add any content types and permissions this code base
                # has and the backup did not.
                for app_config in apps.get_app_configs():
                    create_contenttypes(app_config, verbosity=0, using=using)
                    create_permissions(app_config, verbosity=0, using=using)

        for member_name, name in media_names.items():
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(members[member_name])))
            if saved != name:
                raise RestoreError(f"Could not restore {name} (the storage saved it as {saved}).")

    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
    return manifest

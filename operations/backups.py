"""Back up the whole site to one archive, check it, and restore it into an empty database.

An archive (``backups/site-YYYYMMDD-HHMMSS.tar.gz``) holds:

* ``data.json``: every database row (``dumpdata``) with its primary key, so
  page trees, revisions, permissions and audit history line up exactly.
  Content types and permissions are included too, with their keys: natural
  keys cannot be used because Wagtail keeps history entries for deleted
  pages, whose natural key no longer resolves. Left out: sessions, sign-in
  lockout records, and the search and reference indexes (rebuilt after a
  restore). So it holds password hashes, second-factor secrets and backup
  codes, and everyone's personal data: treat it as the most private thing
  the site has (README, "Backups");
* ``media/...``: every uploaded file (documents, members-only papers included,
  images, renditions), read through Django's storage so it works with object
  storage too: with AWS_STORAGE_BUCKET_NAME set, every object in the bucket,
  renditions included (they share it), and a restore writes them back there;
* ``manifest.json`` (written last): the format version, when it was made, the
  Django and Wagtail versions, every applied migration, the size and SHA-256
  checksum of every other member, and the number of rows of every table.

The archive is created readable by its owner only (0600, from its first
byte), in a folder made 0700.

A restore first checks the whole archive (:func:`open_backup`): it reads it
from end to end into a private staging folder, refusing anything that is not
a plain file at a safe path, any member the manifest does not list, any listed
member missing or changed, a manifest of an unknown format, and data whose
row counts disagree with the manifest. Then it checks that this code base can
take it (:func:`check_compatible`): the same Django and Wagtail feature
releases, every model and migration known here. Only then does it write
(:func:`restore_verified`): into a database that has just been migrated with
exactly the backup's migrations and holds nothing else, it empties and reloads
every row, checks every table's row count against the manifest, writes the
files back and reads each one again to check it. Any failure undoes the
database (one transaction) and the files, and is a :class:`RestoreError` with
one plain sentence.
"""

import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass
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
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from wagtail.models import Site

from site_core.signals import public_content_changed

FORMAT_VERSION = 2
DATA_NAME = "data.json"
MANIFEST_NAME = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
NOTHING_RESTORED = "Nothing was restored."

EXCLUDED = [
    "sessions",
    "axes",
    "wagtailsearch",
    "wagtailcore.referenceindex",
    "wagtailadmin.editingsession",
]


class RestoreError(Exception):
    """A restore that stopped; the message is one plain sentence for the operator."""


def _damaged(detail):
    return RestoreError(f"The archive is damaged: {detail}. {NOTHING_RESTORED}")


def _unsafe(detail):
    return RestoreError(f"The archive is unsafe: {detail}. {NOTHING_RESTORED}")


def _some(names, most=3):
    names = sorted(names)
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


# -- What is backed up ---------------------------------------------------------


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
    """Every migration recorded in the database, as sorted ``app.name`` strings."""
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _dumped_models(using):
    """The models ``dumpdata`` writes (as this module calls it), by label."""
    excluded_apps = {label for label in EXCLUDED if "." not in label}
    excluded_models = {label for label in EXCLUDED if "." in label}
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.app_label in excluded_apps
            or label in excluded_models
            or model._meta.proxy
            or not router.allow_migrate_model(using, model)
        ):
            continue
        yield model


def _inline_many_to_many(model):
    """Many-to-many fields whose rows dumpdata writes inside the object (their
    through table was made by Django), as {field name: through model label}."""
    return {
        field.name: field.remote_field.through._meta.label_lower
        for field in model._meta.many_to_many
        if field.serialize and field.remote_field.through._meta.auto_created
    }


def _count_rows(objects):
    """Rows per table in dumpdata output, through tables included."""
    counts = Counter()
    inline = {}
    for item in objects:
        label = item["model"]
        counts[label] += 1
        if label not in inline:
            try:
                inline[label] = _inline_many_to_many(apps.get_model(label))
            except LookupError:
                inline[label] = {}
        for field, through in inline[label].items():
            counts[through] += len(item.get("fields", {}).get(field) or [])
    return counts


def _tables(using):
    """Every table a backup covers, as {label: model}: the models dumpdata writes
    and the many-to-many tables it writes inside them."""
    tables = {}
    for model in _dumped_models(using):
        tables[model._meta.label_lower] = model
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if field.serialize and through._meta.auto_created:
                tables[through._meta.label_lower] = through
    return tables


def _describe(handle):
    """(size, SHA-256) of an open binary file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _private_folder(folder):
    """Make ``folder`` (0700) if it is missing; True if it was made here."""
    folder = Path(folder)
    if folder.exists():
        return False
    folder.mkdir(mode=0o700, parents=True)
    folder.chmod(0o700)
    return True


def _add_member(archive, name, handle, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(datetime.now(tz=UTC).timestamp())
    archive.addfile(info, handle)


def create_backup(destination, using=DEFAULT_DB_ALIAS, storage=None):
    """Write one .tar.gz of the database and media to ``destination`` (a path).

    The archive is written under a temporary name made 0600 from the start
    (``mkstemp``), then renamed into place: there is never a half-written
    archive, nor a moment when anyone else can read it.
    """
    storage = storage or default_storage
    destination = Path(destination)
    _private_folder(destination.parent)

    with tempfile.TemporaryDirectory() as work:  # 0700
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
        with data_path.open("rb") as handle:
            objects = json.load(handle)
        rows = dict.fromkeys(_tables(using), 0)
        rows.update(_count_rows(objects))
        del objects
        with data_path.open("rb") as handle:
            size, sha256 = _describe(handle)
        files = {DATA_NAME: {"size": size, "sha256": sha256}}
        media = _all_media(storage)

        descriptor, partial = tempfile.mkstemp(
            dir=destination.parent, prefix=f".{destination.name}.", suffix=".partial"
        )
        try:
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz") as archive,
            ):
                with data_path.open("rb") as handle:
                    _add_member(archive, DATA_NAME, handle, size)
                for name in media:
                    # Copied to a private spool first: the checksum and size
                    # must be those of the very bytes that go in the archive.
                    with (
                        storage.open(name, "rb") as source,
                        tempfile.SpooledTemporaryFile(max_size=16 * CHUNK, dir=work) as copy,
                    ):
                        shutil.copyfileobj(source, copy, CHUNK)
                        copy.seek(0)
                        size, sha256 = _describe(copy)
                        copy.seek(0)
                        _add_member(archive, MEDIA_PREFIX + name, copy, size)
                    files[MEDIA_PREFIX + name] = {"size": size, "sha256": sha256}
                manifest = {
                    "format": FORMAT_VERSION,
                    "created": datetime.now(tz=UTC).isoformat(timespec="seconds"),
                    "django": django.get_version(),
                    "wagtail": wagtail.__version__,
                    "migrations": applied_migrations(using),
                    "media_files": len(media),
                    "files": files,
                    "rows": dict(sorted(rows.items())),
                }
                encoded = json.dumps(manifest, indent=2).encode()
                with tempfile.SpooledTemporaryFile() as handle:
                    handle.write(encoded)
                    handle.seek(0)
                    _add_member(archive, MANIFEST_NAME, handle, len(encoded))
            os.replace(partial, destination)  # never leave a half-written archive behind
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(partial)
            raise
    return manifest


# -- Checking an archive before anything is written ----------------------------


@dataclass
class Member:
    path: Path
    size: int
    sha256: str


@dataclass
class VerifiedBackup:
    """An archive that passed every check, unpacked into a private folder."""

    source: Path
    manifest: dict
    data_path: Path
    media: dict  # storage name -> Member
    work: Path


def _kind(member):
    if member.issym():
        return "a symbolic link"
    if member.islnk():
        return "a hard link"
    if member.ischr() or member.isblk():
        return "a device"
    if member.isfifo():
        return "a pipe"
    if member.isdir():
        return "a folder"
    return "a special entry"


def _check_name(name):
    """A member name that stays inside the backup: relative, without ``..``."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name:
        raise _unsafe(f"{name!r} points outside the backup")
    return name


def _gzip_problem(error):
    if isinstance(error, EOFError):
        return "it ends too soon (the file is cut short)"
    if isinstance(error, gzip.BadGzipFile) and "CRC" in str(error):
        return "its compressed data fails its own check"
    if isinstance(error, gzip.BadGzipFile | zlib.error):
        return "it is not a .tar.gz file, or its compressed data is corrupt"
    reason = (str(error).strip().splitlines() or ["unreadable"])[0]
    return f"its tar structure is broken ({reason})"


def _unpack(source, work):
    """Read the archive from its first byte to its last, copying every member
    into ``work`` under a number (never its own name) with its size and
    checksum. The whole gzip stream is read, so its own CRC is checked too."""
    found = {}
    try:
        with (
            source.open("rb") as raw,
            gzip.GzipFile(fileobj=raw) as stream,
            tarfile.open(fileobj=stream, mode="r|") as archive,
        ):
            for number, member in enumerate(archive):
                name = _check_name(member.name)
                if not member.isreg():
                    raise _unsafe(f"{name} is {_kind(member)}, not a plain file")
                if name in found:
                    raise _damaged(f"{name} appears twice")
                target = work / f"member-{number}"
                digest = hashlib.sha256()
                size = 0
                with archive.extractfile(member) as handle, target.open("wb") as copy:
                    while chunk := handle.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        copy.write(chunk)
                found[name] = Member(target, size, digest.hexdigest())
            while stream.read(CHUNK):  # to the end: the gzip trailer's CRC and length
                pass
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise _damaged(_gzip_problem(error)) from error
    return found


def _valid_manifest(manifest):
    if not isinstance(manifest, dict):
        return False
    files, rows = manifest.get("files"), manifest.get("rows")
    sha256 = re.compile(r"[0-9a-f]{64}")
    return (
        isinstance(files, dict)
        and all(
            isinstance(entry, dict)
            and isinstance(entry.get("size"), int)
            and isinstance(entry.get("sha256"), str)
            and sha256.fullmatch(entry["sha256"])
            for entry in files.values()
        )
        and isinstance(rows, dict)
        and all(isinstance(count, int) and count >= 0 for count in rows.values())
        and isinstance(manifest.get("migrations"), list)
        and all(isinstance(name, str) for name in manifest["migrations"])
        and isinstance(manifest.get("django"), str)
        and isinstance(manifest.get("wagtail"), str)
        and isinstance(manifest.get("created"), str)
    )


def _read_manifest(found):
    if MANIFEST_NAME not in found:
        raise RestoreError(
            f"The archive is not a site backup, or is damaged: it has no {MANIFEST_NAME}. "
            f"{NOTHING_RESTORED}"
        )
    try:
        manifest = json.loads(found[MANIFEST_NAME].path.read_bytes())
    except ValueError as error:
        raise _damaged(f"{MANIFEST_NAME} cannot be read") from error
    version = manifest.get("format") if isinstance(manifest, dict) else None
    if version == 1:
        raise RestoreError(
            "The archive was made by an older backup command (format 1), which wrote no "
            f"checksums, so it cannot be checked. {NOTHING_RESTORED}"
        )
    if version != FORMAT_VERSION:
        raise RestoreError(
            f"The archive's manifest is of format {version!r}; this site reads format "
            f"{FORMAT_VERSION} only. {NOTHING_RESTORED}"
        )
    if not _valid_manifest(manifest):
        raise _damaged(f"{MANIFEST_NAME} is incomplete")
    return manifest


def _check_members(manifest, found):
    listed = manifest["files"]
    for name in listed:
        _check_name(name)
        if name != DATA_NAME and not (
            name.startswith(MEDIA_PREFIX) and len(name) > len(MEDIA_PREFIX)
        ):
            raise _damaged(f"its manifest lists {name}, which is not part of a site backup")
    if DATA_NAME not in listed:
        raise _damaged(f"its manifest does not list {DATA_NAME}")
    for name in sorted(found):
        if name != MANIFEST_NAME and name not in listed:
            raise _damaged(f"it holds {name}, which its manifest does not list")
    for name in sorted(listed):
        if name not in found:
            raise _damaged(f"{name} is missing")
        member, expected = found[name], listed[name]
        if member.size != expected["size"] or member.sha256 != expected["sha256"]:
            raise _damaged(f"{name} is missing or changed (its size or checksum differs)")


def _check_data(manifest, data_path):
    try:
        with data_path.open("rb") as handle:
            objects = json.load(handle)
        if not isinstance(objects, list) or not all(
            isinstance(item, dict) and isinstance(item.get("model"), str) for item in objects
        ):
            raise ValueError("not a list of rows")
    except ValueError as error:
        raise _damaged(f"{DATA_NAME} cannot be read as the site's data") from error
    counted = _count_rows(objects)
    expected = {label: count for label, count in manifest["rows"].items() if count}
    for label in sorted(set(counted) | set(expected)):
        if counted.get(label, 0) != expected.get(label, 0):
            raise _damaged(
                f"{DATA_NAME} holds {counted.get(label, 0)} rows of {label}, its manifest "
                f"says {expected.get(label, 0)}"
            )


@contextlib.contextmanager
def open_backup(source):
    """Check the whole archive at ``source`` and yield it as a
    :class:`VerifiedBackup`, unpacked in a private folder removed afterwards.
    Reads nothing from, and writes nothing to, the database or the storage."""
    source = Path(source)
    if not source.is_file():
        raise RestoreError(f"There is no archive at {source}. {NOTHING_RESTORED}")
    if source.stat().st_size == 0:
        raise _damaged("the file is empty")
    with tempfile.TemporaryDirectory(prefix="restore-") as work:  # 0700
        work = Path(work)
        found = _unpack(source, work)
        manifest = _read_manifest(found)
        _check_members(manifest, found)
        _check_data(manifest, found[DATA_NAME].path)
        media = {
            name.removeprefix(MEDIA_PREFIX): found[name]
            for name in sorted(manifest["files"])
            if name.startswith(MEDIA_PREFIX)
        }
        data_path = found[DATA_NAME].path.rename(work / DATA_NAME)  # loaddata wants .json
        yield VerifiedBackup(source, manifest, data_path, media, work)


def _feature_release(version):
    return ".".join(version.split(".")[:2])


def check_compatible(manifest):
    """Can this code base take the backup? It needs the same Django and Wagtail
    feature releases (patch releases may differ), every model the backup has
    rows for, and every migration it was made with. Reads no database."""
    here = {"Django": django.get_version(), "Wagtail": wagtail.__version__}
    there = {"Django": manifest["django"], "Wagtail": manifest["wagtail"]}
    if any(_feature_release(here[name]) != _feature_release(there[name]) for name in here):
        raise RestoreError(
            f"The backup was made with Django {there['Django']} and Wagtail "
            f"{there['Wagtail']}; this site runs Django {here['Django']} and Wagtail "
            f"{here['Wagtail']}, and a restore needs the same feature releases "
            f"(Django {_feature_release(there['Django'])}.x, Wagtail "
            f"{_feature_release(there['Wagtail'])}.x). {NOTHING_RESTORED}"
        )
    unknown_models = []
    for label in manifest["rows"]:
        try:
            apps.get_model(label)
        except (LookupError, ValueError):
            unknown_models.append(label)
    if unknown_models:
        raise RestoreError(
            f"The backup holds tables this version of the site does not have "
            f"({_some(unknown_models)}): restore it with the version that made it. "
            f"{NOTHING_RESTORED}"
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    newer = set(manifest["migrations"]) - known
    if newer:
        raise RestoreError(
            f"The backup was made by a newer version of the site (migrations "
            f"{_some(newer)} are not in this code): restore it with the version that "
            f"made it. {NOTHING_RESTORED}"
        )


def check_migrations_match(manifest, using=DEFAULT_DB_ALIAS):
    """The migrated database must have exactly the backup's migrations."""
    here = set(applied_migrations(using))
    there = set(manifest["migrations"])
    if here - there:
        raise RestoreError(
            f"The backup was made before migrations this site has ({_some(here - there)}): "
            f"restore it with the version of the site that made it, then upgrade. "
            f"{NOTHING_RESTORED}"
        )
    if there - here:
        raise RestoreError(
            f"The backup was made with migrations this database has not had "
            f"({_some(there - here)}): run migrate first. {NOTHING_RESTORED}"
        )


# -- Restoring -------------------------------------------------------------------


def database_is_empty(using=DEFAULT_DB_ALIAS):
    """True for a freshly migrated database: no users and only Wagtail's starter pages."""
    User = apps.get_model("auth", "User")
    Page = apps.get_model("wagtailcore", "Page")
    return not User.objects.using(using).exists() and Page.objects.using(using).count() <= 2


def _check_rows_loaded(manifest, using):
    for label, expected in manifest["rows"].items():
        actual = apps.get_model(label)._base_manager.using(using).count()
        if actual != expected:
            raise RestoreError(
                f"The restored database does not match the backup: {label} has {actual} "
                f"rows, the backup {expected}. {NOTHING_RESTORED}"
            )


class _MediaUndo:
    """Puts the storage back as it was if a restore stops after writing files."""

    def __init__(self, storage, work):
        self.storage = storage
        self.folder = Path(work) / "replaced"
        self.folder.mkdir()
        self.written = []  # (name, copy of what it replaced or None)

    def replace(self, name, member):
        previous = None
        if self.storage.exists(name):
            previous = self.folder / f"file-{len(self.written)}"
            with self.storage.open(name, "rb") as old, previous.open("wb") as copy:
                shutil.copyfileobj(old, copy, CHUNK)
            self.storage.delete(name)
        self.written.append((name, previous))
        with member.path.open("rb") as handle:
            saved = self.storage.save(name, File(handle, name=name))
        if saved != name:
            self.written.append((saved, None))
            raise RestoreError(
                f"The storage would not take {name} under its own name (it saved it as "
                f"{saved}). {NOTHING_RESTORED}"
            )

    def undo(self):
        for name, previous in reversed(self.written):
            with contextlib.suppress(Exception):  # put back as much as can be
                if self.storage.exists(name):
                    self.storage.delete(name)
                if previous is not None:
                    with previous.open("rb") as handle:
                        self.storage.save(name, File(handle, name=name))


def _check_media_written(backup, storage):
    for name, member in backup.media.items():
        try:
            with storage.open(name, "rb") as handle:
                size, sha256 = _describe(handle)
        except FileNotFoundError:
            size, sha256 = None, None
        if (size, sha256) != (member.size, member.sha256):
            raise RestoreError(
                f"The restored files do not match the backup: {name} is missing or changed "
                f"in storage. {NOTHING_RESTORED}"
            )


def restore_verified(backup, using=DEFAULT_DB_ALIAS, storage=None, force=False):
    """Load a checked archive (:func:`open_backup`) into an empty database, then
    check the result. The database changes in one transaction and the files are
    put back as they were if anything fails, so a failure leaves both unchanged."""
    storage = storage or default_storage
    manifest = backup.manifest
    check_compatible(manifest)
    check_migrations_match(manifest, using)
    if not force and not database_is_empty(using):
        raise RestoreError(
            "This database already has users or pages. Restore into a new, freshly migrated "
            "database (or pass --force to replace everything in this one)."
        )
    media = _MediaUndo(storage, backup.work)
    try:
        with transaction.atomic(using=using):
            # Empty every table without re-running the post-migrate steps, so
            # everything comes back exactly as saved, keys included...
            call_command(
                "flush", interactive=False, database=using, inhibit_post_migrate=True, verbosity=0
            )
            ContentType.objects.clear_cache()
            try:
                call_command("loaddata", str(backup.data_path), database=using, verbosity=0)
            except Exception as error:
                reason = (str(error).strip().splitlines() or [type(error).__name__])[-1]
                raise RestoreError(
                    f"The backup's data could not be loaded into this database ({reason}). "
                    f"{NOTHING_RESTORED}"
                ) from error
            ContentType.objects.clear_cache()
            _check_rows_loaded(manifest, using)
            # ...then add any content types and permissions this code base
            # has and the backup did not.
            for app_config in apps.get_app_configs():
                create_contenttypes(app_config, verbosity=0, using=using)
                create_permissions(app_config, verbosity=0, using=using)
            for name, member in backup.media.items():
                media.replace(name, member)
            _check_media_written(backup, storage)
    except BaseException:
        ContentType.objects.clear_cache()
        media.undo()
        raise

    call_command("rebuild_references_index", verbosity=0)
    call_command("update_index", verbosity=0)
    # Everything cached was built from the database as it was before: make
    # all of it stale. Wagtail keeps each site's home page path in the cache
    # too, and a site loaded before its home page may have been kept as having none.
    Site.clear_site_root_paths_cache()
    public_content_changed.send(sender=None, partnership_id=None)
    return manifest


def restore_backup(source, using=DEFAULT_DB_ALIAS, storage=None, force=False):
    """Check the archive at ``source``, then load it into an empty database."""
    with open_backup(source) as backup:
        return restore_verified(backup, using=using, storage=storage, force=force)

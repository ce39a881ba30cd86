"""Which release of the code made a cached thing.

Page fragments, whole pages and remembered values are kept under the content
generation (site_core.caching.generation), which a deploy does not change. A
new release changes what they would hold: a template's HTML, the hashed name
of a stylesheet (the old one is gone from the new image), the shape of a
remembered value or of kept SQL. So every key they are kept under also names
the release, and a new one starts with an empty cache while the old
processes of a rolling deploy keep reading their own entries (which age out
within their lifetimes). The generation tokens are not keyed on it: both
releases see the same publishes.

The release is ``RELEASE`` from the environment when the platform gives one
(a commit id), otherwise a digest of the code, templates and static files
this process runs, worked out once at its first use.
"""

import contextlib
import functools
import hashlib
import os
from pathlib import Path

from django.conf import settings

# What makes up a release: the code and everything it serves.
_SUFFIXES = {".py", ".html", ".txt", ".xml", ".css", ".js", ".svg", ".json"}
# Under the project but not part of what it serves.
_SKIPPED = {"tests", "benchmarks", "scripts", "media", "staticfiles", "node_modules", "__pycache__"}


@functools.cache
def release():
    named = os.environ.get("RELEASE", "").strip()
    if named:
        return named[:40]
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for path in sorted(_release_files(root)):
        digest.update(str(path.relative_to(root)).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:  # unreadable to this process: its name and size stand for it
            with contextlib.suppress(OSError):
                digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()[:12]


def _release_files(root):
    uploads = {Path(settings.MEDIA_ROOT).resolve(), Path(settings.STATIC_ROOT).resolve()}
    for top in root.iterdir():
        if top.name.startswith(".") or top.name in _SKIPPED or top.resolve() in uploads:
            continue
        if top.is_file():
            if top.suffix in _SUFFIXES:
                yield top
            continue
        for path in top.rglob("*"):
            parts = path.relative_to(root).parts
            if path.suffix in _SUFFIXES and path.is_file() and not _SKIPPED.intersection(parts):
                yield path

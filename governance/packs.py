"""Papers packs: a meeting's agenda and papers as one download.

A pack is a zip: a plain-text contents page (the meeting, then each agenda
item with the file that holds its paper), then the papers themselves,
numbered in agenda order. A zip rather than one merged PDF because papers
are not all PDFs (spreadsheets, slides), and because a merged PDF would lose
each paper's own tagging for screen readers.

Each meeting has up to two packs, built under the same rules as its papers:

* the public pack, for a public meeting only: the papers the public may open
  (never one in a private collection);
* the members' pack: every paper and the minutes, served only to the
  partnership's board members and governance officers through the members'
  area.

Packs are rebuilt in the background (a django.tasks task) after a meeting or
one of its papers is saved; a fingerprint of what went in means a rebuild
that would change nothing writes nothing. Files live under
``meeting-packs/`` in the media storage, which nothing serves directly.
"""

import hashlib
import io
import os
import re
import zipfile
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from django.tasks import task
from django.utils import timezone
from wagtail.documents import get_document_model

from .models.meetings import AgendaItem, Meeting, is_private
from .models.members import MeetingPack

PUBLIC, MEMBERS = MeetingPack.Audience.PUBLIC, MeetingPack.Audience.MEMBERS


def _safe(text, limit=60):
    text = re.sub(r"[^\w\- ]+", "", text).strip()
    return re.sub(r"\s+", " ", text)[:limit] or "paper"


class Paper(NamedTuple):
    number: str  # the agenda item's, blank for the minutes
    title: str
    document: object

    @property
    def label(self):
        return f"{self.number} {self.title}".strip()


def entries(meeting, audience):
    """[Paper] in agenda order: what this audience's pack holds."""
    if audience == PUBLIC and not meeting.is_public:
        return []
    found = []
    for item in meeting.agenda_items.select_related("paper__collection"):
        if item.paper is None:
            continue
        if audience == PUBLIC and is_private(item.paper):
            continue
        number = item.number or str(item.sort_order + 1 if item.sort_order is not None else "")
        found.append(Paper(number, item.title, item.paper))
    minutes = meeting.minutes
    if minutes is not None and (audience == MEMBERS or not is_private(minutes)):
        found.append(Paper("", "Minutes", minutes))
    return found


def fingerprint(meeting, found):
    digest = hashlib.sha256()
    digest.update(f"{meeting.pk}|{meeting.date}|{meeting.place}|{meeting.body.name}".encode())
    for paper in found:
        document = paper.document
        file_hash = getattr(document, "file_hash", "") or ""
        digest.update(f"|{paper.label}|{document.pk}|{document.file.name}|{file_hash}".encode())
    return digest.hexdigest()


def contents_page(meeting, files, audience):
    lines = [
        f"{meeting.body.name}: meeting on {meeting.date:%-d %B %Y}",
        f"{'Public papers' if audience == PUBLIC else 'Members pack: every paper'}",
    ]
    if meeting.starts_at:
        lines.append(f"Starts at {meeting.starts_at:%H:%M}")
    if meeting.place:
        lines.append(f"Place: {meeting.place}")
    lines += ["", "Agenda"]
    for item in meeting.agenda_items.all():
        lines.append(f"  {item.number + ' ' if item.number else ''}{item.title}")
    lines += ["", "Papers in this pack"]
    if files:
        lines += [f"  {name}: {label}" for label, name in files]
    else:
        lines.append("  No papers have been published for this meeting yet.")
    lines.append("")
    return "\r\n".join(lines)


def build_zip(meeting, found, audience):
    buffer = io.BytesIO()
    files = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, paper in enumerate(found, start=1):
            label, document = paper.label, paper.document
            extension = os.path.splitext(document.file.name)[1].lower()
            # Numbered by place in the pack, so they list in agenda order; the
            # agenda's own number is on the contents page ("01 Agenda", not "01 1 Agenda").
            name = f"{index:02d} {_safe(paper.title)}{extension}"
            try:
                with document.file.open("rb") as handle:
                    archive.writestr(name, handle.read())
            except (OSError, ValueError):
                # A file missing from storage should not cost the member every
                # other paper: the contents page says which one is missing.
                files.append((label, "not available: ask the business unit"))
                continue
            files.append((label, name))
        archive.writestr("00 Contents.txt", contents_page(meeting, files, audience))
    return buffer.getvalue()


def build(meeting, audience):
    """The meeting's pack for ``audience``, built now unless it is up to date."""
    found = entries(meeting, audience)
    if audience == PUBLIC and not meeting.is_public:
        MeetingPack.objects.filter(meeting=meeting, audience=PUBLIC).delete()
        return None
    mark = fingerprint(meeting, found)
    pack = MeetingPack.objects.filter(meeting=meeting, audience=audience).first()
    if (
        pack is not None
        and pack.fingerprint == mark
        and pack.file
        and pack.file.storage.exists(pack.file.name)
    ):
        return pack
    data = build_zip(meeting, found, audience)
    if pack is None:
        pack = MeetingPack(meeting=meeting, audience=audience)
    elif pack.file:
        pack.file.delete(save=False)
    pack.fingerprint, pack.built_at = mark, timezone.now()
    name = f"{meeting.date:%Y-%m-%d}-{meeting.pk}-{audience}-{mark[:12]}.zip"
    pack.file.save(name, ContentFile(data), save=False)
    pack.save()
    return pack


def download_name(meeting, audience):
    label = "papers" if audience == PUBLIC else "members-papers"
    body = _safe(meeting.body.short_name or meeting.body.name, 30)
    return f"{body} {meeting.date:%Y-%m-%d} {label}.zip".replace(" ", "-")


@task()
def rebuild_packs(meeting_id):
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return
    for audience in (PUBLIC, MEMBERS):
        build(meeting, audience)


def schedule_rebuild(meeting_id):
    transaction.on_commit(lambda: rebuild_packs.enqueue(meeting_id))


def _meeting_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        schedule_rebuild(instance.pk)


def _document_saved(sender, instance, raw=False, **kwargs):
    """A paper's file, title or collection changed: rebuild the packs it is in."""
    if raw:
        return
    from django.db.models import Q

    meeting_ids = (
        Meeting.objects.filter(Q(minutes=instance) | Q(agenda_items__paper=instance))
        .values_list("pk", flat=True)
        .distinct()
    )
    for meeting_id in meeting_ids:
        schedule_rebuild(meeting_id)


def _agenda_item_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.meeting_id:
        schedule_rebuild(instance.meeting_id)


def connect_signals():
    post_save.connect(_meeting_saved, sender=Meeting, dispatch_uid="governance.packs.meeting")
    post_save.connect(
        _agenda_item_saved, sender=AgendaItem, dispatch_uid="governance.packs.agenda_item"
    )
    post_save.connect(
        _document_saved, sender=get_document_model(), dispatch_uid="governance.packs.document"
    )

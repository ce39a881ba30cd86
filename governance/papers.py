"""Members-only meetings keep their papers private by construction.

A document attached to a members-only meeting (an agenda item's paper, the
minutes) must live in a private collection, whatever the editor picked when
uploading it. Saving the meeting or one of its agenda items, however that
happens (the admin's snippet form with its inline agenda, the shell, an
import), moves any attached document that is not in a private collection to
the partnership's "Members' papers". Nothing typed is lost: the document and
the meeting are saved as they were, only the document's collection changes.

The moves are noted on the meeting instance (``papers_moved``) so that the
admin can tell the editor (publications.wagtail_hooks), and on each
document's history ("sscp.members_papers").

The models call this module when they are saved; the reverse question,
which members-only meetings use a document, is asked of the models
(``governance.models.meetings.members_only_meetings_using``).
"""

from wagtail.log_actions import log

from site_core import tenancy

MOVED_TO_MEMBERS_PAPERS = "sscp.members_papers"
MOVED_ATTRIBUTE = "_papers_moved"


def papers_moved(meeting):
    """The documents saving ``meeting`` (or its agenda items) moved, in order."""
    return list(getattr(meeting, MOVED_ATTRIBUTE, {}).values())


def moved_message(count):
    papers = "1 paper was" if count == 1 else f"{count} papers were"
    return (
        f"{papers} moved to {tenancy.MEMBERS_PAPERS} so only board members can open them: "
        "the meeting is members only."
    )


def secure_document(document, partnership, user=None, reason=""):
    """Move ``document`` to the partnership's members' papers unless it is in a
    private collection already. True when it moved."""
    if document is None or tenancy.is_private_collection(document.collection):
        return False
    members_papers = tenancy.members_papers_collection(partnership)
    previous = document.collection
    document.collection = members_papers
    # update() rather than save(): the file, its size and title are untouched,
    # and nothing else about the document changes.
    type(document).objects.filter(pk=document.pk).update(collection=members_papers)
    log(
        document,
        MOVED_TO_MEMBERS_PAPERS,
        user=user,
        data={"from": previous.name, "to": members_papers.name, "reason": reason},
    )
    return True


def _note(meeting, document):
    getattr(meeting, MOVED_ATTRIBUTE).setdefault(document.pk, document)


def _start_noting(meeting):
    if not hasattr(meeting, MOVED_ATTRIBUTE):
        setattr(meeting, MOVED_ATTRIBUTE, {})


def secure_agenda_item(item):
    """Called when an agenda item is saved: keep its paper private if the
    meeting is members only."""
    if not item.paper_id or not item.meeting_id:
        return False
    meeting = item.meeting
    if meeting.is_public:
        return False
    _start_noting(meeting)
    moved = secure_document(item.paper, meeting.body.partnership, reason=str(meeting))
    if moved:
        _note(meeting, item.paper)
    return moved


def secure_meeting(meeting):
    """Called when a meeting is saved: every document attached to a
    members-only meeting ends up in a private collection. Returns the
    documents moved by this save (and by its agenda items' saves)."""
    _start_noting(meeting)
    if meeting.is_public:
        return papers_moved(meeting)
    partnership = meeting.body.partnership
    documents = []
    if meeting.minutes_id:
        documents.append(meeting.minutes)
    documents += [
        item.paper
        for item in meeting.agenda_items.select_related("paper__collection").exclude(paper=None)
    ]
    for document in documents:
        if secure_document(document, partnership, reason=str(meeting)):
            _note(meeting, document)
    return papers_moved(meeting)

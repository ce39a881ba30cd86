"""When a document is public: decided from what uses it, stored on the document.

A document is public (``PublicationDocument.public``) while

* a live, public page of its own partnership's site uses it (a document
  link, a StreamField block or a rich-text link: Wagtail's reference index
  says which pages), or a public meeting of its partnership has it as its
  minutes or an agenda paper; or
* an Approver of its partnership has published it on its own
  (``published_on_its_own``, recorded in its history);

and it is not in a private collection nor a paper of a members-only meeting.

Until then (a draft's PDF, one on a page awaiting an Approver, an imported
draft's, an upload no page uses) it is served only to signed-in staff of its
partnership, and the API, site search and the sitemap leave it out. Serving
asks ``is_public``; listings filter on the stored, indexed flag.

The flag is worked out again for the whole partnership (a few queries, in a
task) whenever a page is published, unpublished, moved or deleted, a section
is made members-only or public again, a meeting or an agenda item changes, or
a document is saved. When a document changes sides,
it is re-indexed for search and every cache and the CDN are purged, so its
address stops (or starts) answering at once.
"""

from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import redirect
from django.tasks import task
from django.urls import Resolver404, resolve
from django.utils.html import format_html, format_html_join
from modelcluster.models import get_all_child_relations
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex, Site

from accounts.second_factor import needs_second_factor, second_factor_redirect
from governance.models import AgendaItem, Meeting
from governance.models.meetings import exclude_members_papers
from site_core import tenancy
from site_core.models import DRAFT_BOOKKEEPING, Partnership
from site_core.roles import Role
from site_core.signals import public_content_changed

from .models import PublicationDocumentLink

PUBLISHED_ON_ITS_OWN = "sscp.publish_document"
UNPUBLISHED_ON_ITS_OWN = "sscp.unpublish_document"

# Who may open a document that is not public yet: the partnership's staff.
STAFF_ROLES = [Role.EDITORS, Role.APPROVERS, Role.GOVERNANCE_OFFICERS, Role.ADMINISTRATORS]


def is_public(document):
    """Whether anyone may open, list and search ``document``."""
    return document.public


def partnership_of(document):
    """The partnership whose collection holds ``document``, or None."""
    if document.collection_id is None:
        return None
    return tenancy.partnership_for_collection(document.collection)


def publish_on_its_own(document):
    """Mark ``document`` published on its own (the caller checked it may be, and
    records it) and decide its partnership's documents again."""
    type(document).objects.filter(pk=document.pk).update(published_on_its_own=True)
    document.published_on_its_own = True
    partnership = partnership_of(document)
    refresh_documents.enqueue(partnership.pk if partnership else None)


# -- What uses a document --------------------------------------------------------


def documents_in(instance):
    """The ids of the documents ``instance`` (a page or record, as it is in memory,
    saved or not) refers to: its document fields, StreamFields and rich text,
    and those of its child rows."""
    Document = get_document_model()
    ids = set()
    objects = [instance]
    for relation in get_all_child_relations(instance):
        objects += list(getattr(instance, relation.get_accessor_name()).all())
    for obj in objects:
        for field in obj._meta.concrete_fields:
            if field.is_relation and field.related_model is Document:
                value = getattr(obj, field.attname)
                if value is not None:
                    ids.add(int(value))
            elif hasattr(field, "extract_references"):
                value = field.value_from_object(obj)
                for model, object_id, _, _ in field.extract_references(value):
                    if model is Document and str(object_id).isdecimal():
                        ids.add(int(object_id))
    return ids


def documents_of(partnership):
    """``partnership``'s documents (those in its collection or below); for
    None, the documents no partnership owns (uploaded to Root by an
    administrator)."""
    Document = get_document_model()
    owned = Partnership.objects.exclude(collection=None).values_list("collection__path", flat=True)
    if partnership is None:
        documents = Document.objects.all()
        for path in owned:
            documents = documents.exclude(collection__path__startswith=path)
        return documents
    if partnership.collection_id is None:
        return Document.objects.none()
    return Document.objects.filter(collection__path__startswith=partnership.collection.path)


def decided_public_ids(partnership):
    """The ids of ``partnership``'s documents (or, for None, the unowned ones)
    that should be public now."""
    from django.contrib.contenttypes.models import ContentType

    candidates = documents_of(partnership)
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        candidates = candidates.exclude(collection__path__startswith=path)
    candidates = exclude_members_papers(candidates)

    pages = Page.objects.live().public()
    meetings = Meeting.objects.filter(access=Meeting.Access.PUBLIC)
    if partnership is not None:
        if partnership.site_id is None:
            pages = pages.none()
        else:
            pages = pages.descendant_of(partnership.site.root_page, inclusive=True)
        meetings = meetings.filter(body__partnership=partnership)
    used_by_pages = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=pages.annotate(id_text=Cast("pk", CharField())).values("id_text"),
        to_content_type=ContentType.objects.get_for_model(get_document_model()),
    ).values_list("to_object_id", flat=True)
    used = {int(i) for i in used_by_pages if i.isdecimal()}
    used |= set(meetings.exclude(minutes=None).values_list("minutes_id", flat=True))
    used |= set(
        AgendaItem.objects.filter(meeting__in=meetings)
        .exclude(paper=None)
        .values_list("paper_id", flat=True)
    )
    return set(
        candidates.filter(Q(pk__in=used) | Q(published_on_its_own=True)).values_list(
            "pk", flat=True
        )
    )


def refresh(partnership):
    """Store which of ``partnership``'s documents (None: the unowned ones) are
    public now. Returns the ids of those that changed sides; re-indexes them
    and purges every cache and the CDN when there are any."""
    from wagtail.search.index import insert_or_update_object

    documents = documents_of(partnership)
    now_public = decided_public_ids(partnership)
    was_public = set(documents.filter(public=True).values_list("pk", flat=True))
    became_public, became_private = now_public - was_public, was_public - now_public
    Document = get_document_model()
    Document.objects.filter(pk__in=became_public).update(public=True)
    Document.objects.filter(pk__in=became_private).update(public=False)
    changed = became_public | became_private
    for document in Document.objects.filter(pk__in=changed):
        insert_or_update_object(document)  # its words are searchable only while public
    if changed:
        public_content_changed.send(
            sender=Document, partnership_id=partnership.pk if partnership else None
        )
    return changed


def refresh_all():
    """Every document (after loading content, restoring a backup or migrating)."""
    changed = refresh(None)
    for partnership in Partnership.objects.select_related("collection", "site__root_page"):
        changed |= refresh(partnership)
    return changed


@task()
def refresh_documents(partnership_id=None, page_id=None):
    """Decide again which of a partnership's documents are public (and the
    unowned ones, which any partnership's pages may use). First brings the
    reference index up to date for ``page_id``: Wagtail updates it in a task
    of its own, which may not have run yet."""
    if page_id is not None:
        page = Page.objects.filter(pk=page_id).first()
        if page is not None:
            ReferenceIndex.create_or_update_for_object(page.specific)
    refresh(None)
    partnership = (
        Partnership.objects.select_related("collection", "site__root_page")
        .filter(pk=partnership_id)
        .first()
    )
    if partnership is not None:
        refresh(partnership)


# -- When to decide again ----------------------------------------------------------


def _partnership_id_for_page(page):
    roots = Site.get_site_root_paths()
    site_ids = [root.site_id for root in roots if page.url_path.startswith(root.root_path)]
    return Partnership.objects.filter(site_id__in=site_ids).values_list("pk", flat=True).first()


def on_page_published_or_unpublished(sender, instance, **kwargs):
    refresh_documents.enqueue(_partnership_id_for_page(instance), instance.pk)


def on_live_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """A live page saved directly (an ORM script, an import, a factory): no
    publish signal follows. Wagtail's own saves of drafts, revisions and
    locks are left out, as the cache's purge leaves them out."""
    if raw or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return
    refresh_documents.enqueue(_partnership_id_for_page(instance), instance.pk)


def on_document_link_changed(sender, instance, raw=False, **kwargs):
    """A live page's document row saved or deleted (saved after the page itself)."""
    page = Page.objects.filter(pk=instance.page_id, live=True).first()
    if raw or page is None:
        return
    refresh_documents.enqueue(_partnership_id_for_page(page), page.pk)


def on_page_moved(sender, instance, url_path_before="", **kwargs):
    """Into or out of the members' area, or to another partnership's site."""
    before = Page(url_path=url_path_before)
    for partnership_id in {_partnership_id_for_page(before), _partnership_id_for_page(instance)}:
        refresh_documents.enqueue(partnership_id)


def on_restriction_changed(sender, instance, raw=False, **kwargs):
    """A section made members-only (or public again): its pages' documents follow."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if not raw and page is not None:
        refresh_documents.enqueue(_partnership_id_for_page(page))


def before_page_deleted(sender, instance, **kwargs):
    """A live page going: its documents may have no other public user. (Asked
    before the delete, while the reference index still knows what it used.)"""
    if not instance.live or not ReferenceIndex.get_references_for_object(instance).exists():
        return
    instance._sscp_refresh_documents = _partnership_id_for_page(instance)


def after_page_deleted(sender, instance, **kwargs):
    if hasattr(instance, "_sscp_refresh_documents"):
        refresh_documents.enqueue(instance._sscp_refresh_documents)


def on_meeting_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    try:
        meeting = getattr(instance, "meeting", instance)
        partnership_id = meeting.body.partnership_id
    except ObjectDoesNotExist:
        return  # an agenda item deleted with its meeting, which asked already
    refresh_documents.enqueue(partnership_id)


def on_document_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    partnership = partnership_of(instance)
    refresh_documents.enqueue(partnership.pk if partnership else None)


def connect_signals():
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save, pre_delete
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(on_page_published_or_unpublished, dispatch_uid="publicity-published")
    page_unpublished.connect(on_page_published_or_unpublished, dispatch_uid="publicity-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="publicity-page-moved")
    post_save.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="publicity-restriction"
    )
    post_delete.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="publicity-restr-del"
    )
    pre_delete.connect(before_page_deleted, sender=Page, dispatch_uid="publicity-page-pre-del")
    post_delete.connect(after_page_deleted, sender=Page, dispatch_uid="publicity-page-del")
    from wagtail.models import get_page_models

    for model in get_page_models():
        post_save.connect(
            on_live_page_saved, sender=model, dispatch_uid=f"publicity-{model._meta.label}"
        )
    post_save.connect(
        on_document_link_changed, sender=PublicationDocumentLink, dispatch_uid="publicity-link"
    )
    post_delete.connect(
        on_document_link_changed, sender=PublicationDocumentLink, dispatch_uid="publicity-link-del"
    )
    for label in ("governance.Meeting", "governance.AgendaItem"):
        model = apps.get_model(label)
        post_save.connect(on_meeting_changed, sender=model, dispatch_uid=f"publicity-{label}")
        post_delete.connect(on_meeting_changed, sender=model, dispatch_uid=f"publicity-del-{label}")
    post_save.connect(
        on_document_saved, sender=get_document_model(), dispatch_uid="publicity-document"
    )


# -- Serving, listing, searching -----------------------------------------------------


def partnership_for_request(request):
    site = Site.find_for_request(request)
    return Partnership.objects.filter(site=site).first() if site else None


def is_staff_of(user, partnership):
    """Signed-in staff of ``partnership`` (or an administrator, for unowned documents)."""
    if partnership is None:
        return getattr(user, "is_superuser", False) and user.is_active
    return tenancy.has_role(user, partnership, *STAFF_ROLES)


def refuse_unpublished_document(document, request):
    """before_serve_document hook: a document that is not public yet is for its
    partnership's staff only, and a public one is served only on its own
    partnership's hosts. Anyone else is told there is nothing here (404), so
    the address does not even confirm that a file exists. Members' papers
    (private collections) are left to Wagtail's collection restriction and
    document_privacy, which let board members in."""
    if tenancy.is_private_collection(document.collection):
        return None
    partnership = partnership_of(document)
    public_here = is_public(document) and (
        partnership is None or partnership_for_request(request) == partnership
    )
    if public_here:
        return None
    if is_staff_of(request.user, partnership):
        # Not public yet: as private as a members' paper, so a password alone is not enough.
        return second_factor_redirect(request) if needs_second_factor(request.user) else None
    raise Http404("No document here.")


def public_documents_for(request, queryset):
    """``queryset`` narrowed to public documents of the request's partnership
    (the API and site search)."""
    queryset = queryset.filter(public=True)
    partnership = partnership_for_request(request)
    if partnership is None or partnership.collection_id is None:
        return queryset.none()
    # Ids rather than a path lookup: search backends filter on plain fields only.
    collections = Collection.objects.descendant_of(partnership.collection, inclusive=True)
    return queryset.filter(collection__in=list(collections.values_list("pk", flat=True)))


# -- Publishing a public page that links a members' paper ------------------------------


def members_paper_ids():
    """The ids of every members' paper: documents in a private collection and the
    papers and minutes of members-only meetings. (Ids rather than a subquery:
    search backends, as in the document chooser, filter on plain fields only.)"""

    Document = get_document_model()
    not_papers = exclude_members_papers(Document.objects.all())
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        not_papers = not_papers.exclude(collection__path__startswith=path)
    return list(
        Document.objects.exclude(pk__in=not_papers.values("pk")).values_list("pk", flat=True)
    )


def members_papers_in(page):
    """The members' papers (private collection, or papers of a members-only
    meeting) that ``page``, as it is about to be published, links."""
    documents = get_document_model().objects.filter(pk__in=documents_in(page))
    return documents.filter(pk__in=members_paper_ids()).order_by("title")


def members_papers_on_public(page):
    """The members' papers ``page`` links, if it is a public page (none for a
    page in the members' area)."""
    if page.get_view_restrictions().exists():
        return []
    return list(members_papers_in(page))


def refused(request, page, papers, outcome, kept="Your changes are saved as a draft."):
    """Tell the editor why ``page`` was ``outcome`` (its papers named) and send
    them back to it; what they typed is its latest draft."""
    messages.error(
        request,
        format_html(
            "“{}” was {}: it is a public page, and it links {}. Remove {} or "
            "move the page to the members' area. {}"
            "<ul>{}</ul>",
            page.title,
            outcome,
            "a members' paper" if len(papers) == 1 else f"{len(papers)} members' papers",
            "it" if len(papers) == 1 else "them",
            kept,
            format_html_join("", "<li>{}</li>", ((paper.title,) for paper in papers)),
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)


def refuse_members_papers_on_public_page(request, page):
    """before_publish_page hook: a public page may not link a members' paper
    (its title, a sign-in wall and an accessible-format form would appear in
    public). The edit is kept as the latest draft; the editor is sent back to
    it with the papers named."""
    papers = members_papers_on_public(page)
    return refused(request, page, papers, "not published") if papers else None


def refuse_submitting_members_papers(request, page):
    """after_create_page and after_edit_page hook: a public page linking a
    members' paper is not submitted for approval (its workflow is cancelled at
    once), so it never reaches an Approver. Its draft is already saved."""
    if not (request.POST.get("action-submit") or request.POST.get("action-restart-workflow")):
        return None
    page = Page.objects.get(pk=page.pk).specific
    papers = members_papers_on_public(page.get_latest_revision_as_object())
    if not papers:
        return None
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=request.user)
    return refused(request, page, papers, "not submitted for approval")


def refuse_approving_members_papers(request, page):
    """before_edit_page hook: "Approve and publish" in the editor, for a public
    page that links a members' paper (made one after the page was submitted,
    or submitted before this check), is refused. What the Approver typed is
    saved as the latest draft, and the page stays with them. An invalid form
    is left to Wagtail, which shows its errors and approves nothing."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    if request.POST.get("workflow-action-name") != "approve":
        return None
    # A fresh copy: ``page`` is the editor's own, which Wagtail fills in next.
    draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    form_class = draft.get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=draft,
        parent_page=draft.get_parent(),
        for_user=request.user,
    )
    if not form.is_valid():
        return None
    changed = form.has_changed()
    draft = form.save(commit=False)  # in memory, child rows too, to be checked
    papers = members_papers_on_public(draft)
    if not papers:
        return None
    if changed:
        draft.save_revision(user=request.user, log_action=True)
    return refused(request, draft, papers, "not approved")


def page_being_edited(request):
    """The page whose editor opened this admin request (a chooser's modal and
    its searches), or for a new page its parent; None from anywhere else. The
    editor's address comes as the Referer, which the admin's referrer policy
    sends on every request to its own host."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.get_host():
        return None
    try:
        match = resolve(referer.path)
    except Resolver404:
        return None
    if match.namespace != "wagtailadmin_pages":
        return None
    page_id = match.kwargs.get("page_id") or match.kwargs.get("parent_page_id")
    return Page.objects.filter(pk=page_id).first() if page_id else None


def offer_only_public_documents_on_public_pages(documents, request):
    """construct_document_chooser_queryset hook: the document chooser opened
    from a public page (its document rows, StreamField blocks and rich-text
    links) offers no members' papers, which the page could not be published
    with. From a page in the members' area, a meeting or anywhere else it
    offers every document the user may choose."""
    page = page_being_edited(request)
    if page is None or page.get_view_restrictions().exists():
        return documents
    return documents.exclude(pk__in=members_paper_ids())

"""Which collection a document sits in, and who may make a private one public.

* New uploads (the document and image add forms, the multiple uploader and
  the chooser's upload tab) start in the uploader's partnership's "Public
  documents" collection, never the installation's Root. Someone working for
  several partnerships gets the first by name; the list still offers all
  their collections.
* Making a private document public (moving it from a private collection to
  one that is not) needs an Approver of the partnership that owns the private
  collection (superusers may too); a document that is a paper or the minutes
  of a members-only meeting cannot be made public at all. The document form
  and the "Add to collection" bulk action both refuse; when it is allowed,
  the document's history records who did it ("sscp.make_public").
* A document on a members-only page (one under a page view restriction) is
  moved to the partnership's members' papers when the page is published,
  as governance.papers does for members-only meetings.
* Serving and the API: a document attached to a members-only meeting is
  refused to anyone but that partnership's members whatever its collection
  says (a second lock, for anything that bypassed the rules above).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html, format_html_join
from wagtail.admin.forms.collections import BaseCollectionMemberForm
from wagtail.documents import get_document_model
from wagtail.images.forms import BaseImageForm
from wagtail.log_actions import LogFormatter, get_active_log_context, log
from wagtail.models import Collection

from accounts.second_factor import second_factor_refusal
from governance import papers
from governance.models.meetings import members_only_meetings_using
from site_core import tenancy
from site_core.editor_checks import DocumentForm as CheckedDocumentForm
from site_core.roles import MEMBERS_PAPERS_ROLES, Role

from .publicity import (
    PUBLISHED_ON_ITS_OWN,
    UNPUBLISHED_ON_ITS_OWN,
    documents_in,
    publish_on_its_own,
)

MAKE_PUBLIC = "sscp.make_public"


# -- New uploads --------------------------------------------------------------


def default_collection_for(user):
    """The public documents collection of the first (by name) partnership
    ``user`` works for, or None."""
    partnership = tenancy.partnerships_for(user).order_by("name").first()
    if partnership is None:
        return None
    return tenancy.public_documents_collection(partnership)


class DefaultCollectionMixin(BaseCollectionMemberForm):
    """A new upload's collection starts at the user's partnership's public
    documents rather than Root (the model's default)."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)
        self.original_collection_id = self.instance.collection_id
        if self.is_bound or self.instance.pk or "collection" not in self.fields:
            return
        chosen = self.initial.get("collection")
        root = Collection.get_first_root_node()
        if chosen not in (None, "", root.pk):
            return  # the editor (or a link) chose one already
        default = default_collection_for(self.user)
        if default is not None and self.fields["collection"].queryset.filter(pk=default.pk):
            self.initial["collection"] = default.pk


class ImageForm(DefaultCollectionMixin, BaseImageForm):
    """Wagtail's image form, starting new uploads in the partnership's collection
    (WAGTAILIMAGES_IMAGE_FORM_BASE). Images are never private: collection
    privacy does not cover them."""


def selected_collection_id(request, collections):
    """For the multiple uploaders: the collection chosen by the link, or the default."""
    chosen = request.GET.get("collection_id")
    if chosen or not collections:
        return chosen
    default = default_collection_for(request.user)
    if default is not None and collections.filter(pk=default.pk).exists():
        return str(default.pk)
    return chosen


def _multiple_add_view(base):
    class DefaultCollectionAddView(base):
        def get_context_data(self, **kwargs):
            context = super().get_context_data(**kwargs)
            context["selected_collection_id"] = selected_collection_id(
                self.request, context.get("collections")
            )
            return context

    DefaultCollectionAddView.__name__ = f"DefaultCollection{base.__name__}"
    return DefaultCollectionAddView


def multiple_add_views():
    from wagtail.documents.views import multiple as documents
    from wagtail.images.views import multiple as images

    return _multiple_add_view(documents.AddView), _multiple_add_view(images.AddView)


# -- Making a private document public -------------------------------------------


def make_public_refusal(user, document, old_collection, new_collection):
    """Why ``user`` may not move ``document`` from ``old_collection`` to
    ``new_collection``, or None when they may (or it is not a move to public)."""
    if old_collection is None or new_collection is None:
        return None
    if not tenancy.is_private_collection(old_collection):
        return None
    if tenancy.is_private_collection(new_collection):
        return None
    meeting = members_only_meetings_using(document).first() if document.pk else None
    if meeting is not None:
        return (
            f"“{document.title}” is a paper of a members-only meeting ({meeting}), so it "
            "cannot be made public. Make the meeting public first, or detach the document "
            "from it."
        )
    partnership = tenancy.partnership_for_collection(old_collection)
    if partnership is None:
        if getattr(user, "is_superuser", False):
            return None
        return (
            f"“{old_collection.name}” is private. Only an administrator can make its "
            "documents public."
        )
    if tenancy.has_role(user, partnership, Role.APPROVERS):
        return None
    return (
        f"“{document.title}” is private to {partnership.name}. Only one of its Approvers can "
        "make it public: ask an Approver, or keep it in a private collection."
    )


def log_made_public(document, user, old_collection, new_collection):
    """An Approver made a private document public: recorded, and published on its
    own (publications.publicity), since no page may be using it yet."""
    log(
        document,
        MAKE_PUBLIC,
        user=user,
        data={"from": old_collection.name, "to": new_collection.name},
    )

    publish_on_its_own(document)


EMPTY_FILE = "The file is empty (0 bytes): check you chose the right file."


class DocumentForm(CheckedDocumentForm, DefaultCollectionMixin):
    """The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): refuses
    file-name titles (site_core.editor_checks), starts new uploads in the
    partnership's public documents, guards making a private document
    public, and leaves "fully accessible" to the PDF check when it found
    problems (publications.pdf_check)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            self.fields["file"].error_messages["empty"] = EMPTY_FILE
        self._limit_publishing_on_its_own()
        box = self.fields.get("fully_accessible")
        document = self.instance
        if (
            box is not None
            and document.pk
            and document.accessibility_status
            in (
                "fails",
                "unreadable",
            )
        ):
            box.disabled = True
            problems = document.accessibility_guidance
            box.help_text = format_html(
                "The accessibility check found problems with this PDF, so readers are "
                "offered an accessible format. Fix the PDF and upload it again: this box "
                "follows the check.{}",
                format_html(
                    "<ul>{}</ul>",
                    format_html_join("", "<li>{} <em>How to fix it:</em> {}</li>", problems),
                )
                if problems
                else " The file could not be read: upload a fresh copy.",
            )

    def _limit_publishing_on_its_own(self):
        """Only an Approver of the document's partnership may publish it on its own
        (publications.publicity); others see the box, read only."""
        box = self.fields.get("published_on_its_own")
        if box is None or self.user is None:
            return
        collection = self.instance.collection if self.instance.collection_id else None
        partnership = tenancy.partnership_for_collection(collection) if collection else None
        if partnership is None:
            allowed = self.user.is_superuser
        else:
            allowed = tenancy.has_role(self.user, partnership, Role.APPROVERS)
        if not allowed and self.instance.pk:
            box.disabled = True
            box.help_text = (
                "Only an Approver of the partnership can publish a document on its own. "
                "Otherwise it becomes public when a published page or public meeting uses it."
            )

    def _update_errors(self, errors):
        # The multiple uploader's forms have no "file" field: a model error
        # about the file must still reach the editor, never raise ValueError.
        if (
            hasattr(errors, "error_dict")
            and "file" in errors.error_dict
            and "file" not in self.fields
        ):
            from django.core.exceptions import NON_FIELD_ERRORS

            errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(errors.error_dict.pop("file"))
        super()._update_errors(errors)

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("collection")
        if self.instance.pk and new is not None and new.pk != self.original_collection_id:
            old = Collection.objects.get(pk=self.original_collection_id)
            problem = make_public_refusal(self.user, self.instance, old, new)
            if problem:
                self.add_error("collection", problem)
        self._check_publishing_on_its_own(cleaned)
        return cleaned

    def _check_publishing_on_its_own(self, cleaned):
        changed = "published_on_its_own" in self.changed_data
        if not (changed and cleaned.get("published_on_its_own")):
            return
        collection = cleaned.get("collection") or self.instance.collection
        partnership = tenancy.partnership_for_collection(collection) if collection else None
        if self.user is not None and (
            self.user.is_superuser
            if partnership is None
            else tenancy.has_role(self.user, partnership, Role.APPROVERS)
        ):
            return
        owner = partnership.name if partnership else "this installation"
        self.add_error(
            "published_on_its_own",
            f"Only an Approver of {owner} can publish a document on its own. Attach it to a "
            "page and submit the page for approval instead.",
        )

    def save(self, commit=True):
        old_id = self.original_collection_id
        document = super().save(commit=commit)
        if commit and document.pk and old_id and document.collection_id != old_id:
            old = Collection.objects.get(pk=old_id)
            if tenancy.is_private_collection(old) and not tenancy.is_private_collection(
                document.collection
            ):
                log_made_public(document, self.user, old, document.collection)
            self.original_collection_id = document.collection_id
        if commit and document.pk and "published_on_its_own" in self.changed_data:
            action = (
                PUBLISHED_ON_ITS_OWN if document.published_on_its_own else UNPUBLISHED_ON_ITS_OWN
            )
            log(document, action, user=self.user)
        return document


def guard_bulk_move(request, action_type, objects, action):
    """before_bulk_action hook: "Add to collection" may not make private
    documents public unless the form would allow it."""
    if action_type != "add_to_collection" or action.models[0] is not get_document_model():
        return None
    target = action.cleaned_form.cleaned_data.get("collection")
    problems = [
        problem
        for document in objects
        if (problem := make_public_refusal(request.user, document, document.collection, target))
    ]
    if not problems:
        return None
    from django.shortcuts import redirect

    messages.error(
        request,
        format_html(
            "Nothing was moved:<ul>{}</ul>",
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        ),
    )
    return redirect(action.next_url)


def log_bulk_move(request, action_type, objects, action):
    """after_bulk_action hook: record documents the bulk move made public."""
    if action_type != "add_to_collection" or action.models[0] is not get_document_model():
        return None
    target = action.cleaned_form.cleaned_data.get("collection")
    if target is None or tenancy.is_private_collection(target):
        return None
    for document in objects:  # still the collection they had before the move
        if tenancy.is_private_collection(document.collection):
            log_made_public(document, request.user, document.collection, target)
    return None


class MadePublicFormatter(LogFormatter):
    label = "Make public"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        return f"Made public: moved from “{data.get('from')}” to “{data.get('to')}”"


class MovedToMembersPapersFormatter(LogFormatter):
    label = "Move to members' papers"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        because = f" (attached to {data['reason']})" if data.get("reason") else ""
        return f"Moved from “{data.get('from')}” to “{data.get('to')}” to keep it private{because}"


def register_log_actions(actions):
    actions.register_action(MAKE_PUBLIC)(MadePublicFormatter)
    actions.register_action(PUBLISHED_ON_ITS_OWN, "Publish on its own", "Published on its own")
    actions.register_action(
        UNPUBLISHED_ON_ITS_OWN, "Stop publishing on its own", "No longer published on its own"
    )
    actions.register_action(papers.MOVED_TO_MEMBERS_PAPERS)(MovedToMembersPapersFormatter)


# -- Members-only pages -----------------------------------------------------------


def documents_on_page(page):
    """The documents ``page`` refers to: its fields, StreamFields, rich text and
    child rows (such as publications.PublicationDocumentLink), read from the page
    itself (Wagtail's reference index may be updated later, in a task) and from
    the reference index."""
    from wagtail.models import ReferenceIndex

    Document = get_document_model()
    ids = {str(i) for i in documents_in(page)}
    ids |= set(
        ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type__model=Document._meta.model_name)
        .filter(to_content_type__app_label=Document._meta.app_label)
        .values_list("to_object_id", flat=True)
    )
    return Document.objects.filter(pk__in=[int(i) for i in ids if str(i).isdecimal()])


def secure_page_documents(page):
    """Move the documents of a members-only page to its partnership's members'
    papers. Returns the documents moved."""
    if not page.get_view_restrictions().exists():
        return []
    partnership = tenancy.partnership_for_page(page)
    if partnership is None:
        return []
    moved = []
    for document in documents_on_page(page).select_related("collection"):
        if papers.secure_document(
            document, partnership, reason=f"members-only page “{page.title}”"
        ):
            moved.append(document)
    return moved


def on_page_published(sender, instance, **kwargs):
    secure_page_documents(instance)


def moved_for_page_in_this_request(page):
    """How many documents publishing ``page`` moved in this admin request
    (the moves share the request's log context)."""
    from wagtail.models import ModelLogEntry

    uuid = get_active_log_context().uuid
    if uuid is None:
        return 0
    return ModelLogEntry.objects.filter(
        action=papers.MOVED_TO_MEMBERS_PAPERS,
        uuid=uuid,
        data__reason=f"members-only page “{page.title}”",
    ).count()


def page_moved_message(count):
    documents = "1 document was" if count == 1 else f"{count} documents were"
    return (
        f"{documents} moved to {tenancy.MEMBERS_PAPERS} so only board members can open "
        "them: this page is members only."
    )


def connect_signals():
    from wagtail.signals import page_published

    page_published.connect(on_page_published, dispatch_uid="publications.secure_page_documents")


# -- Serving and the API --------------------------------------------------------


def refuse_members_papers(document, request):
    """before_serve_document hook: a paper of a members-only meeting is for the
    partnership's members (and staff, after their second factor), whatever
    collection it is in."""

    meeting = members_only_meetings_using(document).first()
    if meeting is None:
        return None
    if tenancy.has_role(request.user, meeting.body.partnership, *MEMBERS_PAPERS_ROLES):
        return second_factor_refusal(request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "wagtailcore_login")
    raise PermissionDenied

"""What gives a new content generation and purges the CDN: changes readers can see.

Written out rather than "any saved model": saving a draft, a revision, a
workflow step or a lock, and private records (two-factor devices and
enrolment codes, sessions, sign-in attempts, audit log entries, readers'
accessible-format requests, search statistics, members-only meetings) change
no public page, so they never empty anyone's cache. An anonymous form in
particular must never be a way to empty it.

Purged on:

- a page published, unpublished, moved, given a new slug or deleted
  (Wagtail's signals, and
  ``post_delete`` on ``Page``, sent for every page a delete removes);
- a *live* page saved directly, other than Wagtail's draft bookkeeping
  (``save_revision`` and locking save only the fields in
  ``DRAFT_BOOKKEEPING``): an ORM script or a factory that creates live pages;
- a save or delete of a record in ``PUBLIC_RECORDS``: site settings,
  navigation, alert banners, sites, collections and view restrictions,
  redirects, search promotions, documents, images, topics and governance
  records; a meeting and its rows only while the meeting is public, or when
  it stops being public.

Bulk operations (``bulk_create``, ``QuerySet.update``) send no signals: code
that uses them calls ``purge_all()`` itself, as the benchmark's loader does.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site, get_page_models
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from . import cdn, memo, warming
from . import generation as generations

# Records shown on public pages (their own, or through a page or setting).
PUBLIC_RECORDS = [
    "site_core.Partnership",
    "site_core.SafeguardingContacts",
    "site_core.Navigation",
    "site_core.NavigationLink",
    "site_core.AlertBanner",
    "site_core.SearchShortcut",
    "wagtailcore.Site",
    "wagtailcore.Collection",
    "wagtailcore.CollectionViewRestriction",
    "wagtailcore.PageViewRestriction",
    "wagtailredirects.Redirect",
    "wagtailsearchpromotions.SearchPromotion",
    "publications.Topic",
    "governance.Body",
    "governance.Agency",
    "governance.Relationship",
    "governance.Person",
    "governance.Post",
    "governance.Membership",
    "governance.Mission",
    "governance.ValueTheme",
    "governance.Value",
    "governance.Responsibility",
    "governance.StrategicPriority",
]
# A meeting's rows: public only while their meeting is.
MEETING_ROWS = [
    "governance.AgendaItem",
    "governance.Attendance",
    "governance.Declaration",
    "governance.PublicationReceived",
]
# What Wagtail saves on a page for drafts, revisions, workflow and locks.
DRAFT_BOOKKEEPING = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
    }
)


def purge_all(**kwargs):
    """Make everything cached stale at once, and purge the CDN after the commit.

    In the database the new token is part of the change's own transaction, so
    it becomes visible exactly when the change does. A token in Redis cannot
    wait for the commit, so it is changed now (for this connection's own
    reads) and again after the commit: a page rendered in between from the
    old content is then filed under a generation nobody asks for any more.
    """
    generations.bump()
    memo.forget_generation()
    cdn.content_changed()
    if generations.in_shared_cache() and transaction.get_connection().in_atomic_block:
        transaction.on_commit(generations.bump, robust=True)
    warming.after_change()


def purge_sites(site_ids, page_ids=()):
    """Make everything cached for these sites (partnerships) stale at once,
    with the own content of ``page_ids``, and purge the CDN after the commit;
    other sites' pages, and other pages' own content, stay cached. As
    ``purge_all``, for the new tokens in Redis: now and after the commit."""

    def bump():
        for site_id in site_ids:
            generations.bump_site(site_id)
        if page_ids:
            generations.bump_pages(page_ids)

    bump()
    memo.forget_generation()
    cdn.content_changed()
    if generations.in_shared_cache() and transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump, robust=True)
    warming.after_change(site_ids)


def _sites_of(page):
    """The ids of every site ``page`` shows on (two Site records may share a
    home page); empty for the root or a page under no site."""
    return sorted(
        {
            root.site_id
            for root in Site.get_site_root_paths()
            if page.url_path.startswith(root.root_path)
        }
    )


def purge_page(instance=None, **kwargs):
    """A page published, unpublished or saved live: its own site's pages are
    stale (its listings, home page features, menus, routes and fragments)
    and its own content, and nothing else (other pages' own content stays).
    An alias, a page under no site, a site's home page or a page the menus
    link to purges everything (which pages are aliases, each site with its
    home page, and the menus are kept across publishes)."""
    page = instance
    sites = []
    if page is not None and page.alias_of_id is None and page.url_path:
        sites = _sites_of(page)
    if sites and not _kept_across_publishes(page):
        naming = getattr(page, "pages_naming_this", list)()
        purge_sites(sites, page_ids=[page.pk, *naming])
    else:
        purge_all()


def _kept_across_publishes(page):
    """Whether ``page`` is shown by something kept across publishes, so that
    its own publish must renew everything: a home page (kept with its Site,
    CacheMiddleware._find_site) or a page the header or footer links to
    (kept with the Navigation setting)."""
    if any(page.url_path == root.root_path for root in Site.get_site_root_paths()):
        return True
    return apps.get_model("site_core", "NavigationLink").objects.filter(page_id=page.pk).exists()


def _page_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    if raw:
        # Loaded from a backup (loaddata), perhaps before its site's home
        # page: working out its site now would keep a wrong answer. A restore
        # makes everything stale when it has finished (site_core.backups).
        return
    if not instance.live:
        return  # a draft: readers cannot see it
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return  # a revision, a workflow step or a lock
    purge_page(instance)


def _page_deleted(sender, instance, **kwargs):
    if instance.live:
        purge_all()


def _record_changed(sender, **kwargs):
    purge_all()


def _meeting_public(meeting):
    return meeting is not None and meeting.access == meeting.Access.PUBLIC


def _meeting_before_save(sender, instance, **kwargs):
    # Whether the stored meeting was public: making it members-only hides it.
    instance._was_public = (
        instance.pk is not None
        and sender.objects.filter(pk=instance.pk, access=sender.Access.PUBLIC).exists()
    )


def _meeting_changed(sender, instance, **kwargs):
    if _meeting_public(instance) or getattr(instance, "_was_public", False):
        purge_all()


def _meeting_row_changed(sender, instance, **kwargs):
    meeting_model = apps.get_model("governance", "Meeting")
    try:
        meeting = instance.meeting
    except meeting_model.DoesNotExist:
        return  # deleted with its meeting, which purged if it was public
    if _meeting_public(meeting):
        purge_all()


def connect():
    """Connect the receivers (site_core.apps, once every model is loaded)."""
    page_published.connect(purge_page, dispatch_uid="caching-page-published")
    page_unpublished.connect(purge_page, dispatch_uid="caching-page-unpublished")
    post_page_move.connect(purge_all, dispatch_uid="caching-page-moved")
    # A new slug changes the address of the page and everything under it,
    # which parts kept across publishes may link to (records-only fragments).
    page_slug_changed.connect(purge_all, dispatch_uid="caching-page-slug-changed")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="caching-page-deleted")
    # post_save is sent for the saved class only, not its parents: each page type.
    for model in get_page_models():
        post_save.connect(
            _page_saved, sender=model, dispatch_uid=f"caching-page-saved-{model._meta.label}"
        )

    public = [apps.get_model(label) for label in PUBLIC_RECORDS]
    for model in [*public, get_document_model(), get_image_model()]:
        label = model._meta.label
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"caching-save-{label}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"caching-del-{label}")

    meeting = apps.get_model("governance", "Meeting")
    pre_save.connect(_meeting_before_save, sender=meeting, dispatch_uid="caching-meeting-pre")
    post_save.connect(_meeting_changed, sender=meeting, dispatch_uid="caching-meeting-save")
    post_delete.connect(_meeting_changed, sender=meeting, dispatch_uid="caching-meeting-del")
    for label in MEETING_ROWS:
        row = apps.get_model(label)
        post_save.connect(_meeting_row_changed, sender=row, dispatch_uid=f"caching-save-{label}")
        post_delete.connect(_meeting_row_changed, sender=row, dispatch_uid=f"caching-del-{label}")

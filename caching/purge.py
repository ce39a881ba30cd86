"""What renews what: a change readers can see gives the site(s) it shows on a
new generation, then, once committed, purges those sites' hosts at the edge
and warms their main pages again.

- A page published, unpublished, saved live, moved, given a new slug or
  deleted: the site(s) it is on. Never another partnership's.
- A public record saved or deleted: its partnership's site
  (site_core.boundary.partnership_id_of); a record of no partnership (a
  shared topic, an image, a redirect for every site) renews every site.
  Each app names its public records with the ``register_public_records``
  Wagtail hook (a list of models, or of ``(model, is_public)`` pairs where
  ``is_public(instance)`` says whether readers can see that one: a change to
  a record that is not public, and never was, renews nothing).
- Wagtail's own records readers see through pages: sites, collections and
  view restrictions, redirects, search promotions, documents and images.

Drafts, revisions, workflow steps and locks (``DRAFT_BOOKKEEPING``) and any
record no app registers (sessions, sign-in attempts, audit entries) renew
nothing. Bulk operations send no signals: code that uses them sends
``site_core.signals.public_content_changed`` itself.
"""

import logging
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail import hooks
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
    get_page_models,
)
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from site_core.boundary import partnership_id_of
from site_core.models import DRAFT_BOOKKEEPING, Partnership
from site_core.signals import public_content_changed

from . import edge, generation, warming

logger = logging.getLogger(__name__)

EVERY_SITE = None


def sites_of_path(url_path):
    """Ids of the sites a page at ``url_path`` shows on (two sites may share a home page)."""
    if not url_path:
        return set()
    return {
        root.site_id for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)
    }


def sites_of_partnership(partnership_id):
    """The sites of a partnership; every site for None (a shared record)."""
    if partnership_id is None:
        return EVERY_SITE
    return set(Partnership.objects.filter(pk=partnership_id).values_list("site_id", flat=True))


# --- after the commit, once per transaction -------------------------------------


def renew(site_ids, page_ids=()):
    """These sites' fragments are stale (``EVERY_SITE``: every site's); once the
    change is committed, their hosts are purged at the edge and their main
    pages, with ``page_ids``, warmed again.

    The token is renewed now, for this connection's own reads, and again
    after the commit: a page rendered meanwhile from the old content is then
    kept under a token nobody asks for any more."""
    if site_ids is EVERY_SITE:
        site_ids = set(Site.objects.values_list("pk", flat=True))
    tokens = generation.bump(set(site_ids))
    if tokens:
        transaction.on_commit(partial(_after_commit, tokens, tuple(page_ids)), robust=True)


def _after_commit(tokens, page_ids):
    """Once per site per transaction, however many records it changed: each
    change renewed the token, so only the last change's callback still finds
    its own token current, and it does the work for them all. A transaction
    rolled back leaves nothing behind (Django drops its callbacks)."""
    sites = sorted(generation.still(tokens))
    if not sites:
        return
    generation.bump(sites)
    edge.after_change(sites)
    warming.after_change({site: list(page_ids) for site in sites})


# --- receivers -----------------------------------------------------------------


def _page_changed(sender, instance, **kwargs):
    renew(sites_of_path(instance.url_path), [instance.pk])


def _page_moved(sender, instance, url_path_before="", url_path_after="", **kwargs):
    renew(sites_of_path(url_path_before) | sites_of_path(url_path_after), [instance.pk])


def _page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return  # loaded from a backup: a restore renews every site when it ends
    if not instance.live:
        return  # a draft: readers cannot see it
    if update_fields is not None and set(update_fields) <= DRAFT_BOOKKEEPING:
        return  # a revision, a workflow step or a lock
    _page_changed(sender, instance)


def _page_deleted(sender, instance, **kwargs):
    if instance.live:
        renew(sites_of_path(instance.url_path))


def _sites_of_record(instance):
    if isinstance(instance, Site):
        return {instance.pk}
    if isinstance(instance, PageViewRestriction):
        return sites_of_path(instance.page.url_path)
    if isinstance(instance, Redirect | SearchPromotion):
        site_id = getattr(instance, "site_id", None)  # a redirect may name its site
        return {site_id} if site_id else EVERY_SITE
    return sites_of_partnership(partnership_id_of(instance))


def _record_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    rule = _rules.get(sender)
    if rule is not None and not rule(instance) and not getattr(instance, _WAS_PUBLIC, False):
        return  # not public, and was not before this change
    try:
        sites = _sites_of_record(instance)
    except Exception:  # its parent deleted with it: renew every site rather than none
        logger.debug("No partnership for %r", instance, exc_info=True)
        sites = EVERY_SITE
    renew(sites)


_WAS_PUBLIC = "caching_was_public"


def _note_whether_public(sender, instance, raw=False, **kwargs):
    """Before saving a record with a rule: whether its stored self was public,
    so that one stopping being public renews its site too."""
    if raw or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    setattr(instance, _WAS_PUBLIC, stored is not None and _rules[sender](stored))


def _content_changed(sender, partnership_id=EVERY_SITE, **kwargs):
    renew(sites_of_partnership(partnership_id))


def wagtail_public_records():
    return [
        Site,
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Redirect,
        SearchPromotion,
        get_document_model(),
        get_image_model(),
    ]


def public_records():
    """``{model: is_public or None}`` for Wagtail's records and every app's
    (``register_public_records``)."""
    found = dict.fromkeys(wagtail_public_records())
    for hook in hooks.get_hooks("register_public_records"):
        for entry in hook():
            model, rule = entry if isinstance(entry, tuple) else (entry, None)
            found[model] = rule
    return found


_rules = {}


def connect():
    """Connect the receivers (CachingConfig.ready, once every model is loaded)."""
    page_published.connect(_page_changed, dispatch_uid="caching-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="caching-page-unpublished")
    page_slug_changed.connect(_page_changed, dispatch_uid="caching-page-slug-changed")
    post_page_move.connect(_page_moved, dispatch_uid="caching-page-moved")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid="caching-page-deleted")
    # post_save is sent for the saved class only, not its parents: each page type.
    for model in get_page_models():
        post_save.connect(
            _page_saved, sender=model, dispatch_uid=f"caching-page-{model._meta.label}"
        )
    for model, rule in public_records().items():
        label = model._meta.label
        if rule is not None:
            _rules[model] = rule
            pre_save.connect(
                _note_whether_public, sender=model, dispatch_uid=f"caching-pre-{label}"
            )
        post_save.connect(_record_changed, sender=model, dispatch_uid=f"caching-save-{label}")
        post_delete.connect(_record_changed, sender=model, dispatch_uid=f"caching-del-{label}")
    public_content_changed.connect(_content_changed, dispatch_uid="caching-content-changed")

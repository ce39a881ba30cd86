"""RSS and Atom feeds of a site's publications, all or one type."""

import uuid
from datetime import datetime, time
from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.models import Site

from site_core.models import Partnership

from .models import PUBLICATION_TYPES, PublicationPage

FEED_LENGTH = 30


class RssFeed(Rss201rev2Feed):
    """RSS 2.0 whose ``atom:link rel="self"`` says its type, as feed validators ask."""

    def add_root_elements(self, handler):
        feed_url, self.feed["feed_url"] = self.feed["feed_url"], None
        super().add_root_elements(handler)
        self.feed["feed_url"] = feed_url
        handler.addQuickElement(
            "atom:link", None, {"rel": "self", "href": feed_url, "type": "application/rss+xml"}
        )


class AtomFeed(Atom1Feed):
    """Atom 1.0 whose ``link rel="self"`` says its type."""

    def add_root_elements(self, handler):
        feed_url, self.feed["feed_url"] = self.feed["feed_url"], None
        super().add_root_elements(handler)
        self.feed["feed_url"] = feed_url
        handler.addQuickElement(
            "link", "", {"rel": "self", "href": feed_url, "type": "application/atom+xml"}
        )


class PublicationsFeed(Feed):
    feed_type = RssFeed
    description_template = None

    def get_object(self, request, type_key=None):
        if type_key is not None and type_key not in PUBLICATION_TYPES:
            raise Http404("No such publication type.")
        self.request = request
        site = Site.find_for_request(request)
        if site is None:
            raise Http404("No site here.")
        return {"site": site, "type_key": type_key, "request": request}

    def title(self, obj):
        partnership = Partnership.for_site(obj["site"])
        if obj["type_key"]:
            kind = PUBLICATION_TYPES[obj["type_key"]]._meta.verbose_name_plural
            return f"{partnership.name}: {kind}"
        return f"{partnership.name}: publications"

    def link(self, obj):
        return obj["site"].root_page.get_full_url(obj["request"])

    def feed_url(self, obj):
        # On the site's own address, as every other link in the feed (the
        # request's host may be a proxy's).
        return urljoin(self.link(obj), obj["request"].path)

    def feed_guid(self, obj):
        # The feed's own id, made from the partnership's home page's permanent
        # key, so a new domain does not make readers' apps see a new feed. A
        # name-based UUID: "urn:uuid:" must be followed by a UUID alone.
        home = obj["site"].root_page
        kind = obj["type_key"] or "all"
        return f"urn:uuid:{uuid.uuid5(home.translation_key, f'publications:{kind}')}"

    def author_name(self, obj):
        # Atom needs an author for every entry: entries with no publishing
        # body named are the partnership's.
        return Partnership.for_site(obj["site"]).name

    def description(self, obj):
        return "New and updated publications: reports, plans, review findings and protocols."

    def items(self, obj):
        pages = PublicationPage.objects.live().public().in_site(obj["site"])
        if obj["type_key"]:
            pages = pages.type(PUBLICATION_TYPES[obj["type_key"]])
        return (
            pages.order_by("-publication_date", "-pk")
            .prefetch_related("topics", "published_by")
            .specific()[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_full_url(self.request)

    # The entry's id: Wagtail's permanent key for the page (a UUID), so it stays
    # the same when the domain or the page's slug changes, and readers' apps
    # never show a moved publication as new.
    item_guid_is_permalink = False

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}"

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.publication_date, time(9, 0)))

    def item_updateddate(self, item):
        # When it last changed on the site, to the microsecond: each entry's
        # own moment (feed validators warn when entries share one), never
        # before its publication date.
        published = self.item_pubdate(item)
        changed = item.last_published_at or item.first_published_at
        if item.last_updated:
            published = max(
                published, timezone.make_aware(datetime.combine(item.last_updated, time(9, 0)))
            )
        return max(published, changed) if changed else published

    def item_categories(self, item):
        return [item.type_label, *(topic.name for topic in item.topics.all())]

    def item_author_name(self, item):
        return ", ".join(body.name for body in item.published_by.all()) or None


class PublicationsAtomFeed(PublicationsFeed):
    feed_type = AtomFeed

    def subtitle(self, obj):
        return self.description(obj)

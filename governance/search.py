"""Governance records in site search (the kernel's "search_records" hook).

Bodies, the people in their posts and public meetings are shown on routes of
the governance page, not pages of their own, so Wagtail's page search cannot
find them. Here every word the reader typed must appear in one of a record's
public fields (``icontains``, the same on SQLite and PostgreSQL). Only the
partnership's own records, only what its public pages show: public meetings,
people's names and posts (never their contact details or notes), and only
while the site has a public governance page to link to.
"""

from functools import reduce
from operator import and_, or_

from django.db.models import Q

from site_core.models import Partnership
from site_core.search import SearchHit
from site_core.visibility import is_public

from .models import Body, Meeting, Membership, Post
from .models.pages import GovernanceIndexPage

RECORD_LIMIT = 50


def _matching(words, fields, extra=None):
    """Every word in at least one of ``fields`` (or ``extra(word)``, a Q)."""
    if not words:
        return Q()

    def one(word):
        found = reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields))
        return found | extra(word) if extra else found

    return reduce(and_, (one(w) for w in words))


def _role_is(word):
    """Posts whose role's label holds the word ("chair" finds Independent Chair)."""
    roles = [key for key, label in Post.Role.choices if word.lower() in label.lower()]
    return Q(post__role__in=roles)


MEETING_WORDS = {"meeting", "meetings", "minutes", "agenda"}


def _sub_urls(page, request):
    """``sub_url(name, **kwargs)``: a route of the governance page, its own
    address worked out once for every record found (there may be 150)."""
    base = (page.get_url(request) or "").rstrip("/") + "/"

    def sub_url(name, **kwargs):
        return base + page.reverse_subpage(name, kwargs=kwargs)

    return sub_url


def search_records(request, site, words):
    words = [w for w in words if w]
    if not words:
        return []
    page = GovernanceIndexPage.objects.live().in_site(site).first()
    if page is None or not is_public(page):
        return []
    return _records(request, page, words)


def _records(request, page, words):
    partnership = Partnership.for_request(request)
    sub_url = _sub_urls(page, request)
    hits = []
    for body in Body.objects.filter(partnership=partnership).filter(
        _matching(words, ["name", "short_name", "purpose"])
    )[:RECORD_LIMIT]:
        hits.append(
            SearchHit(
                title=body.name,
                url=sub_url("body_detail", slug=body.slug),
                kind=body.get_kind_display(),
                summary=body.purpose,
            )
        )
    memberships = (
        Membership.objects.filter(post__body__partnership=partnership)
        .filter(_matching(words, ["person__name", "post__label", "post__body__name"], _role_is))
        .select_related("person", "post__body")
        .order_by("-term_starts")[:RECORD_LIMIT]
    )
    for membership in memberships:
        body = membership.post.body
        hits.append(
            SearchHit(
                title=f"{membership.person.display_name}, {membership.post.display_label}",
                url=sub_url("body_detail", slug=body.slug),
                kind="Person",
                summary=f"{membership.post.display_label}, {body.name}",
            )
        )
    # "meeting", "minutes" and "agenda" describe every meeting: the other
    # words say which ("board meeting", "executive minutes").
    about_meetings = [w for w in words if w.lower() not in MEETING_WORDS]
    meetings = (
        Meeting.objects.filter(body__partnership=partnership, access=Meeting.Access.PUBLIC)
        .filter(_matching(about_meetings, ["body__name", "body__short_name", "place", "summary"]))
        .select_related("body")[:RECORD_LIMIT]
    )
    for meeting in meetings:
        hits.append(
            SearchHit(
                title=f"{meeting.body.name}: meeting on {meeting.date:%-d %B %Y}",
                url=sub_url(
                    "meeting_detail",
                    slug=meeting.body.slug,
                    meeting_id=meeting.pk,
                ),
                kind="Meeting",
                summary=meeting.summary,
            )
        )
    return hits

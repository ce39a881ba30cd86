"""Generated content for the benchmark: grow the Sunderland demo site to a
given size, quickly and idempotently.

`grow()` counts what is there and adds only what is missing, so it can be
called first with small totals (to count queries on a small site) and then
with the large ones. Every generated record is marked: pages' slugs start
with "bench-", people are "Bench person N" (invented; the name says so), bodies'
slugs start with "bench-".

Speed: pages are inserted without revisions and without treebeard's
per-child bookkeeping (the path is computed here and the parent's numchild
is set once), but through `Page.save()`, so the search index, the reference
index and the url_path are filled as Wagtail would fill them. Governance
records are valid by construction (one holder per post, consecutive terms)
and bulk-created.
"""

import random
import sys
import time
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backend

from governance.models import Agency, AgendaItem, Body, Meeting, Membership, Person, Post
from publications.models import (
    AnnualReportPage,
    AudienceVersionPage,
    ChangeNote,
    FrameworkPage,
    FrameworkParty,
    KeyFigure,
    PlanIndicator,
    PlanOutcome,
    PlanPage,
    PublicationIndexPage,
    PublicationPage,
    ReviewFindingsPage,
    ReviewRecommendation,
    Topic,
)
from site_core.models import Partnership

BATCH = 250
BENCH_BODIES = 30
POSTS_PER_BODY = 10
POSTS_ON_MAIN_BODY = 20
MAIN_BODY = "sscp"


def progress(label, done, total, started):
    """A one-line progress bar on stdout, redrawn in place."""
    width = 30
    filled = int(width * done / total) if total else width
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed > 0 else 0
    sys.stdout.write(
        f"\r  {label:<14}[{'#' * filled}{'.' * (width - filled)}] {done}/{total}  {rate:6.0f}/s"
    )
    if done >= total:
        sys.stdout.write(f"  ({elapsed:.1f}s)\n")
    sys.stdout.flush()


def sunderland():
    site = Site.objects.get(is_default_site=True)
    partnership = Partnership.for_site(site)
    index = PublicationIndexPage.objects.child_of(site.root_page).get()
    return site, partnership, index


# --- publications ----------------------------------------------------------

WORDS = [
    *("neglect", "exploitation", "early", "help", "domestic", "abuse", "schools"),
    *("training", "audit", "learning", "partnership", "practice", "families"),
    *("assessment", "thresholds", "review", "outcomes", "children", "young", "people"),
    *("health", "police", "council", "voice", "quality", "assurance"),
]


def _summary(rng):
    words = " ".join(rng.choice(WORDS) for _ in range(24))
    return f"Generated for the benchmark: {words}."


def _body(rng, n):
    paragraphs = [
        {
            "type": "paragraph",
            "value": "<p>" + " ".join(rng.choice(WORDS) for _ in range(80)) + ".</p>",
        }
        for _ in range(3)
    ]
    return [{"type": "heading", "value": {"text": f"Section {n}", "level": "h2"}}, *paragraphs]


def _publication(kind, n, rng, bodies, annual_reports):
    year = 2000 + n % 26
    common = {
        "title": f"Bench {kind.__name__.removesuffix('Page').lower()} {n}",
        "slug": f"bench-{n}",
        "summary": _summary(rng),
        "publication_date": date(year, 1 + n % 12, 1 + n % 28),
        "body": _body(rng, n),
    }
    children = {"change_notes": [ChangeNote(date=date(year, 12, 1), note="Figures corrected")]}
    if kind is AnnualReportPage:
        page = AnnualReportPage(
            **common,
            reporting_year=year,
            period_start=date(year, 4, 1),
            period_end=date(year + 1, 3, 31),
        )
        children["key_figures"] = [
            KeyFigure(value=rng.randint(10, 900), label=f"{rng.choice(WORDS)} contacts")
            for _ in range(4)
        ]
    elif kind is PlanPage:
        page = PlanPage(**common, mission="Working together to keep children safe.")
        children["outcomes"] = [PlanOutcome(number=1, title="Supported as early as possible")]
        children["indicators"] = [
            PlanIndicator(outcome_number=1, number=str(i), description="Number of referrals")
            for i in range(1, 6)
        ]
    elif kind is ReviewFindingsPage:
        page = ReviewFindingsPage(
            **common,
            review_type=ReviewFindingsPage.ReviewType.PEER_REVIEW,
            carried_out_by="A team of peers",
        )
        children["recommendations"] = [
            ReviewRecommendation(number=str(i), text="Share learning across agencies.")
            for i in range(1, 4)
        ]
    elif kind is FrameworkPage:
        page = FrameworkPage(**common, purpose="Who does what between the boards.")
        children["parties"] = [
            FrameworkParty(body=body, commitments="Report once a year")
            for body in rng.sample(bodies, 2)
        ]
    else:
        full = rng.choice(annual_reports)
        page = AudienceVersionPage(
            **common, audience=PublicationPage.Audience.YOUNG_PEOPLE, full_version_id=full
        )
    page._bench_children = children
    return page


KINDS = [AnnualReportPage, PlanPage, ReviewFindingsPage, FrameworkPage, AudienceVersionPage]


def _insert_pages(pages, index):
    """Insert specific pages under ``index`` in a few statements per table.

    Django's bulk_create refuses multi-table models, so each table of the
    chain (Page, PublicationPage, the specific type) is inserted in turn.
    """
    for page in pages:
        page.pk = None
    Page.objects.bulk_create(pages)
    for page in pages:
        page.page_ptr_id = page.id
        page.publicationpage_ptr_id = page.id
    PublicationPage._base_manager._insert(pages, fields=PublicationPage._meta.local_concrete_fields)
    for kind in KINDS:
        of_kind = [page for page in pages if type(page) is kind]
        if of_kind:
            kind._base_manager._insert(of_kind, fields=kind._meta.local_concrete_fields)
    children = {}
    for page in pages:
        for objects in page._bench_children.values():
            for sort_order, child in enumerate(objects):
                child.page_id = page.id
                child.sort_order = sort_order
                children.setdefault(type(child), []).append(child)
    for model, objects in children.items():
        model.objects.bulk_create(objects)
    PublicationPage.topics.through.objects.bulk_create(
        PublicationPage.topics.through(publicationpage_id=page.id, topic_id=topic.pk)
        for page in pages
        for topic in page._bench_topics
    )
    PublicationPage.published_by.through.objects.bulk_create(
        PublicationPage.published_by.through(publicationpage_id=page.id, body_id=body.pk)
        for page in pages
        for body in page._bench_publishers
    )
    # The search index, in bulk (the reference index, used only by the
    # admin's "usage" listings, is left out).
    backend = get_search_backend()
    for kind in KINDS:
        of_kind = [page for page in pages if type(page) is kind]
        if of_kind:
            backend.add_bulk(kind, of_kind)


def grow_publications(total):
    _site, _partnership, index = sunderland()
    existing = PublicationPage.objects.descendant_of(index).count()
    missing = total - existing
    if missing <= 0:
        return
    bodies = list(Body.objects.filter(partnership=_partnership))
    topics = list(Topic.objects.all())
    annual_reports = list(
        AnnualReportPage.objects.descendant_of(index).values_list("pk", flat=True)
    )
    started = time.monotonic()
    index = Page.objects.get(pk=index.pk)
    last = index.get_last_child()
    step = last._get_lastpos_in_path() if last else 0
    made = Page.objects.filter(slug__startswith="bench-").count()
    now = timezone.now()
    for start in range(0, missing, BATCH):
        pages = []
        for offset in range(start, min(start + BATCH, missing)):
            n = made + offset + 1
            rng = random.Random(n)
            kind = KINDS[n % len(KINDS)]
            if kind is AudienceVersionPage and not annual_reports:
                kind = AnnualReportPage
            page = _publication(kind, n, rng, bodies, annual_reports)
            step += 1
            page.depth = index.depth + 1
            page.path = Page._get_path(index.path, page.depth, step)
            page.numchild = 0
            page.url_path = f"{index.url_path}{page.slug}/"
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.last_published_at = now
            page.locale_id = index.locale_id
            page.content_type = ContentType.objects.get_for_model(kind)
            page._bench_topics = rng.sample(topics, min(2, len(topics)))
            page._bench_publishers = rng.sample(bodies, 1)
            pages.append(page)
        with transaction.atomic():
            _insert_pages(pages, index)
            Page.objects.filter(pk=index.pk).update(numchild=index.get_children().count())
        annual_reports += [p.id for p in pages if type(p) is AnnualReportPage]
        progress("publications", min(start + BATCH, missing), missing, started)


# --- governance ------------------------------------------------------------


def _bench_bodies(partnership):
    main = Body.objects.get(partnership=partnership, slug=MAIN_BODY)
    bodies = [main]
    for i in range(1, BENCH_BODIES + 1):
        body, _ = Body.objects.get_or_create(
            partnership=partnership,
            slug=f"bench-group-{i}",
            defaults={
                "name": f"Bench task and finish group {i}",
                "kind": Body.Kind.TASK_AND_FINISH,
                "parent": main,
                "purpose": "Generated for the benchmark.",
            },
        )
        bodies.append(body)
    return bodies


def _bench_posts(bodies):
    posts = []
    for body in bodies:
        wanted = POSTS_ON_MAIN_BODY if body.slug == MAIN_BODY else POSTS_PER_BODY
        for i in range(1, wanted + 1):
            post, _ = Post.objects.get_or_create(
                body=body,
                label=f"Bench member {i}",
                defaults={"role": Post.Role.MEMBER, "holders": 1, "sort_order": 200 + i},
            )
            posts.append(post)
    return posts


def grow_people(total):
    _site, partnership, _index = sunderland()
    existing = Person.objects.filter(partnership=partnership).count()
    missing = total - existing
    if missing <= 0:
        return
    made = Person.objects.filter(name__startswith="Bench person").count()
    started = time.monotonic()
    people = [
        Person(partnership=partnership, name=f"Bench person {made + i}")
        for i in range(1, missing + 1)
    ]
    for start in range(0, missing, BATCH * 4):
        Person.objects.bulk_create(people[start : start + BATCH * 4])
        progress("people", min(start + BATCH * 4, missing), missing, started)


def grow_memberships(total):
    """Consecutive one-year terms on one-holder posts: never an overlap."""
    _site, partnership, _index = sunderland()
    existing = Membership.objects.filter(post__body__partnership=partnership).count()
    missing = total - existing
    if missing <= 0:
        return
    posts = _bench_posts(_bench_bodies(partnership))
    people = list(
        Person.objects.filter(partnership=partnership, name__startswith="Bench person")
        .order_by("pk")
        .values_list("pk", flat=True)
    ) or list(Person.objects.filter(partnership=partnership).values_list("pk", flat=True))
    agencies = list(Agency.objects.filter(partnership=partnership).values_list("pk", flat=True))
    # Each post's earliest term so far: new terms go before it, a year each.
    earliest = dict(
        Membership.objects.filter(post__in=posts)
        .values_list("post")
        .annotate(first=Max("term_starts"))
        .values_list("post", "first")
    )
    first_terms = {
        post_id: Membership.objects.filter(post_id=post_id).order_by("term_starts").first()
        for post_id in earliest
    }
    starts = {
        post.pk: first_terms[post.pk].term_starts if post.pk in first_terms else None
        for post in posts
    }
    this_year = timezone.localdate().year
    rows = []
    started = time.monotonic()
    for i in range(missing):
        post = posts[i % len(posts)]
        before = starts[post.pk]
        if before is None:  # the current term
            term_starts, term_ends = date(this_year, 1, 1), date(this_year + 1, 12, 31)
        else:
            term_starts = date(before.year - 1, 1, 1)
            term_ends = before - timedelta(days=1)
        starts[post.pk] = term_starts
        rows.append(
            Membership(
                person_id=people[i % len(people)],
                post=post,
                on_behalf_of_id=agencies[i % len(agencies)] if agencies else None,
                term_starts=term_starts,
                term_ends=term_ends,
            )
        )
    for start in range(0, missing, BATCH * 4):
        Membership.objects.bulk_create(rows[start : start + BATCH * 4])
        progress("memberships", min(start + BATCH * 4, missing), missing, started)


def grow_meetings(total):
    _site, partnership, _index = sunderland()
    existing = Meeting.objects.filter(body__partnership=partnership).count()
    missing = total - existing
    if missing <= 0:
        return
    bodies = _bench_bodies(partnership)
    made = Meeting.objects.filter(place__startswith="Bench room").count()
    started = time.monotonic()
    meetings = []
    for i in range(missing):
        n = made + i
        meetings.append(
            Meeting(
                body=bodies[n % len(bodies)],
                date=date(2026, 1, 1) - timedelta(days=7 * n),
                place=f"Bench room {n % 9 + 1}",
                access=Meeting.Access.PUBLIC if n % 2 else Meeting.Access.MEMBERS,
                summary="Generated for the benchmark.",
            )
        )
    for start in range(0, missing, BATCH):
        batch = Meeting.objects.bulk_create(meetings[start : start + BATCH])
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=m, number=str(k), title=f"Item {k}", sort_order=k)
            for m in batch
            for k in range(1, 4)
        )
        progress("meetings", min(start + BATCH, missing), missing, started)


def grow(publications, people, memberships, meetings):
    """Grow the database UP TO these totals (Sunderland's); adds only what is missing.

    bulk_create sends no signals, so nothing tells the caches that people,
    memberships and meetings changed: the caller empties them (as any bulk
    import must), which the benchmark does before measuring anything.
    """
    grow_publications(publications)
    grow_people(people)
    grow_memberships(memberships)
    grow_meetings(meetings)


def benchmark_urls():
    site, _partnership, index = sunderland()
    plan = PlanPage.objects.live().descendant_of(index).exclude(slug__startswith="bench-")
    plan = plan.order_by("pk").first()
    report = (
        AnnualReportPage.objects.live()
        .descendant_of(index)
        .exclude(slug__startswith="bench-")
        .order_by("pk")
        .first()
    )
    governance = Page.objects.filter(slug="governance").descendant_of(index.get_parent()).first()

    def url(page):
        return page.relative_url(site)

    return {
        "home": "/",
        "publications index": url(index),
        "publications filtered": f"{url(index)}?type=annual-report&topic=neglect&sort=title",
        "publication page": url(report),
        "plan (68 indicators)": url(plan),
        "governance body": f"{url(governance)}bodies/{MAIN_BODY}/",
        "search": "/search/?q=safeguarding+children",
        "popolo json": "/governance.json",
    }

"""The current picture: what a partnership has in force now, for the home page
and the publications index.

An inspector's first question is "what is current?": the latest annual report,
the plan in force and how it is going, the latest learning from reviews, and
the frameworks the boards work under. Each comes dated; where nothing current
exists, the newest of its kind is named with its status, so a reader is never
told a superseded plan is the plan.
"""

from wagtail.models import Page

from .models import (
    AnnualReportPage,
    FrameworkPage,
    LearningFromReviewsPage,
    PlanPage,
    PublicationPage,
    ReviewFindingsPage,
)

# The home page and index name this many frameworks; the index lists the rest.
FRAMEWORKS_SHOWN = 5


def _live(model, root, members_only):
    return (
        model.objects.live()
        .descendant_of(root)
        .exclude(members_only)
        .filter(audience=PublicationPage.Audience.EVERYONE)
    )


def _newest(queryset, *order, count=1):
    """The newest ``count`` of ``queryset``."""
    return list(queryset.order_by(*order, "-publication_date", "-pk")[:count])


def current_picture(root, learning_pages=None):
    """What is current under ``root`` (a home page): one query per kind.
    ``learning_pages``: the "Learning from reviews" listings under it, when
    the caller has them already (the index lists them)."""
    current = PublicationPage.Status.CURRENT
    # Which sections are members-only, read once for every kind.
    members_only = Page.objects.private_q()
    report = _newest(
        _live(AnnualReportPage, root, members_only).filter(status=current), "-reporting_year"
    )
    plan = _newest(_live(PlanPage, root, members_only).filter(status=current))
    # No plan in force: name the newest one with its status, never as current.
    last_plan = [] if plan else _newest(_live(PlanPage, root, members_only))
    review = _newest(_live(ReviewFindingsPage, root, members_only), "-completed")
    frameworks = _newest(
        _live(FrameworkPage, root, members_only).filter(
            status=current, adoption_status=FrameworkPage.AdoptionStatus.ADOPTED
        ),
        "-adopted_on",
        count=FRAMEWORKS_SHOWN + 1,
    )
    if learning_pages is None:
        learning_pages = (
            LearningFromReviewsPage.objects.live().descendant_of(root).exclude(members_only)[:1]
        )
    learning = next(iter(learning_pages), None)
    plan = next(iter(plan), None)
    return {
        "report": next(iter(report), None),
        "plan": plan,
        "plan_progress": plan.progress() if plan else None,
        "last_plan": next(iter(last_plan), None),
        "review": next(iter(review), None),
        "frameworks": frameworks[:FRAMEWORKS_SHOWN],
        "more_frameworks": len(frameworks) > FRAMEWORKS_SHOWN,
        "learning_page": learning,
    }

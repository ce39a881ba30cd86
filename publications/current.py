"""The current picture: what a partnership has in force now, for the home page
and the publications index.

An inspector's first question is "what is current?": the latest annual report,
the plan in force and how it is going, the latest learning from reviews, and
the frameworks the boards work under. Each comes dated; where nothing current
exists, the newest of its kind is named with its status, so a reader is never
told a superseded plan is the plan.
"""

from site_core.caching.memo import remember
from site_core.prepared import prepared_objects
from site_core.visibility import public

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


def _live(model, root):
    return public(model.objects.live().descendant_of(root)).filter(
        audience=PublicationPage.Audience.EVERYONE
    )


def _newest(name, root, build, *order, count=1):
    """The newest ``count`` of ``build()``: its SQL built once
    (site_core/prepared.py), as this picture is rebuilt after every publish."""
    return prepared_objects(
        (f"current-picture:{name}", root.pk, root.path),
        lambda: build().order_by(*order, "-publication_date", "-pk")[:count],
    )


def build(root, learning_pages=None):
    """What is current under ``root`` (a home page): one query per kind.
    ``learning_pages``: the "Learning from reviews" listings under it, when
    the caller has them already (the index lists them)."""
    current = PublicationPage.Status.CURRENT
    report = _newest(
        "report",
        root,
        lambda: _live(AnnualReportPage, root).filter(status=current),
        "-reporting_year",
    )
    plan = _newest("plan", root, lambda: _live(PlanPage, root).filter(status=current))
    # No plan in force: name the newest one with its status, never as current.
    last_plan = [] if plan else _newest("last-plan", root, lambda: _live(PlanPage, root))
    review = _newest("review", root, lambda: _live(ReviewFindingsPage, root), "-completed")
    frameworks = _newest(
        "frameworks",
        root,
        lambda: _live(FrameworkPage, root).filter(
            status=current, adoption_status=FrameworkPage.AdoptionStatus.ADOPTED
        ),
        "-adopted_on",
        count=FRAMEWORKS_SHOWN + 1,
    )
    if learning_pages is None:
        learning_pages = prepared_objects(
            ("current-picture:learning", root.pk, root.path),
            lambda: public(LearningFromReviewsPage.objects.live().descendant_of(root))[:1],
        )
    learning = next(iter(learning_pages), None)
    plan = next(iter(plan), None)
    return {
        "report": next(iter(report), None),
        "plan": plan,
        "plan_progress": plan.kept_progress() if plan else None,
        "last_plan": next(iter(last_plan), None),
        "review": next(iter(review), None),
        "frameworks": frameworks[:FRAMEWORKS_SHOWN],
        "more_frameworks": len(frameworks) > FRAMEWORKS_SHOWN,
        "learning_page": learning,
    }


def current_picture(root, learning_pages=None):
    """``build(root)``, kept until content changes (dates are judged at render time)."""
    return remember(f"current-picture:{root.pk}", lambda: build(root, learning_pages))

"""Every recommendation of a partnership's reviews, with where it has got to."""

from dataclasses import dataclass, field

from django import forms
from django.utils import timezone

from publications.models import ReviewFindingsPage, ReviewRecommendation, Topic

from .models.records import CLOSED_STATUSES, RecommendationStatus, RecommendationUpdate


@dataclass
class Tracked:
    recommendation: ReviewRecommendation
    review: ReviewFindingsPage
    updates: list = field(default_factory=list)  # newest first

    @property
    def status(self):
        return self.updates[0].status if self.updates else self.recommendation.status

    @property
    def status_label(self):
        return RecommendationStatus(self.status).label

    @property
    def due(self):
        return self.recommendation.target_date

    @property
    def is_overdue(self):
        return (
            self.due is not None
            and self.due < timezone.localdate()
            and self.status not in CLOSED_STATUSES
        )

    @property
    def agency(self):
        return self.recommendation.owner.strip()


# Newest first: the latest dated update decides a recommendation's status
# (two on one day: the one entered last).
NEWEST_FIRST = ("recommendation_id", "-date", "-pk")


def updates_by_recommendation(recommendations):
    """{recommendation id: [its updates, newest first]} in one query."""
    updates = {}
    for update in RecommendationUpdate.objects.filter(recommendation__in=recommendations).order_by(
        *NEWEST_FIRST
    ):
        updates.setdefault(update.recommendation_id, []).append(update)
    return updates


def latest_progress(recommendations):
    """{recommendation id: {"status", "label", "date"}} from each one's latest
    dated update, for a review page's table (the "recommendation_progress"
    hook); a recommendation with no update is left out."""
    return {
        rec_id: {
            "status": updates[0].status,
            "label": updates[0].get_status_display(),
            "date": updates[0].date,
        }
        for rec_id, updates in updates_by_recommendation(recommendations).items()
    }


def reviews_for(home, members=False):
    """The live reviews under ``home`` (a partnership's site); members-only ones
    for the members' view only."""
    reviews = ReviewFindingsPage.objects.live().descendant_of(home)
    if not members:
        reviews = reviews.public()
    return reviews.order_by("-completed", "title")


def tracked_for(home, members=False):
    reviews = {r.pk: r for r in reviews_for(home, members).prefetch_related("topics")}
    recommendations = ReviewRecommendation.objects.filter(page_id__in=reviews).order_by(
        "page_id", "sort_order"
    )
    updates = updates_by_recommendation(recommendations)
    return [Tracked(r, reviews[r.page_id], updates.get(r.pk, [])) for r in recommendations]


class RecommendationFilterForm(forms.Form):
    """The page's filters; a bad value is a 400 that says which and why."""

    status = forms.ChoiceField(required=False, label="Status")
    review = forms.TypedChoiceField(required=False, label="Review", coerce=int, empty_value=None)
    agency = forms.ChoiceField(required=False, label="Agency")
    theme = forms.ChoiceField(required=False, label="Theme")
    overdue = forms.BooleanField(required=False, label="Overdue only")

    def __init__(self, data, tracked):
        super().__init__(data)
        self.fields["status"].choices = [("", "Any status"), *RecommendationStatus.choices]
        reviews = {t.review.pk: t.review.title for t in tracked}
        self.fields["review"].choices = [("", "All reviews"), *reviews.items()]
        agencies = sorted({t.agency for t in tracked if t.agency})
        self.fields["agency"].choices = [("", "All agencies"), *((a, a) for a in agencies)]
        topic_ids = {topic.pk for t in tracked for topic in t.review.topics.all()}
        themes = Topic.objects.filter(pk__in=topic_ids).order_by("name")
        self.fields["theme"].choices = [("", "All themes"), *((t.slug, t.name) for t in themes)]

    def apply(self, tracked):
        data = self.cleaned_data
        shown = tracked
        if data.get("status"):
            shown = [t for t in shown if t.status == data["status"]]
        if data.get("review"):
            shown = [t for t in shown if t.review.pk == data["review"]]
        if data.get("agency"):
            shown = [t for t in shown if t.agency == data["agency"]]
        if data.get("theme"):
            shown = [
                t for t in shown if any(x.slug == data["theme"] for x in t.review.topics.all())
            ]
        if data.get("overdue"):
            shown = [t for t in shown if t.is_overdue]
        return shown

    def error_message(self):
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else name
            parts.append(f"{label}: {' '.join(errors)}")
        return " ".join(parts)


def counts(tracked):
    result = dict.fromkeys(RecommendationStatus.values, 0)
    for t in tracked:
        result[t.status] += 1
    return {
        "total": len(tracked),
        "overdue": sum(1 for t in tracked if t.is_overdue),
        "by_status": [(RecommendationStatus(v).label, v, n) for v, n in result.items()],
    }

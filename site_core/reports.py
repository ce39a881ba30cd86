"""The "Content due for review" report (Reports menu in the admin).

Every page has an owner and a next-review date (site_core.models.BasePage).
This lists the pages whose date has passed or falls within the next 30
days, soonest first, with who owns them and which partnership's site they
are on; it can be filtered and exported. Above the list: when each site's
"Worried about a child?" numbers were last checked.
"""

from datetime import timedelta

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import DateField, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page, Site, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import policy_registry

from .models import BasePage, SafeguardingContacts
from .tenancy import partnerships_for

DUE_SOON_DAYS = 30
OVERDUE = "overdue"
DUE_SOON = "soon"


def review_page_models():
    return [model for model in get_page_models() if issubclass(model, BasePage)]


def _from_specific(field, output_field):
    """The value of ``field`` from whichever page type the row is."""
    subqueries = [
        Subquery(
            model.objects.filter(pk=OuterRef("pk")).values(field)[:1], output_field=output_field
        )
        for model in review_page_models()
    ]
    if len(subqueries) == 1:
        return subqueries[0]
    return Coalesce(*subqueries, output_field=output_field)


def pages_with_review_dates():
    return Page.objects.annotate(
        review_due=_from_specific("next_review_due", DateField()),
        review_owner=_from_specific("content_owner", IntegerField()),
    ).filter(review_due__isnull=False)


def owners():
    User = get_user_model()
    owner_ids = set()
    for model in review_page_models():
        owner_ids.update(
            model.objects.exclude(content_owner=None).values_list("content_owner", flat=True)
        )
    return User.objects.filter(pk__in=owner_ids).order_by("first_name", "last_name", "username")


class ReviewDueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[(OVERDUE, "Overdue"), (DUE_SOON, f"Due in the next {DUE_SOON_DAYS} days")],
        method="filter_status",
        empty_label="Overdue or due soon",
    )
    owner = django_filters.ModelChoiceFilter(
        label="Owner",
        queryset=lambda request: owners(),
        method="filter_owner",
        empty_label="Anyone",
    )
    no_owner = django_filters.BooleanFilter(
        label="Without an owner",
        method="filter_no_owner",
        widget=django_filters.widgets.BooleanWidget(),
    )

    class Meta:
        model = Page
        fields = []

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == OVERDUE:
            return queryset.filter(review_due__lt=today)
        if value == DUE_SOON:
            return queryset.filter(review_due__gte=today)
        return queryset

    def filter_owner(self, queryset, name, value):
        return queryset.filter(review_owner=value.pk) if value else queryset

    def filter_no_owner(self, queryset, name, value):
        if value is True:
            return queryset.filter(review_owner__isnull=True)
        if value is False:
            return queryset.filter(review_owner__isnull=False)
        return queryset


class ReviewDueReportView(ReportView):
    page_title = "Content due for review"
    header_icon = "time"
    template_name = "site_core/admin/review_report.html"
    index_url_name = "site_core_review_report"
    index_results_url_name = "site_core_review_report_results"
    filterset_class = ReviewDueFilterSet
    model = Page
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]
    paginate_by = 50
    no_results_message = "No pages are overdue or due for review in the next 30 days."

    columns = [
        TitleColumn(
            "title",
            label="Page",
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.id]),
        ),
        Column("review_due_display", label="Review due"),
        Column("review_state", label="Status"),
        Column("owner_name", label="Owner"),
        Column("site_name", label="Site"),
    ]
    list_export = ["title", "review_due", "review_state", "owner_name", "site_name", "full_url"]
    export_headings = {
        "title": "Page",
        "review_due": "Review due",
        "review_state": "Status",
        "owner_name": "Owner",
        "site_name": "Site",
        "full_url": "Address",
    }

    def get_queryset(self):
        cutoff = timezone.localdate() + timedelta(days=DUE_SOON_DAYS)
        editable = self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["add", "change", "publish"]
        )
        return (
            pages_with_review_dates()
            .filter(pk__in=editable.values("pk"), review_due__lte=cutoff)
            .order_by("review_due", "title")
        )

    def decorate_paginated_queryset(self, object_list):
        pages = list(object_list)
        today = timezone.localdate()
        User = get_user_model()
        users = User.objects.in_bulk({page.review_owner for page in pages} - {None})
        roots = sorted(
            Site.objects.select_related("root_page"),
            key=lambda site: len(site.root_page.path),
            reverse=True,
        )
        for page in pages:
            days = (page.review_due - today).days
            if days < 0:
                page.review_state = f"Overdue by {-days} day{'s' if days != -1 else ''}"
            elif days == 0:
                page.review_state = "Due today"
            else:
                page.review_state = f"Due in {days} day{'s' if days != 1 else ''}"
            page.review_due_display = page.review_due.strftime("%-d %B %Y")
            owner = users.get(page.review_owner)
            page.owner_name = (
                (owner.get_full_name() or owner.get_username()) if owner else ("No owner")
            )
            site = next((s for s in roots if page.path.startswith(s.root_page.path)), None)
            page.site_name = (site.site_name or site.hostname) if site else ""
        return pages

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        contacts_policy = policy_registry.get_by_type(SafeguardingContacts)
        context["contacts"] = [
            {
                "site": contacts.site.site_name or contacts.site.hostname,
                "last_checked": contacts.last_checked,
                "stale": contacts.is_stale,
                # Only where the reader may change them (Approvers): no link that refuses.
                "edit_url": reverse(
                    "wagtailsettings:edit",
                    args=["site_core", "safeguardingcontacts", contacts.site_id],
                )
                if contacts_policy.user_has_permission_for_instance(
                    self.request.user, "change", contacts.site
                )
                else "",
            }
            for contacts in SafeguardingContacts.objects.filter(
                site__partnership__in=partnerships_for(self.request.user)
            )
            .select_related("site")
            .order_by(F("last_checked").asc(nulls_first=True))
        ]
        return context


class ReviewDueMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )

"""Wagtail's admin views that list other partnerships' records, scoped.

Each is Wagtail's own view with the question "which records may this user
reach?" put to the models' permission policies (site_core.permissions):

* Reports → Site history and its CSV/XLSX export: log entries of records the
  user may reach (pages are already narrowed by Wagtail's page policy);
  its "User" and "Type" filters offer only what those entries name.
* The page chooser opens at the user's own site, never at the Root or at
  another partnership's page (``/admin/choose-page/<id>/``), and answers
  with the titles and addresses of the user's own pages only.
* The page explorer's and the forms listing's "Site", "Owner" and "Edited by"
  filters offer only the user's partnerships' sites and people.

Routed in ``urlpatterns`` (config/urls.py, ahead of Wagtail's admin) and, for
the explorer, as the base page viewset (site_core.wagtail_hooks).
"""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.forms import CheckboxSelectMultiple
from django.http import Http404
from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.filters import ContentTypeFilter, MultipleUserFilter
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView
from wagtail.admin.views.pages.listing import (
    EditedByFilter,
    GenericPageFilterSet,
    PageFilterSet,
    SiteFilter,
)
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.contrib.forms.views import FormPageFilterSet, FormPagesListView
from wagtail.log_actions import registry as log_registry
from wagtail.models import Page, PageLogEntry, Site

from .permissions import reachable
from .tenancy import pages_of, partnerships_for

# -- Site history ------------------------------------------------------------------


def entries_within_reach(user, entries):
    """Log entries (of one log model) about records ``user`` may reach."""
    if user.is_superuser or issubclass(entries.model, PageLogEntry):
        return entries  # page entries: Wagtail's page policy has narrowed them
    within = Q(pk__in=[])
    content_types = entries.order_by().values_list("content_type_id", flat=True).distinct()
    for content_type_id in content_types:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a model since removed: nobody's to show
            continue
        logged_ids = reachable(user, model).annotate(logged_id=Cast("pk", CharField()))
        within |= Q(content_type_id=content_type_id, object_id__in=logged_ids.values("logged_id"))
    return entries.filter(within)


def visible_entries(user):
    for log_model in log_registry.get_log_entry_models():
        yield entries_within_reach(user, log_model.objects.viewable_by_user(user))


def content_types_for_filter(request):
    ids = set()
    for entries in visible_entries(request.user):
        ids.update(entries.get_content_type_ids())
    return ContentType.objects.filter(pk__in=ids).order_by("model")


class PartnershipSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    object_type = ContentTypeFilter(
        label="Type", method="filter_object_type", queryset=content_types_for_filter
    )

    def get_user_choices(self):
        ids = set()
        for entries in visible_entries(self.request.user):
            ids.update(entries.get_user_ids())
        User = get_user_model()
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)


class PartnershipSiteHistoryView(LogEntriesView):
    """Reports → Site history (and its export) of the user's partnerships only."""

    filterset_class = PartnershipSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        return entries_within_reach(self.request.user, super().filter_queryset(queryset))


# -- The page chooser ----------------------------------------------------------------


class PartnershipPageBrowseView(BrowseView):
    """The page chooser, opened at the user's own site: the Root, or a page of
    another partnership, is never shown (its title, address, type and status)."""

    def get(self, request, parent_page_id=None):
        user = request.user
        if not user.is_superuser:
            parent = Page.objects.filter(pk=parent_page_id, depth__gt=1).first()
            if parent is None:  # no page named, or the Root: start at their site
                parent_page_id = self.top_page_id(user)
            elif not pages_of(user, Page.objects.filter(pk=parent.pk)).exists():
                raise Http404
        return super().get(request, parent_page_id)

    @staticmethod
    def top_page_id(user):
        """The user's partnership's home page (their homes' common ancestor,
        when they work for several)."""
        homes = Page.objects.filter(pk__in=partnerships_for(user).values("site__root_page"))
        if not homes.exists():
            raise Http404
        return homes.first_common_ancestor(include_self=True).pk


def chosen_pages(request):
    """The page chooser's answer for several pages (titles, addresses, edit
    links): only for pages of the user's sites; any other id is a 404."""
    ids = request.GET.getlist("id")
    if not all(pk.isascii() and pk.isdecimal() for pk in ids):
        raise Http404
    named = Page.objects.filter(pk__in=ids)
    if pages_of(request.user, named).count() < named.count():
        raise Http404
    return ChosenMultipleView.as_view()(request)


# -- Filters naming sites and people ---------------------------------------------------


def sites_for(request):
    if request.user.is_superuser:
        return Site.objects.all()
    return Site.objects.filter(partnership__in=partnerships_for(request.user))


def owners_for(request):
    pages = pages_of(request.user, Page.objects.all()).order_by()
    return get_user_model().objects.filter(pk__in=pages.values("owner_id"))


def editors_for(request):
    edits = PageLogEntry.objects.filter(
        action="wagtail.edit", page__in=pages_of(request.user, Page.objects.all())
    ).order_by()
    return get_user_model().objects.filter(pk__in=edits.values("user_id"))


class PartnershipPageFilters(PageFilterSet):
    site = SiteFilter(label="Site", queryset=sites_for, widget=CheckboxSelectMultiple)
    owner = MultipleUserFilter(label="Owner", queryset=owners_for, widget=CheckboxSelectMultiple)
    edited_by = EditedByFilter(
        label="Edited by", queryset=editors_for, widget=CheckboxSelectMultiple
    )


class PartnershipExplorerFilterSet(PartnershipPageFilters, GenericPageFilterSet):
    pass


class PartnershipFormPageFilterSet(PartnershipPageFilters, FormPageFilterSet):
    pass


class CheckedWorkflowActionView(WorkflowActionView):
    """A workflow action from the dashboard, a listing or the approval modal,
    which runs no page hook of Wagtail's: apps may refuse it through the
    site's own "before_workflow_action" hook, ``fn(request, view)``, returning
    a response (e.g. publications refuses to approve a public page that links
    a members' paper)."""

    def post(self, request, *args, **kwargs):
        for check in hooks.get_hooks("before_workflow_action"):
            response = check(request, self)
            if response is not None:
                return response
        return super().post(request, *args, **kwargs)


class PartnershipPageViewSet(PageViewSet):
    """The base page viewset (the explorer), with the scoped filters, and
    workflow actions that apps may check."""

    filterset_class = PartnershipExplorerFilterSet
    workflow_action_view_class = CheckedWorkflowActionView


class PartnershipFormPagesListView(FormPagesListView):
    filterset_class = PartnershipFormPageFilterSet


def _admin(view):
    return never_cache(require_admin_access(view))


# Wagtail's own addresses (so its links and reverse() lead here), ahead of its admin.
urlpatterns = [
    path("reports/site-history/", _admin(PartnershipSiteHistoryView.as_view())),
    path(
        "reports/site-history/results/",
        _admin(PartnershipSiteHistoryView.as_view(results_only=True)),
    ),
    path("choose-page/", _admin(PartnershipPageBrowseView.as_view())),
    path("choose-page/<int:parent_page_id>/", _admin(PartnershipPageBrowseView.as_view())),
    path("choose-page/chosen-multiple/", _admin(chosen_pages)),
    path("forms/", _admin(PartnershipFormPagesListView.as_view())),
    path("forms/results/", _admin(PartnershipFormPagesListView.as_view(results_only=True))),
]

"""The admin, sealed per partnership.

Which records a user may see and change is one question, asked of the
model's permission policy (site_core.permissions.PartnershipPermissionPolicy,
registered for every tenant-owned model). Wagtail's own views ask it for
listings' actions, deletes, exports and bulk-action permissions; what they do
not ask it, this module makes ask it. A viewset that mixes in
``PartnershipScopedViewSetMixin`` gets:

* listings, exports and choosers that show only the user's partnerships'
  records, choosers that can be searched and show each record's partnership;
* every view of one record (edit, delete, inspect, history, usage, copy, the
  chooser's "chosen" answers) refusing a record of another partnership with a
  404, as if it did not exist, whatever the URL: Wagtail's generic one-record
  views fetch the record by its id without asking the policy;
* forms whose choices (the partnership, related records) are the user's
  partnerships' only, so a hand-made POST cannot cross the boundary either;
* listing filters that offer only the user's partnerships, sites and records.

Bulk actions (pages, documents, images, snippets) reach only what the policy
lets the user reach, for the confirmation page (GET) as for the action (POST):
``ScopedBulkAction``.
"""

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.urls import path
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import ObjectList, extract_panel_definitions_from_model_class
from wagtail.admin.ui.tables import Column
from wagtail.models import Site
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)

from .boundary import BoundaryFormMixin
from .models import Partnership
from .permissions import reachable, tenant_policy
from .tenancy import partnership_ids_for

CHOOSER_PER_PAGE = 50


def is_visible(user, model, pk):
    """Whether the record ``pk`` of ``model`` belongs to one of ``user``'s
    partnerships (always, for a model that belongs to none)."""
    policy = tenant_policy(model)
    if policy is None:
        return True
    return policy.within(user, model._default_manager.filter(pk=pk)).exists()


class ChooserSearchForm(BaseFilterForm):
    """Search by the fields the model names (a plain ``icontains``: it needs no
    search index and behaves the same on SQLite and PostgreSQL)."""

    q = forms.CharField(
        label="Search term",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "Search"}),
    )

    def __init__(self, *args, search_fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.search_fields = search_fields

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").replace("\x00", "").strip()
        if query and self.search_fields:
            for word in query.split():
                match = Q()
                for field in self.search_fields:
                    match |= Q(**{f"{field}__icontains": word})
                objects = objects.filter(match)
            self.is_searching = True
            self.search_query = query
        return objects


class PartnershipColumn(Column):
    def get_value(self, instance):
        return getattr(instance, "_partnership_name", "")


class _ScopedChooseMixin:
    per_page = CHOOSER_PER_PAGE

    def get_object_list(self):
        model = self.model_class
        policy = tenant_policy(model)
        objects = model._default_manager.all()
        if policy is None:
            return objects
        objects = policy.within(self.request.user, objects)
        return objects.annotate(_partnership_name=F(f"{policy.lookup}__short_name"))

    def get_filter_form(self):
        return ChooserSearchForm(
            self.request.GET, search_fields=getattr(self.model_class, "admin_search_fields", ())
        )

    def filter_object_list(self, objects):
        if self.filter_form.is_valid():
            objects = self.filter_form.filter(objects)
        return objects

    @property
    def columns(self):
        columns = super().columns
        if tenant_policy(self.model_class) is not None:
            columns.append(PartnershipColumn("partnership", label="Partnership"))
        return columns


class ScopedChooseView(_ScopedChooseMixin, ChooseView):
    pass


class ScopedChooseResultsView(_ScopedChooseMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    def get_object(self, pk):
        instance = super().get_object(pk)
        if not is_visible(self.request.user, type(instance), instance.pk):
            raise Http404
        return instance


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        objects = super().get_objects(pks)
        policy = tenant_policy(self.model_class)
        return objects if policy is None else policy.within(self.request.user, objects)


class ScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


def scope_choices(fields, user, site_required=False):
    """Limit every choice of a partnership, a site or a record that belongs to
    one (a form's or a listing filter's fields) to ``user``'s partnerships."""
    if user is None or user.is_superuser:
        return
    for field in fields:
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if queryset.model is Partnership:
            field.queryset = queryset.filter(pk__in=partnership_ids_for(user))
        elif queryset.model is Site:
            field.queryset = queryset.filter(partnership__in=partnership_ids_for(user))
            if site_required:
                # "Every partnership's site" (a blank site) is for superusers only.
                field.required = True
        elif policy := tenant_policy(queryset.model):
            field.queryset = policy.within(user, queryset)


class PartnershipScopedForm(BoundaryFormMixin, WagtailAdminModelForm):
    """Every choice of a partnership, or of a record that belongs to one, is
    limited to the partnerships the editing user works for; the record and its
    inline rows may refer only inside its partnership (site_core.boundary)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope_choices(self.fields.values(), getattr(self, "for_user", None), site_required=True)


class PartnershipScopedFilterSet(WagtailFilterSet):
    """A listing's filters (list_filter) offer only the user's partnerships, their
    sites and their records: the choices would otherwise name every partnership's."""

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_partnership_scoped", False):
            scope_choices(form.fields.values(), getattr(self.request, "user", None))
            form._partnership_scoped = True
        return form


def _sealed(view, model):
    """Wrap a view of one record: another partnership's record is a 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None and not is_visible(request.user, model, unquote(str(pk))):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def seal_urlpatterns(patterns, model):
    sealed = []
    for pattern in patterns:
        if "pk" in pattern.pattern.converters:
            sealed.append(
                path(
                    str(pattern.pattern),
                    _sealed(pattern.callback, model),
                    pattern.default_args,
                    pattern.name,
                )
            )
        else:
            sealed.append(pattern)
    return sealed


class PartnershipScopedViewSetMixin:
    """For a SnippetViewSet (or ModelViewSet) of records that belong to a partnership.

    The model names the path to its partnership as ``partnership_lookup``
    (e.g. ``"body__partnership"``) and the fields its chooser searches as
    ``admin_search_fields``.
    """

    chooser_viewset_class = ScopedChooserViewSet
    chooser_per_page = CHOOSER_PER_PAGE
    # The listing's search is a plain ``icontains`` over the viewset's
    # ``search_fields``, as the chooser's is: the search index answers only for
    # the fields a model indexes (any other is a SearchFieldError), and on
    # SQLite a search limited to named fields is an SQL error.
    search_backend_name = None

    def get_queryset(self, request):
        return reachable(request.user, self.model)

    def get_index_view_kwargs(self, **kwargs):
        kwargs.setdefault("base_filterset_class", PartnershipScopedFilterSet)
        return super().get_index_view_kwargs(**kwargs)

    def get_urlpatterns(self):
        return seal_urlpatterns(super().get_urlpatterns(), self.model)

    def get_edit_handler(self):
        panels = getattr(self, "panels", None) or getattr(self.model, "panels", None)
        if panels is None:
            # Wagtail's default panels, but never its unscoped default form.
            panels = extract_panel_definitions_from_model_class(self.model)
        return ObjectList(panels, base_form_class=PartnershipScopedForm).bind_to_model(self.model)


class ScopedBulkAction:
    """Mixed into each of Wagtail's bulk actions (site_core.wagtail_hooks): the
    records named by the address's ids are looked up among those the model's
    policy lets the user reach, so another partnership's record is neither
    listed on the confirmation page nor acted on. A hand-made list naming any
    record out of reach is refused whole, with a 404 as if it did not exist;
    "select all" takes the reachable records of the listing."""

    def get_queryset(self, model, object_ids):
        try:
            objects = get_list_or_404(reachable(self.request.user, model), pk__in=object_ids)
            named = model._default_manager.filter(pk__in=object_ids)
            if "all" not in self.request.GET.getlist("id") and len(objects) < named.count():
                raise Http404
        except (ValueError, ValidationError) as error:  # an id that is not one
            raise Http404 from error
        return objects


def scoped_bulk_actions():
    """Wagtail's bulk actions, each scoped; registered after Wagtail's own, so
    these replace them (the registry keeps one class per model and action)."""
    from wagtail.admin.views.pages import bulk_actions as pages
    from wagtail.documents.views import bulk_actions as documents
    from wagtail.images.views import bulk_actions as images
    from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as DeleteSnippets

    wagtails = [
        pages.DeleteBulkAction,
        pages.MoveBulkAction,
        pages.PublishBulkAction,
        pages.UnpublishBulkAction,
        documents.AddTagsBulkAction,
        documents.AddToCollectionBulkAction,
        documents.DeleteBulkAction,
        images.AddTagsBulkAction,
        images.AddToCollectionBulkAction,
        images.DeleteBulkAction,
        DeleteSnippets,
    ]
    return [type(action.__name__, (ScopedBulkAction, action), {}) for action in wagtails]

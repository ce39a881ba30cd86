"""The admin, sealed per partnership.

Django's model permissions say *what* a role may do to a kind of record;
these say *which* records: only those of the partnerships the user works for
(site_core.tenancy.partnerships_for). A viewset that mixes in
``PartnershipScopedViewSetMixin`` and names ``partnership_lookup`` gets:

* listings, exports and choosers that show only the user's partnerships'
  records, choosers that can be searched and show each record's partnership;
* every view of one record (edit, delete, inspect, history, usage, copy, the
  chooser's "chosen" answer) refusing a record of another partnership with a
  404, as if it did not exist, whatever the URL;
* forms whose choices (the partnership, related records) are the user's
  partnerships' only, so a hand-made POST cannot cross the boundary either;
* listing filters that offer only the user's partnerships, sites and records.
"""

from functools import wraps

from django import forms
from django.contrib.admin.utils import unquote
from django.db.models import F, Q
from django.http import Http404
from django.urls import path
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.models import Site
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenView,
)

from .models import Partnership
from .tenancy import partnership_ids_for

CHOOSER_PER_PAGE = 50


def scope(queryset, user, lookup):
    """``queryset`` narrowed to the records of ``user``'s partnerships."""
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{lookup}__in": partnership_ids_for(user)})


def is_visible(user, model, pk):
    """Whether the record ``pk`` of ``model`` belongs to one of ``user``'s
    partnerships (always, for a model that belongs to none)."""
    lookup = lookup_for(model)
    if lookup is None:
        return True
    return scope(model._default_manager.all(), user, lookup).filter(pk=pk).exists()


def lookup_for(model):
    """The ORM path from ``model`` to its Partnership, if it is scoped."""
    return getattr(model, "partnership_lookup", None)


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
        lookup = lookup_for(model)
        objects = model._default_manager.all()
        if lookup is None:
            return objects
        objects = scope(objects, self.request.user, lookup)
        return objects.annotate(_partnership_name=F(f"{lookup}__short_name"))

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
        if lookup_for(self.model_class) is not None:
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


class ScopedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView


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
        elif lookup := lookup_for(queryset.model):
            field.queryset = scope(queryset, user, lookup)


class PartnershipScopedForm(WagtailAdminModelForm):
    """Every choice of a partnership, or of a record that belongs to one, is
    limited to the partnerships the editing user works for."""

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
        return scope(self.model._default_manager.all(), request.user, lookup_for(self.model))

    def get_index_view_kwargs(self, **kwargs):
        kwargs.setdefault("base_filterset_class", PartnershipScopedFilterSet)
        return super().get_index_view_kwargs(**kwargs)

    def get_urlpatterns(self):
        return seal_urlpatterns(super().get_urlpatterns(), self.model)

    def get_edit_handler(self):
        panels = getattr(self, "panels", None) or getattr(self.model, "panels", None)
        if panels is None:
            return super().get_edit_handler()
        return ObjectList(panels, base_form_class=PartnershipScopedForm).bind_to_model(self.model)


def refuse_other_partnerships_in_bulk(request, action_type, objects, action_class_instance):
    """before_bulk_action hook: a bulk action on another partnership's records
    (a hand-made list of ids) stops before it touches anything."""
    for instance in objects:
        if not is_visible(request.user, type(instance), instance.pk):
            raise Http404

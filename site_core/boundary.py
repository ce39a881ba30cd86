"""The partnership boundary, kept by the data itself.

Every record that belongs to a partnership knows which one:

* a model that names ``partnership_lookup`` (e.g. ``"body__partnership"``),
  through that path;
* a page, through the Site whose home page it sits under;
* a document, through its collection;
* an inline row (a ``ParentalKey`` child, e.g. a meeting's agenda item),
  through its parent.

Every reference from such a record to another one, to a document or to a
page must stay inside that partnership: foreign keys, one-to-ones and
many-to-manys (parental ones included), and the links and choosers inside
rich text and StreamField content. ``refuse_crossing`` checks it before
every save and every many-to-many change, whatever made it (a form, an
import, the API, a shell), and raises ``ValidationError`` naming the field.
``BoundaryFormMixin`` asks the same question while an admin form (and its
inline rows) is validated, so the editor sees a form error and keeps what
they typed.

A target that belongs to no partnership (a document in the root collection,
a page outside every partnership's site, a banner for every site) is shared
and may be referred to by anyone.
"""

from functools import cache

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models.signals import m2m_changed, pre_save
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page


def _partnership_model():
    # site_core.models imports this module (for its page form): ask the registry.
    return apps.get_model("site_core", "Partnership")


def _is_document_model(model):
    return issubclass(model, get_document_model())


def _parental_key(model):
    for field in model._meta.concrete_fields:
        if isinstance(field, ParentalKey):
            return field
    return None


def is_tenant_owned(model):
    """Whether records of ``model`` belong to a partnership (see the module's docstring)."""
    if model is _partnership_model():
        return True
    if getattr(model, "partnership_lookup", None):
        return True
    if issubclass(model, Page) or _is_document_model(model):
        return True
    parent = _parental_key(model)
    return parent is not None and is_tenant_owned(parent.related_model)


def _owning_field_name(model):
    """The field through which a record belongs: never a crossing of its own."""
    lookup = getattr(model, "partnership_lookup", None)
    if lookup:
        return lookup.split("__")[0]
    if issubclass(model, Page) or _is_document_model(model):
        return None
    parent = _parental_key(model)
    return parent.name if parent is not None else None


@cache
def relations(model):
    """The fields of ``model`` that refer to another tenant-owned record.

    Wagtail's own page machinery (aliases, revisions, locks) is left out: only
    the fields a project model declares.
    """
    if not is_tenant_owned(model) or model is _partnership_model():
        return ()
    owner = _owning_field_name(model)
    found = []
    for field in (*model._meta.fields, *model._meta.many_to_many):
        if not field.is_relation or field.name == owner or field.model is Page:
            continue
        if field.remote_field.parent_link:  # a page's link to its base Page row
            continue
        if is_tenant_owned(field.related_model):
            found.append(field)
    return tuple(found)


@cache
def content_fields(model):
    """Rich text and StreamField fields: their links and choosers (pages,
    documents, snippets) are references too, listed by the field itself
    (``extract_references``, as Wagtail's reference index reads them)."""
    if not is_tenant_owned(model) or model is _partnership_model():
        return ()
    return tuple(f for f in model._meta.concrete_fields if hasattr(f, "extract_references"))


def _content_targets(instance, field):
    value = getattr(instance, field.attname)
    if not value:
        return
    for target_model, object_id, _, _ in field.extract_references(value):
        if is_tenant_owned(target_model):
            target = target_model._default_manager.filter(pk=object_id).first()
            if target is not None:
                yield target


def _page_partnership_id(path):
    if not path:
        return None
    steplen = Page.steplen
    prefixes = [path[:i] for i in range(steplen, len(path) + 1, steplen)]
    return (
        _partnership_model()
        .objects.filter(site__root_page__path__in=prefixes)
        .order_by("-site__root_page__depth")
        .values_list("pk", flat=True)
        .first()
    )


def _collection_partnership_id(collection_id):
    if collection_id is None:
        return None
    path = Collection.objects.filter(pk=collection_id).values_list("path", flat=True).first()
    if not path:
        return None
    steplen = Collection.steplen
    prefixes = [path[:i] for i in range(steplen, len(path) + 1, steplen)]
    return (
        _partnership_model()
        .objects.filter(collection__path__in=prefixes)
        .order_by("-collection__depth")
        .values_list("pk", flat=True)
        .first()
    )


def _follow(instance, lookup):
    """Walk ``lookup`` (``"post__body__partnership"``) on the record as it is in
    memory, so an unsaved record or an edited one answers for what it will be."""
    *steps, last = lookup.split("__")
    current = instance
    try:
        for step in steps:
            current = getattr(current, step)
            if current is None:
                return None
        if hasattr(current, f"{last}_id"):
            return getattr(current, f"{last}_id")
        target = getattr(current, last)
    except ObjectDoesNotExist:
        return None
    return target.pk if target is not None else None


def partnership_id_of(instance):
    """The id of the partnership ``instance`` belongs to, or None (shared or unknown)."""
    model = type(instance)
    if model is _partnership_model():
        return instance.pk
    lookup = getattr(model, "partnership_lookup", None)
    if lookup:
        return _follow(instance, lookup)
    if isinstance(instance, Page):
        return _page_partnership_id(instance.path)
    if _is_document_model(model):
        return _collection_partnership_id(instance.collection_id)
    parent = _parental_key(model)
    if parent is not None and getattr(instance, parent.attname, None) is not None:
        return partnership_id_of(getattr(instance, parent.name))
    if parent is not None and parent.is_cached(instance):  # an unsaved parent, in memory
        parent_instance = getattr(instance, parent.name)
        return partnership_id_of(parent_instance) if parent_instance is not None else None
    return None


def _message(field):
    label = str(field.verbose_name)
    return (
        f"“{label[:1].upper()}{label[1:]}” must be chosen from this record's own partnership: "
        "the one chosen belongs to another partnership."
    )


def _content_message(field):
    label = str(field.verbose_name)
    return (
        f"“{label[:1].upper()}{label[1:]}” links to a page, document or record of another "
        "partnership: link only to this partnership's own."
    )


def _targets(instance, field):
    if field.many_to_many:
        if isinstance(field, ParentalManyToManyField):
            return list(getattr(instance, field.name).all())
        return []  # a plain many-to-many is checked as it changes (m2m_changed)
    if getattr(instance, field.attname) is None:
        return []
    try:
        return [getattr(instance, field.name)]
    except ObjectDoesNotExist:
        return []


def crossings(instance, owner_id=None):
    """``{field name: message}`` for each reference of ``instance`` that leaves its
    partnership. ``owner_id`` is the partnership when the record cannot say yet
    (a new page before it has a place in the tree)."""
    fields, texts = relations(type(instance)), content_fields(type(instance))
    if not (fields or texts):
        return {}
    owner_id = owner_id or partnership_id_of(instance)
    if owner_id is None:
        return {}
    errors = {}
    for field in fields:
        for target in _targets(instance, field):
            other = partnership_id_of(target)
            if other is not None and other != owner_id:
                errors[field.name] = _message(field)
                break
    for field in texts:
        for target in _content_targets(instance, field):
            other = partnership_id_of(target)
            if other is not None and other != owner_id:
                errors[field.name] = _content_message(field)
                break
    return errors


def refuse_crossing(sender, instance, raw=False, **kwargs):
    """pre_save receiver: a record that refers outside its partnership is not saved."""
    if raw or not (relations(sender) or content_fields(sender)):
        return
    errors = crossings(instance)
    if errors:
        raise ValidationError(errors)


def refuse_crossing_m2m(sender, instance, action, reverse, model, pk_set, **kwargs):
    """m2m_changed receiver: the same rule for a many-to-many being added to."""
    if action != "pre_add" or not pk_set:
        return
    if reverse:
        sources, targets = list(model._default_manager.filter(pk__in=pk_set)), [instance]
    else:
        sources, targets = [instance], list(model._default_manager.filter(pk__in=pk_set))
    for source in sources:
        field = next(
            (
                f
                for f in relations(type(source))
                if f.many_to_many and f.remote_field.through is sender
            ),
            None,
        )
        if field is None:
            continue
        owner_id = partnership_id_of(source)
        for target in targets:
            other = partnership_id_of(target)
            if owner_id is not None and other is not None and other != owner_id:
                raise ValidationError({field.name: _message(field)})


def connect():
    pre_save.connect(refuse_crossing, dispatch_uid="site_core_boundary")
    m2m_changed.connect(refuse_crossing_m2m, dispatch_uid="site_core_boundary_m2m")


class BoundaryFormMixin:
    """For an admin form (a snippet's or a page's): the record and each of its
    inline rows are checked as they will be saved, and a reference to another
    partnership's record, document or page is a form error on that field."""

    def boundary_owner_id(self):
        """The partnership the form's record belongs to, or will once saved."""
        owner_id = partnership_id_of(self.instance)
        parent_page = getattr(self, "parent_page", None)
        if owner_id is None and isinstance(self.instance, Page) and parent_page is not None:
            owner_id = _page_partnership_id(parent_page.path)
        return owner_id

    def is_valid(self):
        valid = super().is_valid()
        if not hasattr(self, "cleaned_data") or getattr(self, "boundary_checked", False):
            return valid and not self.errors
        self.boundary_checked = True
        owner_id = self.boundary_owner_id()
        if owner_id is None:
            return valid
        found = _add_form_errors(self, self.instance, owner_id)
        for formset in getattr(self, "formsets", {}).values():
            parent = _parental_key(formset.model)
            for form in formset.forms:
                if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                    continue
                if parent is not None:
                    setattr(form.instance, parent.name, self.instance)
                found = _add_form_errors(form, form.instance, owner_id) or found
        return valid and not found


class PartnershipPageForm(BoundaryFormMixin, WagtailAdminPageForm):
    """Every page's form (site_core.models.BasePage.base_form_class)."""


class PartnershipModelForm(BoundaryFormMixin, WagtailAdminModelForm):
    """A record's form outside the scoped snippets, e.g. a site setting's."""


def _add_form_errors(form, instance, owner_id):
    errors = crossings(instance, owner_id)
    # Many-to-many choices are on the form, not yet on the record.
    for field in relations(type(instance)):
        if field.many_to_many and field.name in form.cleaned_data:
            chosen = form.cleaned_data[field.name] or []
            if any(
                (other := partnership_id_of(target)) is not None and other != owner_id
                for target in chosen
            ):
                errors[field.name] = _message(field)
    for name, message in errors.items():
        form.add_error(name if name in form.fields else None, message)
    return bool(errors)

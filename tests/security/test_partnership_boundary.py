"""The partnership boundary, tried through every relation of every tenant-owned
model (site_core.boundary).

The cases come from the app registry, not from a list: a model added later,
or a new field on one, is tried without anyone remembering it. For each
relation from a tenant-owned record to another tenant-owned record, a document
or a page, a record of partnership A is pointed at a target of partnership B,
and saving it must be refused with an error naming the field, leaving the
database as it was. A record that cannot be built here fails the test rather
than being skipped.
"""

import importlib
import inspect
import itertools
import pkgutil
from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.core.validators import MinValueValidator
from django.utils import timezone
from factory.django import DjangoModelFactory
from modelcluster.fields import ParentalManyToManyField
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from site_core.boundary import crossings, is_tenant_owned, partnership_id_of, relations
from site_core.models import Partnership
import tests.factories
from tests.factories.publications import PublicationDocumentFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def project_models():
    """Every concrete model of the project's own apps (not Django's or Wagtail's)."""
    return [
        model
        for model in apps.get_models()
        if Path(apps.get_app_config(model._meta.app_label).path).is_relative_to(ROOT)
        and not model._meta.proxy
    ]


def label(case):
    model, field = case
    return f"{model._meta.label}.{field.name}"


CASES = [
    (model, field)
    for model in project_models()
    if is_tenant_owned(model)
    for field in relations(model)
]


# -- Building any record, in a given partnership --------------------------------

_serial = itertools.count(1)


def _factories():
    """The project's test factories by model (they know values a field's type
    does not, e.g. a period such as 2023-24); a model without one is filled in
    from its fields' types."""
    found = {}
    for module_info in pkgutil.iter_modules(tests.factories.__path__):
        module = importlib.import_module(f"tests.factories.{module_info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, DjangoModelFactory) and value._meta.model is not None:
                found.setdefault(value._meta.model, value)
    return found


FACTORIES = _factories()


def _text(field):
    n = next(_serial)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"someone{n}@example.org"
    if isinstance(field, models.URLField):
        return f"https://example.org/{n}"
    return f"x{n}"[: field.max_length or 50]


def _value(field, partnership):
    """A value for a required field, or ``None`` when the field needs none."""
    if field.primary_key or field.auto_created or field.has_default() or field.null:
        return None
    if isinstance(field, (models.ForeignKey, models.OneToOneField)):
        return build(field.related_model, partnership)
    if isinstance(field, models.FileField):
        return ContentFile(b"boundary test", name=f"file{next(_serial)}.txt")
    if isinstance(field, (models.CharField, models.TextField)):
        return "" if field.blank and not field.choices else _text(field)
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date(2025, 4, 1)
    if isinstance(field, models.TimeField):
        return time(10, 0)
    if isinstance(field, models.DecimalField):
        return Decimal(1)
    if isinstance(field, (models.IntegerField, models.FloatField)):
        if field.choices:
            return field.choices[0][0]
        floors = [v.limit_value for v in field.validators if isinstance(v, MinValueValidator)]
        return max(floors, default=1)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    return None  # e.g. a StreamField: its empty value is stored without one


def build(model, partnership, **given):
    """A saved record of ``model`` belonging to ``partnership``, with every
    required field filled (required relations built in the same partnership).

    A page's own rules may ask for an optional relation (an audience version
    needs the full publication): it is built in the same partnership too."""
    try:
        return _build(model, partnership, given)
    except ValidationError as error:
        wanted = {
            field.name: build(field.related_model, partnership)
            for field in model._meta.fields
            if field.is_relation
            and field.name in error.message_dict
            and field.name not in given
        }
        if not wanted:
            raise
        return _build(model, partnership, given | wanted)


def _build(model, partnership, given):
    if model is Partnership:
        return partnership
    if model is Site:
        return partnership.site
    if model is get_user_model():
        return model.objects.create(username=f"user{next(_serial)}")
    if model is Page:
        return partnership.site.root_page
    if issubclass(model, get_document_model()):
        return PublicationDocumentFactory(collection=partnership.public_documents)
    owner = (getattr(model, "partnership_lookup", None) or "").split("__")[0]
    values = dict(given)
    for field in model._meta.concrete_fields:
        if field.name in values:
            continue
        if issubclass(model, Page) and field.model is Page:
            continue  # the tree's own fields: add_child fills them
        value = _value(field, partnership)
        if value is None and field.name == owner:  # an owner that may be blank
            value = build(field.related_model, partnership)
        if value is not None:
            values[field.name] = value
    for field in model._meta.concrete_fields:
        if field.one_to_one and field.name in values:
            existing = model._default_manager.filter(**{field.name: values[field.name]}).first()
            if existing is not None:  # e.g. a site's settings, made with the site
                return existing
    factory = FACTORIES.get(model)
    if factory is not None:
        relations_only = {
            name: value for name, value in values.items() if isinstance(value, models.Model)
        }
        if issubclass(model, Page):
            return factory(parent=partnership.site.root_page, **relations_only)
        return factory(**relations_only)
    if issubclass(model, Page):
        n = next(_serial)
        page = model(title=f"Page {n}", slug=f"page-{n}", **values)
        partnership.site.root_page.add_child(instance=page)
        return page
    record = model(**values)
    record.save()
    return record


def _without_page_rules(record):
    """A page's own rules (e.g. an audience version needs its audience) are set
    aside, so that what refuses the save here is the partnership boundary."""
    return {"clean": False} if isinstance(record, Page) else {}


@pytest.fixture
def alpha(site):
    return Partnership.for_site(site)


@pytest.fixture
def beta(other_partnership):
    return other_partnership


# -- The rules about the model graph itself ---------------------------------------


def test_every_model_that_names_a_partnership_or_site_knows_its_partnership():
    """A project model with a relation to a partnership, a site or a
    tenant-owned record belongs to a partnership itself, so its own relations
    are checked (otherwise it would be left out of the cases below)."""
    unknown = []
    for model in project_models():
        if is_tenant_owned(model) or model is Partnership:
            continue
        for field in (*model._meta.fields, *model._meta.many_to_many):
            if field.is_relation and (
                field.related_model in (Partnership, Site) or is_tenant_owned(field.related_model)
            ):
                unknown.append(f"{model._meta.label}.{field.name}")
    assert not unknown, (
        "These models refer to a partnership's records but do not say which partnership "
        f"they belong to (give them partnership_lookup): {unknown}"
    )


def test_the_graph_has_the_relations_found_leaking():
    """The cases include the references found crossing partnerships."""
    names = {label(case) for case in CASES}
    assert {
        "governance.AgendaItem.paper",
        "governance.Meeting.minutes",
        "governance.Attendance.person",
        "governance.Declaration.person",
        "governance.PublicationReceived.page",
        "publications.PublicationPage.published_by",
        "publications.PublicationDocumentLink.document",
    } <= names


# -- Every relation, through the model -------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=label)
def test_a_reference_to_another_partnership_is_refused_on_save(case, alpha, beta, media_root):
    model, field = case
    record = build(model, alpha)
    target = build(field.related_model, beta)
    assert partnership_id_of(record) == alpha.pk, "the record was not built in partnership A"
    assert partnership_id_of(target) == beta.pk, "the target was not built in partnership B"

    if field.many_to_many and not isinstance(field, ParentalManyToManyField):
        with pytest.raises(ValidationError) as refused:
            getattr(record, field.name).add(target)
        assert field.name in refused.value.message_dict
        assert not getattr(record, field.name).filter(pk=target.pk).exists()
        return

    if field.many_to_many:
        getattr(record, field.name).set([target])
    else:
        before = getattr(type(record)._default_manager.get(pk=record.pk), field.attname)
        setattr(record, field.name, target)
    assert field.name in crossings(record)
    try:
        record.save(**_without_page_rules(record))
    except ValidationError as refused:
        named = set(refused.message_dict) & {f.name for f in relations(model)}
        assert named, f"refused for another reason: {refused.message_dict}"
        assert "another partnership" in " ".join(refused.message_dict[named.pop()])
    else:
        # A record that takes its partnership from this relation (e.g. an
        # indicator's value) moves with it, whole: nothing of it is left behind.
        stored = type(record)._default_manager.get(pk=record.pk)
        assert partnership_id_of(stored) == beta.pk, "saved across the boundary"
        assert not crossings(stored), "saved across the boundary"
        return

    stored = type(record)._default_manager.get(pk=record.pk)
    if field.many_to_many:
        assert not getattr(stored, field.name).filter(pk=target.pk).exists()
    else:
        assert getattr(stored, field.attname) == before


@pytest.mark.parametrize("case", CASES, ids=label)
def test_a_reference_inside_the_partnership_is_saved(case, alpha, media_root):
    """The same relation, pointed at the record's own partnership, saves: the
    check refuses the crossing, not the relation."""
    model, field = case
    record = build(model, alpha)
    target = build(field.related_model, alpha)
    if isinstance(field, ParentalManyToManyField):
        getattr(record, field.name).set([target])
    elif field.many_to_many:
        getattr(record, field.name).add(target)
    else:
        setattr(record, field.name, target)
    record.save(**_without_page_rules(record))
    stored = type(record)._default_manager.get(pk=record.pk)
    if field.many_to_many:
        assert getattr(stored, field.name).filter(pk=target.pk).exists()
    else:
        assert getattr(stored, field.attname) == target.pk

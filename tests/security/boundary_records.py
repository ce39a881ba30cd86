"""Records of any tenant-owned model, built in a given partnership, for the
boundary tests (tests/security/test_partnership_boundary*.py).

The models come from the app registry; each required field is filled from the
project's test factories where one exists for the model, otherwise from the
field's type, and required relations are built in the same partnership.
"""

import importlib
import inspect
import itertools
import pkgutil
from datetime import date, time
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

import tests.factories
from site_core.boundary import is_tenant_owned, relations
from site_core.models import Partnership
from tests.factories.publications import PublicationDocumentFactory

ROOT = Path(__file__).resolve().parents[2]


def _is_project_app(app_config):
    """An app whose package is a top-level folder of the repository (a virtualenv
    inside the checkout, as CI makes, holds Django's and Wagtail's apps)."""
    return Path(app_config.path).parent == ROOT


def project_models():
    """Every concrete model of the project's own apps (not Django's or Wagtail's)."""
    return [
        model
        for model in apps.get_models()
        if _is_project_app(apps.get_app_config(model._meta.app_label)) and not model._meta.proxy
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
            if field.is_relation and field.name in error.message_dict and field.name not in given
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

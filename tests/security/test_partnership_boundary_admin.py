"""The partnership boundary through the admin's own forms (site_core.boundary).

For every snippet viewset of a tenant-owned model (found from Wagtail's
snippet registry), a user of partnership A posts the normal edit form with one
field, or one inline row's field, pointing at partnership B's record, document
or page; and posts the add form with B as the owner (another partnership's id,
or a body of B). Each must answer with the form again, an error on the form,
and nothing saved.
"""

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth.models import Permission
from django.forms import BooleanField, ModelChoiceField, ModelMultipleChoiceField
from django.urls import reverse
from modelcluster.fields import ParentalKey
from wagtail.snippets.models import get_snippet_models

from site_core.boundary import is_tenant_owned, relations
from site_core.models import Partnership
from site_core.roles import Role
from tests.security.boundary_records import build

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production):
    """Wagtail's admin renders here (tests/conftest.py says why)."""


REFUSED = ("belongs to another partnership", "Select a valid choice")


def _viewsets():
    return [model.snippet_viewset for model in get_snippet_models() if is_tenant_owned(model)]


def _form_class(viewset):
    return viewset.get_edit_handler().get_form_class()


def _parental_key(model):
    return next((f for f in model._meta.fields if isinstance(f, ParentalKey)), None)


def _cases():
    """(viewset, inline relation name or None, field name) for every relation the
    viewset's form lets an editor set, its inline rows' included."""
    cases = []
    for viewset in _viewsets():
        form_class = _form_class(viewset)
        for field in relations(viewset.model):
            if field.name in form_class.base_fields:
                cases.append((viewset, None, field.name))
        for rel_name, formset_class in getattr(form_class, "formsets", {}).items():
            child_fields = formset_class.form.base_fields
            for field in relations(formset_class.model):
                if field.name in child_fields:
                    cases.append((viewset, rel_name, field.name))
    return cases


def _owner_cases():
    cases = []
    for viewset in _viewsets():
        lookup = getattr(viewset.model, "partnership_lookup", None)
        owner = lookup.split("__")[0] if lookup else None
        if owner and owner in _form_class(viewset).base_fields:
            cases.append((viewset, owner))
    return cases


def _id(case):
    viewset, *rest = case
    return ".".join([viewset.model._meta.label, *[part for part in rest if part]])


def _value(form, name):
    field, value = form.fields[name], form[name].value()
    if isinstance(field, BooleanField):
        return "on" if value else None
    if isinstance(field, ModelMultipleChoiceField):
        return [str(getattr(v, "pk", v)) for v in value or []]
    if isinstance(field, ModelChoiceField):
        return "" if value in (None, "") else str(getattr(value, "pk", value))
    if value is None:
        return ""
    formatted = field.widget.format_value(value)
    if isinstance(formatted, list):
        return formatted[0] if formatted else ""
    return "" if formatted is None else formatted


def _post_data(form):
    """What the browser would post back for ``form`` as it stands (every inline
    row included): the edit page's fields, unchanged."""
    data = {}
    forms = [form]
    for formset in getattr(form, "formsets", {}).values():
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for order, child in enumerate(formset.forms, start=1):
            forms.append(child)
            if "ORDER" in child.fields:
                data[child.add_prefix("ORDER")] = str(order)
    for each in forms:
        for name in each.fields:
            if name in ("ORDER", "DELETE"):
                continue
            value = _value(each, name)
            if value is not None:
                data[each.add_prefix(name)] = value
    return data


@pytest.fixture
def officer_of(make_user, site, other_partnership):
    """A user of partnership A allowed to add and change ``model``."""

    def make(model):
        # Training records are reached by training officers only (training.staff).
        user = make_user("alpha_officer", Role.GOVERNANCE_OFFICERS, Role.TRAINING_OFFICERS)
        opts = model._meta
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label=opts.app_label,
                codename__in=[f"{a}_{opts.model_name}" for a in ("add", "change", "view")],
            )
        )
        return user

    return make


def _snapshot(record, rel_name):
    fresh = type(record)._default_manager.get(pk=record.pk)
    rows = []
    if rel_name:
        rows = list(getattr(fresh, rel_name).values())
    plain = {f.attname: getattr(fresh, f.attname) for f in type(record)._meta.concrete_fields}
    return plain, rows


@pytest.mark.parametrize("case", _cases(), ids=_id)
def test_an_edit_form_refuses_another_partnerships_record(
    case, client, login_as, officer_of, site, other_partnership, media_root
):
    viewset, rel_name, field_name = case
    alpha = Partnership.for_site(site)
    form_class = _form_class(viewset)
    if rel_name is None:
        record = build(viewset.model, alpha)
        field = viewset.model._meta.get_field(field_name)
    else:
        child_model = form_class.formsets[rel_name].model
        row = build(child_model, alpha)
        record = getattr(row, _parental_key(child_model).name)
        field = child_model._meta.get_field(field_name)
    target = build(field.related_model, other_partnership)

    user = officer_of(viewset.model)
    login_as(client, user)
    form = form_class(instance=record, for_user=user)
    data = _post_data(form)
    if rel_name is None:
        key = form.add_prefix(field_name)
    else:
        key = form.formsets[rel_name].forms[0].add_prefix(field_name)
    data[key] = [str(target.pk)] if field.many_to_many else str(target.pk)
    before = _snapshot(record, rel_name)

    url = reverse(viewset.get_url_name("edit"), args=[quote(record.pk)])
    response = client.post(url, data)

    assert response.status_code == 200, "the form should come back with an error"
    text = response.content.decode()
    assert any(message in text for message in REFUSED), "no error on the form"
    assert _snapshot(record, rel_name) == before, "something was saved"


@pytest.mark.parametrize("case", _owner_cases(), ids=_id)
def test_an_add_form_refuses_another_partnership_as_owner(
    case, client, login_as, officer_of, site, other_partnership, media_root
):
    """E.g. a Post on another partnership's body, an Agency with its id."""
    viewset, owner = case
    alpha = Partnership.for_site(site)
    model = viewset.model
    owner_field = model._meta.get_field(owner)
    theirs = build(owner_field.related_model, other_partnership)
    example = build(model, alpha)  # the form filled in as for a real record of A

    user = officer_of(model)
    login_as(client, user)
    form_class = _form_class(viewset)
    data = _post_data(form_class(instance=example, for_user=user))
    for formset in getattr(form_class, "formsets", {}):
        # New rows, not the example's: nothing of A's is edited by the add form.
        data = {k: v for k, v in data.items() if not k.startswith(f"{formset}-")}
        data |= {f"{formset}-TOTAL_FORMS": "0", f"{formset}-INITIAL_FORMS": "0"}
    data[owner] = str(theirs.pk)
    count = model._default_manager.count()

    response = client.post(reverse(viewset.get_url_name("add")), data)

    assert response.status_code == 200, "the form should come back with an error"
    assert any(message in response.content.decode() for message in REFUSED)
    assert model._default_manager.count() == count, "a record was created"


def test_the_leaks_found_are_among_the_cases():
    names = {_id(case) for case in _cases()} | {_id(case) for case in _owner_cases()}
    assert {
        "governance.Meeting.agenda_items.paper",
        "governance.Meeting.minutes",
        "governance.Meeting.attendance.person",
        "governance.Meeting.declarations.person",
        "governance.Meeting.publications_received.page",
        "governance.Post.body",
        "governance.Agency.partnership",
    } <= names


def test_every_tenant_owned_admin_form_checks_the_boundary():
    """Every snippet, page and setting form of a tenant-owned model that has a
    reference to check refuses crossings as a form error (not a server error
    at save): a new viewset or page type without the scoped form fails here."""
    from wagtail.models import Page, get_page_models

    from site_core.boundary import BoundaryFormMixin, content_fields
    from tests.security.boundary_records import project_models

    unchecked = [
        viewset.model._meta.label
        for viewset in _viewsets()
        if not issubclass(_form_class(viewset), BoundaryFormMixin)
    ]
    unchecked += [
        model._meta.label
        for model in get_page_models()
        if model is not Page
        and (relations(model) or content_fields(model))
        and not issubclass(model.get_edit_handler().get_form_class(), BoundaryFormMixin)
    ]
    unchecked += [  # site settings with inline rows, e.g. the navigation's links
        model._meta.label
        for model in project_models()
        if hasattr(model, "for_site")
        and not issubclass(getattr(model, "base_form_class", object), BoundaryFormMixin)
        and (
            relations(model)
            or any(
                isinstance(rel.field, ParentalKey) and relations(rel.related_model)
                for rel in model._meta.related_objects
            )
        )
    ]
    assert not unchecked, unchecked

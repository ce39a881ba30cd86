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

import pytest
from django.core.exceptions import ValidationError
from modelcluster.fields import ParentalManyToManyField
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from site_core.boundary import crossings, is_tenant_owned, partnership_id_of, relations
from site_core.models import Partnership
from tests.factories.site_core import make_site
from tests.helpers import SharedContent
from tests.security.boundary_records import CASES, build, label, project_models

pytestmark = pytest.mark.django_db


def _without_page_rules(record):
    """A page's own rules (e.g. an audience version needs its audience) are set
    aside, so that what refuses the save here is the partnership boundary."""
    return {"clean": False} if isinstance(record, Page) else {}


def _two_partnerships():
    """The default site's partnership and another one, as the ``partnership``
    and ``other_partnership`` fixtures make them; their ids."""
    alpha = Partnership.for_site(make_site())
    other = make_site(hostname="other.localhost", default=False, title="Otherton Partnership")
    beta = Partnership.for_site(other)
    beta.short_name = "OSCP"
    beta.save()
    return alpha.pk, beta.pk


PARTNERSHIPS = SharedContent("_shared_two_partnerships", _two_partnerships)
_shared_two_partnerships = PARTNERSHIPS.session_fixture()


@pytest.fixture
def _partnership_ids(_shared_two_partnerships, db):
    """Built once per test process (tests/helpers.py: SharedContent): each
    test here only adds records, which roll back with it."""
    return _shared_two_partnerships.get()


@pytest.fixture
def alpha(_partnership_ids):
    return Partnership.objects.get(pk=_partnership_ids[0])


@pytest.fixture
def beta(_partnership_ids):
    return Partnership.objects.get(pk=_partnership_ids[1])


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


# -- Links and choosers inside rich text and StreamField content ------------------


def _linking_to(target, linktype):
    from wagtail.rich_text import RichText

    return [("paragraph", RichText(f'<p><a linktype="{linktype}" id="{target.pk}">x</a></p>'))]


@pytest.mark.parametrize("linktype", ["page", "document"])
def test_content_cannot_link_to_another_partnerships_page_or_document(
    linktype, alpha, beta, media_root
):
    from site_core.models import StandardPage

    page = build(StandardPage, alpha)
    target = build(Page, beta) if linktype == "page" else build(get_document_model(), beta)
    page.body = _linking_to(target, linktype)
    with pytest.raises(ValidationError) as refused:
        page.save()
    assert "another partnership" in " ".join(refused.value.message_dict["body"])
    assert str(target.pk) not in str(StandardPage.objects.get(pk=page.pk).body.raw_data)

    own = build(Page, alpha) if linktype == "page" else build(get_document_model(), alpha)
    page.body = _linking_to(own, linktype)
    page.save()  # a link inside the partnership is kept

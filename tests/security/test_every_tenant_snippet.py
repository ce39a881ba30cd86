"""Every tenant-owned snippet, present and future, keeps another partnership's
records out of the admin: its listing, bulk-action confirmation, history,
one-record views and chooser (site_core.permissions, site_core.tenant_admin).

The models are found, not listed: every registered snippet whose model names
a ``partnership_lookup``. A model added later is checked without anyone
remembering; if the demo content has no record of it in two partnerships,
this test makes one with ``BUILDERS``, or says a builder is needed.
"""

import pytest
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from wagtail.snippets.models import get_snippet_models

from governance.models import Body
from publications.models import AccessibleFormatRequest, ReviewRecommendation
from site_core import tenancy
from site_core.models import Partnership
from site_core.permissions import tenant_policy
from tests.factories.evidence import RecommendationUpdateFactory
from tests.factories.governance import (
    BodyFactory,
    DocumentFactory,
    InterestFactory,
    MemberAccountFactory,
    MissionFactory,
    PersonFactory,
    ResponsibilityFactory,
    StrategicPriorityFactory,
    ValueThemeFactory,
)
from tests.factories.publications import ReviewFindingsPageFactory
from tests.factories.site_core import AlertBannerFactory
from tests.factories.training import (
    BookingFactory,
    CoursePageFactory,
    CourseSessionFactory,
    EvaluationFactory,
    TrainingIndexPageFactory,
)
from tests.helpers import sign_in_with_second_factor
from training.models import CourseSession

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]


@pytest.fixture(autouse=True)
def _admin_templates(invalid_template_variables_as_in_production, media_root):
    """Wagtail's admin renders here; uploads go to the test's own folder."""


def _body(partnership):
    return Body.objects.filter(partnership=partnership).first() or BodyFactory(
        partnership=partnership, slug=f"board-{partnership.pk}"
    )


def _member_account(partnership):
    user = get_user_model().objects.create_user(f"member-{partnership.pk}", password=None)
    return MemberAccountFactory(person=PersonFactory(partnership=partnership), user=user)


def _recommendation_update(partnership):
    home = partnership.site.root_page
    recommendation = ReviewRecommendation.objects.filter(page__path__startswith=home.path).first()
    if recommendation is None:
        review = ReviewFindingsPageFactory(parent=home, title=f"{partnership.short_name} review")
        recommendation = ReviewRecommendation.objects.create(
            page=review, number="1", text="Share the learning with schools."
        )
    return RecommendationUpdateFactory(partnership=partnership, recommendation=recommendation)


def _session(partnership):
    session = CourseSession.objects.filter(partnership=partnership).first()
    if session is None:
        index = TrainingIndexPageFactory(parent=partnership.site.root_page)
        session = CourseSessionFactory(
            course=CoursePageFactory(parent=index), partnership=partnership
        )
    return session


def _booking(partnership):
    return BookingFactory(session=_session(partnership), name=f"Attendee of {partnership.pk}")


# A record of each kind the demo content may lack in a partnership, made for it.
BUILDERS = {
    "publications.AccessibleFormatRequest": lambda p: AccessibleFormatRequest.objects.create(
        document=DocumentFactory(collection=p.public_documents),
        partnership=p,
        name=f"Reader of {p.short_name}",
        email="reader@example.org",
        format=AccessibleFormatRequest.Format.WORD,
    ),
    "site_core.AlertBanner": lambda p: AlertBannerFactory(
        site=p.site, title=f"{p.short_name} closure"
    ),
    "governance.MemberAccount": _member_account,
    "governance.Interest": lambda p: InterestFactory(person=PersonFactory(partnership=p)),
    "governance.Mission": lambda p: MissionFactory(body=_body(p)),
    "governance.Responsibility": lambda p: ResponsibilityFactory(body=_body(p)),
    "governance.StrategicPriority": lambda p: StrategicPriorityFactory(body=_body(p)),
    "governance.ValueTheme": lambda p: ValueThemeFactory(body=_body(p)),
    "evidence.RecommendationUpdate": _recommendation_update,
    "training.CourseSession": _session,
    "training.Booking": _booking,
    "training.Evaluation": lambda p: EvaluationFactory(booking=_booking(p)),
}


def one_of(model, policy, partnership):
    """A record of ``model`` in ``partnership`` (made, if the demo has none), or None."""
    records = model._default_manager.filter(**{f"{policy.lookup}": partnership})
    record = records.first()
    if record is None and model._meta.label in BUILDERS:
        record = BUILDERS[model._meta.label](partnership)
    return record


def every_role_in(partnership):
    user = get_user_model().objects.create_user("all_roles", "all@example.org", password=None)
    user.groups.add(*tenancy.role_groups(partnership).values())
    return user


def url(viewset, name, *args):
    try:
        return reverse(viewset.get_url_name(name), args=[quote(arg) for arg in args])
    except NoReverseMatch:  # the view is not enabled for this model
        return None


def test_tenant_owned_snippets_are_found():
    """The check below has something to check: governance, publications and
    site records are tenant-owned snippets."""
    labels = {model._meta.label for model in get_snippet_models() if tenant_policy(model)}
    assert {
        "governance.Body",
        "governance.Interest",
        "publications.AccessibleFormatRequest",
        "site_core.AlertBanner",
    } <= labels


def test_no_tenant_owned_snippet_shows_another_partnerships_record(client, demo):
    partnership, other = Partnership.objects.order_by("name")[:2]
    user = every_role_in(partnership)
    sign_in_with_second_factor(client, user)
    problems = []

    for model in get_snippet_models():
        policy = tenant_policy(model)
        if policy is None:
            continue
        label = model._meta.label
        own, theirs = one_of(model, policy, partnership), one_of(model, policy, other)
        if own is None or theirs is None:
            problems.append(f"{label}: no record in two partnerships; add one to BUILDERS")
            continue
        viewset = model.snippet_viewset
        name = str(theirs)

        listing = client.get(url(viewset, "list")).content.decode()
        if url(viewset, "edit", own.pk) not in listing:
            problems.append(f"{label}: the listing does not show the user's own record")
        if url(viewset, "edit", theirs.pk) in listing:
            problems.append(f"{label}: the listing links another partnership's record")

        bulk = reverse(
            "wagtail_bulk_action", args=[model._meta.app_label, model._meta.model_name, "delete"]
        )
        response = client.get(bulk, {"id": theirs.pk})
        if response.status_code != 404 or name in response.content.decode():
            problems.append(f"{label}: the bulk delete confirmation names {name!r}")

        for view in ("edit", "inspect", "history", "usage", "delete"):
            address = url(viewset, view, theirs.pk)
            if address and client.get(address).status_code != 404:
                problems.append(f"{label}: {view} opens another partnership's record")

        chooser = viewset.chooser_viewset
        theirs_chosen = url(chooser, "chosen", theirs.pk)
        if client.get(theirs_chosen).status_code != 404:
            problems.append(f"{label}: the chooser answers with another partnership's record")
        several = client.get(url(chooser, "chosen_multiple"), {"id": [own.pk, theirs.pk]}).json()
        if [item["id"] for item in several["result"]] != [str(own.pk)]:
            problems.append(f"{label}: choosing several answers with another partnership's record")
        results = client.get(url(chooser, "choose_results")).content.decode()
        if url(chooser, "chosen", own.pk) not in results:
            problems.append(f"{label}: the chooser does not offer the user's own record")
        if theirs_chosen in results:
            problems.append(f"{label}: the chooser offers another partnership's record")

    assert problems == [], "\n".join(problems)

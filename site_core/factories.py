"""Factories for the shared kernel's pages and settings (used by the tests)."""

from datetime import date

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from .models import (
    AccessibilityStatementPage,
    AlertBanner,
    ContactPage,
    HomePage,
    Navigation,
    Partnership,
    SafeguardingContacts,
    StandardPage,
)


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Testshire Safeguarding Children Partnership"
    introduction = "Keeping children in Testshire safe."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    summary = "A page about how agencies work together."

    class Meta:
        model = StandardPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact us"
    business_unit_email = "unit@example.org"

    class Meta:
        model = ContactPage


class AccessibilityStatementPageFactory(wagtail_factories.PageFactory):
    title = "Accessibility statement"
    feedback_email = "access@example.org"
    last_tested = date(2026, 10, 1)
    statement_prepared = date(2026, 10, 1)

    class Meta:
        model = AccessibilityStatementPage


class PartnershipFactory(DjangoModelFactory):
    name = "Testshire Safeguarding Children Partnership"
    short_name = "TSCP"
    area = "Testshire"

    class Meta:
        model = Partnership
        django_get_or_create = ["site"]


class SafeguardingContactsFactory(DjangoModelFactory):
    front_door_phone = "0191 498 0000"
    front_door_hours = "Monday to Friday 9am to 5pm"
    out_of_hours_phone = "0191 498 0001"
    lado_phone = "0191 498 0002"
    last_checked = factory.LazyFunction(date.today)

    class Meta:
        model = SafeguardingContacts
        django_get_or_create = ["site"]


class AlertBannerFactory(DjangoModelFactory):
    title = "Office closure"
    message = "<p>The business unit is closed on Friday.</p>"

    class Meta:
        model = AlertBanner


def ensure_page_tree():
    """The root page (and locale and root collection) that migrations create.

    Transactional (browser) tests flush the database, migration data included,
    so tests rebuild them here; returns the root page.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    if not Page.objects.filter(depth=1).exists():
        locale, _ = Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        Page.add_root(title="Root", slug="root", locale=locale)
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")
    return Page.get_first_root_node()


def make_site(hostname="localhost", port=80, default=True, **home_fields):
    """A Site whose root is a fresh HomePage, with its Partnership and contacts."""
    root = ensure_page_tree()
    home = HomePageFactory(parent=root, **home_fields)
    Site.objects.filter(hostname=hostname, port=port).delete()
    if default:
        Site.objects.filter(is_default_site=True).update(is_default_site=False)
    site = Site.objects.create(
        hostname=hostname, port=port, root_page=home, is_default_site=default, site_name=home.title
    )
    PartnershipFactory(site=site)
    SafeguardingContactsFactory(site=site)
    Navigation.objects.get_or_create(site=site)
    return site

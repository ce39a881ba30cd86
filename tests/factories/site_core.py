"""Factories for the shared kernel's pages and settings (tests only)."""

from datetime import date

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Page, Site

from site_core.models import (
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


def make_site(hostname="localhost", port=80, default=True, **home_fields):
    """A Site whose root is a fresh HomePage, with its Partnership and contacts.

    The HomePage goes under the root page that migrations made."""
    home = HomePageFactory(parent=Page.get_first_root_node(), **home_fields)
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

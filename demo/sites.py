"""Demo content for the shared kernel: sites, partnerships, and the pages
every partnership has. Facts come from ../shared/seeds; the wording is ours.

Phone numbers are from Ofcom's ranges reserved for drama, so the demo can
never send a worried caller to a real line by mistake (Childline's and 999
are the real, public numbers). They are marked Illustrative, so every page
labels them where they stand.
"""

import os
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from wagtail.models import Page, Site

from demo import images as demo_images
from demo.illustrative import mark
from site_core.models import (
    AccessibilityStatementPage,
    ContactPage,
    HomePage,
    Navigation,
    NavigationLink,
    Partnership,
    SafeguardingContacts,
    StandardPage,
)

CONTACTS_NOTE = (
    "Invented for the demo: the seeds give no numbers. They are from Ofcom's ranges reserved "
    "for drama, so nobody can ring a real line by mistake; nobody has checked them."
)


@dataclass
class DemoPartnership:
    key: str
    hostname: str
    name: str
    short_name: str
    area: str
    colour: str
    is_default: bool
    introduction: str
    contacts: dict = field(default_factory=dict)


PARTNERSHIPS = [
    DemoPartnership(
        key="sunderland",
        hostname="127.0.0.1",
        name="Sunderland Safeguarding Children Partnership",
        short_name="SSCP",
        area="Sunderland",
        colour="#1d4f91",
        is_default=True,
        introduction=(
            "The council, the NHS and Northumbria Police working together, with schools and "
            "other agencies, so that children in Sunderland grow up safe."
        ),
        contacts={
            "front_door_name": "Integrated Front Door (MASH)",
            "front_door_phone": "0191 498 0123",
            "front_door_hours": "Monday to Thursday 8:30am to 5:15pm, Friday 8:30am to 4:45pm",
            "out_of_hours_phone": "0191 498 0456",
            "lado_phone": "0191 498 0789",
            "lado_email": "lado@example.org",
        },
    ),
    DemoPartnership(
        key="east-sussex",
        hostname="eastsussex.localhost",
        name="East Sussex Safeguarding Children Partnership",
        short_name="ESSCP",
        area="East Sussex",
        colour="#005a4e",
        is_default=False,
        introduction=(
            "How East Sussex County Council, the NHS and Sussex Police work together with "
            "schools and other agencies to keep children safe."
        ),
        contacts={
            "front_door_name": "Single Point of Advice (SPoA)",
            "front_door_phone": "01632 960 101",
            "front_door_hours": "Monday to Friday 8:30am to 5pm",
            "out_of_hours_phone": "01632 960 102",
            "lado_phone": "01632 960 103",
        },
    ),
    DemoPartnership(
        key="south-tees",
        hostname="southtees.localhost",
        name="South Tees Safeguarding Children Partnership",
        short_name="STSCP",
        area="Middlesbrough and Redcar and Cleveland",
        colour="#6a1b5f",
        is_default=False,
        introduction=(
            "Middlesbrough and Redcar and Cleveland councils, the NHS and Cleveland Police "
            "working together so children across South Tees are safe."
        ),
        contacts={
            "front_door_name": "Multi-Agency Children's Hub (MACH)",
            "front_door_phone": "0113 496 0201",
            "front_door_hours": "Monday to Friday 8:30am to 5pm",
            "out_of_hours_phone": "0113 496 0202",
            "lado_phone": "0113 496 0203",
        },
    ),
]


def serving_port():
    """The port the demo is served on (`make run` exports PORT), so the demo
    sites' own addresses (sitemaps, feeds, canonical links) point at it."""
    return int(os.environ.get("PORT") or 80)


def upsert_page(parent, model, slug, **fields):
    """Return the child page ``slug`` of ``parent``, creating and publishing it
    only when it is missing.

    An existing page is left exactly as it is, so running the loader again
    changes nothing, duplicates nothing and never overwrites an editor's work.
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        page = existing.specific
        if not isinstance(page, model):
            raise RuntimeError(f"{page.url_path} is a {type(page).__name__}, expected {model}")
        return page
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _site_and_home(spec):
    root = Page.get_first_root_node()
    # Found by host name alone: the port is whatever `make run` serves on.
    site = Site.objects.filter(hostname=spec.hostname).first()
    if site is None and spec.is_default:
        site = Site.objects.filter(is_default_site=True).first()
    home_fields = {"title": spec.name, "introduction": spec.introduction}
    if site is not None and isinstance(site.root_page.specific, HomePage):
        home = upsert_page(
            site.root_page.get_parent(), HomePage, site.root_page.slug, **home_fields
        )
    else:
        home = upsert_page(root, HomePage, f"{spec.key}-home", **home_fields)
    if site is None:
        site = Site(hostname=spec.hostname, port=serving_port())
    old_root = site.root_page if site.pk else None
    site.hostname, site.port = spec.hostname, serving_port()
    site.site_name = spec.name
    site.root_page = home
    site.is_default_site = spec.is_default
    site.save()
    # Wagtail's welcome page is replaced, never left behind as a stray page.
    if (
        old_root is not None
        and old_root.pk != home.pk
        and not isinstance(old_root.specific, HomePage)
    ):
        old_root.delete()
    return site, home


def _settings(site, spec):
    partnership, created = Partnership.objects.get_or_create(
        site=site,
        defaults={
            "name": spec.name,
            "short_name": spec.short_name,
            "area": spec.area,
            "brand_colour": spec.colour,
        },
    )
    # The logo goes on when the partnership or its logo is new (a database
    # from before the demo had logos gets one); a logo an editor removed or
    # replaced afterwards stays as they left it.
    logo, drawn = demo_images.logo(spec)
    if partnership.logo_id is None and (created or drawn):
        partnership.logo = logo
        partnership.save(update_fields=["logo"])
    # No "last checked" date: nobody rang these numbers, they are invented.
    contacts, _ = SafeguardingContacts.objects.get_or_create(site=site, defaults=spec.contacts)
    mark(contacts, CONTACTS_NOTE)
    return partnership


def _standard_pages(home, spec):
    partners = demo_images.partners_illustration()
    about = upsert_page(
        home,
        StandardPage,
        "about-us",
        title="About us",
        show_in_menus=True,
        summary=f"Who the {spec.short_name} is, what the law asks of it and how it works.",
        body=[
            {"type": "heading", "value": {"text": "What a partnership is", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Since 2019 the law has put three organisations in charge of local "
                    "safeguarding arrangements for children: the council, the Integrated Care "
                    "Board for the NHS, and the police. They are the <b>safeguarding "
                    "partners</b>. Schools, nurseries, housing, probation and voluntary groups "
                    "join them as <b>relevant agencies</b>.</p>"
                ),
            },
            {
                "type": "image",
                "value": {
                    "image": partners.pk,
                    "alt_text": demo_images.PARTNERS_ALT_TEXT,
                    "decorative": False,
                    "caption": "",
                },
            },
            {"type": "heading", "value": {"text": "What we do", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<ul><li>agree how agencies work together when a child may be at risk</li>"
                    "<li>check how well that works, through audits, data and reviews</li>"
                    "<li>learn from cases where a child was seriously harmed</li>"
                    "<li>train people who work with children and families</li>"
                    "<li>report every year on what we did and what changed</li></ul>"
                ),
            },
            {"type": "heading", "value": {"text": "Words we use", "level": "h2"}},
            {
                "type": "accordion",
                "value": {
                    "items": [
                        {
                            "title": "Early Help",
                            "content": "<p>Support for a family as soon as problems "
                            "appear, before they become serious.</p>",
                        },
                        {
                            "title": "MASH",
                            "content": "<p>A multi-agency safeguarding hub: social workers, "
                            "police and health staff in one team who decide together what "
                            "happens when someone reports a worry about a child.</p>",
                        },
                        {
                            "title": "Rapid review",
                            "content": "<p>A quick look, within weeks, at what agencies knew "
                            "and did when a child died or was seriously harmed.</p>",
                        },
                        {
                            "title": "Lay member",
                            "content": "<p>A local resident who sits on the board to bring "
                            "the community's view.</p>",
                        },
                    ]
                },
            },
        ],
    )
    contacts = upsert_page(
        home,
        ContactPage,
        "contact-us",
        title="Contact us",
        show_in_menus=True,
        summary="Who to call if you are worried about a child, and how to reach the "
        "partnership's business unit.",
        # No business unit phone: the seeds give none, and the referral line
        # (the only number the demo has) must not be offered for anything else.
        business_unit_email=f"{spec.short_name.lower()}@example.org",
    )
    accessibility = upsert_page(
        home,
        AccessibilityStatementPage,
        "accessibility-statement",
        title="Accessibility statement",
        compliance_status="partial",
        non_accessible_content=(
            "<p>Some older documents, published as PDF before 2023, are not fully "
            "accessible. Each is marked, and you can ask for an accessible format.</p>"
        ),
        feedback_email=f"{spec.short_name.lower()}@example.org",
        # No "last tested" date: nobody has tested the demo for accessibility.
        statement_prepared=date(2026, 11, 1),
        body=[
            {"type": "heading", "value": {"text": "Using this website", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>You should be able to zoom to 400% without text spilling off the "
                    "screen, move around the site using only a keyboard, and listen to it "
                    "with a screen reader. The pages work without JavaScript.</p>"
                ),
            },
        ],
    )
    privacy = upsert_page(
        home,
        StandardPage,
        "privacy-and-cookies",
        title="Privacy and cookies",
        summary="What we collect when you use this site, and the only cookies we set.",
        body=[
            {"type": "heading", "value": {"text": "What we collect", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>We do not track you. There are no analytics, adverts or social media "
                    "scripts on this site. Our server keeps ordinary access logs for 30 days "
                    "to keep the site secure.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Training bookings", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>When you book training or an event we keep your name, work email "
                    "address, agency, role, any access needs you tell us and, if the course "
                    "asks for it, your manager's email address. Only our training team sees "
                    "them. We use them to run the session, send your joining details, "
                    "certificate and evaluation, and count who takes part. Three years after "
                    "the session we delete your personal details and keep only the numbers "
                    "(how many people from each kind of agency and role took part).</p>"
                ),
            },
            {"type": "heading", "value": {"text": "When you answer a consultation", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>We keep your answers, which version of the questions you answered and "
                    "the day you sent them. We do not keep your name, email address or phone "
                    "number unless a question asks for it and says why, and you choose to "
                    "answer it. We do not keep your internet address or who you are signed "
                    "in as: to stop floods of answers we count them per connection for a few "
                    "minutes, without storing the address. Only the partnership's staff see "
                    "the answers, with small numbers hidden, and we quote something you wrote "
                    "only after a senior member of staff has checked it names nobody.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Cookies", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>Public pages set no cookies, except a security cookie on forms (booking "
                    "training, asking for an accessible format) that stops another site "
                    "sending them in your name. Board members and staff who sign in get "
                    "a session cookie and a security cookie, both deleted when they sign out "
                    "or the session expires. A dismissed notice is remembered in your "
                    "browser's own storage, never sent to us.</p>"
                ),
            },
            {"type": "heading", "value": {"text": "Worried about a child? guide", "level": "h2"}},
            {
                "type": "paragraph",
                "value": (
                    "<p>The questions that help you find who to contact keep nothing about "
                    "you. They set no cookie and we keep no record of your answers. Like "
                    "every page, the address you visit appears only in the ordinary access "
                    "logs above.</p>"
                ),
            },
        ],
    )
    return {
        "about": about,
        "contacts": contacts,
        "accessibility": accessibility,
        "privacy": privacy,
    }


def _navigation(site, pages, extra_primary=()):
    navigation, _ = Navigation.objects.get_or_create(site=site)
    if navigation.links.exists():
        return  # an editor's menu is never replaced
    primary = [pages["about"], *extra_primary, pages["contacts"]]
    footer = [pages["accessibility"], pages["privacy"], pages["contacts"]]
    order = 0
    for place, linked in ((NavigationLink.PRIMARY, primary), (NavigationLink.FOOTER, footer)):
        for page in linked:
            NavigationLink.objects.create(
                navigation=navigation, place=place, page=page, sort_order=order
            )
            order += 1


@dataclass
class DemoSite:
    spec: DemoPartnership
    site: Site
    home: HomePage
    partnership: Partnership
    pages: dict


@transaction.atomic
def load():
    """Build every demo partnership's site; return them keyed by ``spec.key``."""
    built = {}
    for spec in PARTNERSHIPS:
        site, home = _site_and_home(spec)
        partnership = _settings(site, spec)
        pages = _standard_pages(home, spec)
        built[spec.key] = DemoSite(spec, site, home, partnership, pages)
    return built


def finish_navigation(built):
    """Header and footer links, once the other apps have added their sections."""
    for demo in built.values():
        extra = [
            page
            for page in demo.home.get_children().live().in_menu().specific()
            if page.pk not in {p.pk for p in demo.pages.values()}
        ]
        _navigation(demo.site, demo.pages, extra_primary=extra)

"""Adding a partnership to the installation, in one step that can be repeated.

``add_partnership`` makes what a new tenant needs: its home page (live, so the
host name answers), the Site for its host name, its settings (partnership,
safeguarding contacts, navigation), its groups, collections and approval
workflow (site_core.tenancy.provision), and its standard pages. The standard
pages are drafts: their words are the partnership's to write, and they reach
the public only through its own Approvers. (The accessibility statement is
left for them to add: its test dates and contact are facts only they have.)
Apps add their own sections through the ``add_partnership_pages`` hook (a
function taking the partnership, its home page and a page maker), so this
kernel names no app.

Running it again with the same host name changes nothing: what exists is
found, never overwritten.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import slugify
from wagtail import hooks
from wagtail.models import Page, Site

from . import tenancy
from .models import (
    ContactPage,
    HomePage,
    Navigation,
    Partnership,
    SafeguardingContacts,
    StandardPage,
)


@dataclass
class Added:
    partnership: Partnership
    site: Site
    created: list = field(default_factory=list)  # what this run made, in words


def child_page(parent, model, slug, added, live=False, **fields):
    """The child ``slug`` of ``parent``; made (as a draft unless ``live``) when missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, live=live, **fields)
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    added.created.append(f"page “{page.title}” ({'live' if live else 'draft'})")
    return page


@transaction.atomic
def add_partnership(name, short_name, hostname, port=80, area="", is_default=False):
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is None:
        root = Page.get_first_root_node()
        slug = slugify(short_name or name) or "partnership"
        home = root.get_children().filter(slug=slug).first()
        if home is None:
            home = HomePage(
                title=name,
                slug=slug,
                live=True,
                introduction=f"How agencies in {area or name} work together to keep children safe.",
            )
            root.add_child(instance=home)
            home.save_revision().publish()
        if is_default:
            Site.objects.filter(is_default_site=True).update(is_default_site=False)
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, site_name=name, is_default_site=is_default
        )
        added_site = True
    else:
        added_site = False

    partnership, created = Partnership.objects.get_or_create(
        site=site, defaults={"name": name, "short_name": short_name, "area": area}
    )
    added = Added(partnership=partnership, site=site)
    if added_site:
        added.created.append(f"site {hostname}:{port} with its home page")
    if created:  # its post_save provisions it (site_core.tenancy)
        added.created.append("partnership settings, groups, collections and approval workflow")
    if SafeguardingContacts.objects.get_or_create(site=site)[1]:
        added.created.append("safeguarding contacts (empty: fill them in before going live)")
    Navigation.objects.get_or_create(site=site)

    tenancy.provision(partnership)  # adds only what is missing

    home = site.root_page.specific
    child_page(
        home,
        ContactPage,
        "contact-us",
        added,
        title="Contact us",
        show_in_menus=True,
        summary="Who to call if you are worried about a child, and how to reach us.",
    )
    child_page(
        home,
        StandardPage,
        "privacy-and-cookies",
        added,
        title="Privacy and cookies",
        summary="What we collect when you use this site, and the cookies we set.",
    )
    for add_pages in hooks.get_hooks("add_partnership_pages"):
        add_pages(partnership, home, lambda *args, **kwargs: child_page(*args, added, **kwargs))
    return added

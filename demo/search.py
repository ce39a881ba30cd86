"""Demo search shortcuts: the everyday words readers type, per partnership.

Each partnership's editors keep their own list in the admin ("Search
shortcuts"); these are a starting list for every demo site, pointing at its
own "Contact us" page (the numbers to call). Idempotent: one shortcut per
site and page, its phrases rewritten on each load.
"""

from site_core.models import SearchShortcut

CONTACT_PHRASES = [
    "report a concern",
    "worried about a child",
    "social worker",
    "social services",
    "LADO",
    "allegation",
    "phone",
    "telephone",
    "contact",
    "abuse",
    "neglect",
    "emergency",
    "MASH",
    "front door",
]


def load(built):
    for demo in built.values():
        contact = demo.pages.get("contacts")
        if contact is None:
            continue
        SearchShortcut.objects.update_or_create(
            site=demo.site,
            page=contact,
            defaults={
                "phrases": "\n".join(CONTACT_PHRASES),
                "description": "The numbers to call if you are worried about a child, "
                "including the LADO for concerns about someone who works with children.",
            },
        )

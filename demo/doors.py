"""Demo doors and the guided route's contacts for each demo partnership.

The route reads the partnership's own contacts. The demo's are invented
(site_core's contacts are marked Illustrative, so each is labelled where it
stands): phone numbers from Ofcom's ranges reserved for drama, links at
example.org. The doors' words are ours and general: nothing in them is a
local fact the seeds lack.
"""

from doors.models import Audience, DoorPage
from site_core.models import SafeguardingContacts

from .sites import upsert_page

# Filled in only where blank, so an editor's own values stay.
ROUTE_CONTACTS = {
    "sunderland": {
        "lado_form_url": "https://example.org/sunderland/lado-form",
        "referral_form_url": "https://example.org/sunderland/referral-form",
        "adults_name": "Adult social care",
        "adults_phone": "0191 498 0321",
    },
    "east-sussex": {
        # No LADO form or email: the route offers the LADO's phone alone.
        "referral_form_url": "https://example.org/east-sussex/referral-form",
        "adults_name": "Adult social care",
        "adults_phone": "01632 960 104",
    },
    "south-tees": {
        "lado_form_url": "https://example.org/south-tees/lado-form",
        "adults_name": "Adult social care",
        "adults_url": "https://example.org/south-tees/adults-at-risk",
    },
}


def _paragraph(html):
    return {"type": "paragraph", "value": html}


def _heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _doors(home, spec):
    upsert_page(
        home,
        DoorPage,
        "worried-about-a-child",
        title="Worried about a child",
        audience=Audience.WORRIED,
        summary="What to do if you are worried about a child, and who to call.",
        body=[
            _heading("If a child is in danger"),
            _paragraph("<p>Call 999 straight away if a child is in danger right now.</p>"),
            _heading("If you are worried"),
            _paragraph(
                f"<p>You do not need to be sure. If something about a child in {spec.area} "
                "worries you, call children's services and tell them what you saw or heard. "
                "They will listen, give advice and decide with you what happens next.</p>"
            ),
            _paragraph(
                "<p>Signs can include a child who is often hungry, dirty or alone, who has "
                "injuries nobody explains, who seems frightened of going home, or who is "
                "with adults or older young people who worry you.</p>"
            ),
        ],
    )
    upsert_page(
        home,
        DoorPage,
        "professionals",
        title="For people who work with children",
        audience=Audience.PROFESSIONAL,
        summary="Making a referral, worries about a colleague, and how agencies work together.",
        body=[
            _heading("Making a referral"),
            _paragraph(
                "<p>Refer to the front door when you think a child may need help or may be "
                "at risk of harm. Talk to your organisation's safeguarding lead first if you "
                "can, but never let that delay a referral about a child at risk.</p>"
            ),
            _heading("A worry about a colleague"),
            _paragraph(
                "<p>If an adult who works with children, paid or as a volunteer, may have "
                "harmed a child or be unsafe with children, tell the LADO (Local Authority "
                "Designated Officer).</p>"
            ),
        ],
    )
    upsert_page(
        home,
        DoorPage,
        "young-people",
        title="For young people",
        audience=Audience.YOUNG_PERSON,
        summary="Help for you, and people you can talk to.",
        body=[
            _heading("You can get help"),
            _paragraph(
                "<p>If someone is hurting you, or you do not feel safe, it is not your fault. "
                "Tell an adult you trust. That could be a teacher, a school nurse or a "
                "family member.</p>"
            ),
            _paragraph(
                "<p>If you are in danger now, call 999. If you want to talk to someone, you "
                "can call Childline. It is free. You do not have to give your name.</p>"
            ),
        ],
    )


def load(built):
    for demo in built.values():
        contacts = SafeguardingContacts.for_site(demo.site)
        changed = [
            name
            for name, value in ROUTE_CONTACTS.get(demo.spec.key, {}).items()
            if not getattr(contacts, name)
        ]
        for name in changed:
            setattr(contacts, name, ROUTE_CONTACTS[demo.spec.key][name])
        if changed:
            contacts.save(update_fields=changed)
        _doors(demo.home, demo.spec)

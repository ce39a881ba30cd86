from django.template.loader import render_to_string
from wagtail import hooks

from .models import Audience, DoorPage

DOORS = [
    (Audience.WORRIED, "worried-about-a-child", "Help if you are worried about a child"),
    (Audience.PROFESSIONAL, "professionals", "For people who work with children"),
    (Audience.YOUNG_PERSON, "young-people", "For young people"),
]


def _doors(home):
    """The first live, public door under ``home`` for each reader, in the doors' order."""
    pages = list(DoorPage.objects.live().child_of(home).public().order_by("path"))
    chosen = {}
    for page in pages:
        chosen.setdefault(page.audience, page)
    return [(audience, chosen.get(audience)) for audience, _slug, _title in DOORS]


# Before every other feature (order): the doors are what a reader looks for first.
@hooks.register("home_page_features", order=-10)
def three_doors(request, home):
    """ "I'm worried about a child", "I work with children", "I'm a young person"."""
    doors = [
        {"audience": audience, "label": audience.label, "page": page}
        for audience, page in _doors(home)
    ]
    return render_to_string("doors/includes/home_doors.html", {"doors": doors}, request=request)


@hooks.register("add_partnership_pages")
def add_door_pages(partnership, home, make_page):
    """A new partnership's three doors, as drafts for its editors to fill."""
    summaries = {
        Audience.WORRIED: "What to do if you are worried about a child, and who to call.",
        Audience.PROFESSIONAL: "Making a referral, the LADO, thresholds and training.",
        Audience.YOUNG_PERSON: "Help for you, in plain words, and who you can talk to.",
    }
    for audience, slug, title in DOORS:
        make_page(home, DoorPage, slug, title=title, audience=audience, summary=summaries[audience])

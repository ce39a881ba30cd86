"""An illustrative threshold guide for each demo partnership.

None of the seeds holds a threshold document (Sunderland's business plan only
records that its threshold guidance was being reviewed), so the guide is
labelled illustrative on every page: general indicators in our own words, no
approval date, approving body or review date, because none happened.
"""

from doors.models import DoorPage
from thresholds.models import Contact, ThresholdGuidePage, ThresholdIndicator, ThresholdLevel

from .sites import upsert_page

LEVELS = [
    (
        1,
        "Universal",
        "The child's needs are met by the services every child uses: school, GP, health visitor.",
        "Keep working with the child and family in your own service.",
        Contact.UNIVERSAL,
        "A child who is healthy, goes to school and is looked after well",
        "Most children are here. Their school, nursery and doctor help them.",
    ),
    (
        2,
        "Early help",
        "The child or family needs extra help from more than one service to stop problems growing.",
        "Talk with the family and, with their agreement, start an early help assessment. "
        "Ask the front door for advice if you are unsure.",
        Contact.ADVICE,
        "A family finding it hard to cope after a parent lost their job\n"
        "A child whose school attendance has started to slip",
        "Some families need a bit more help for a while. Workers help them together.",
    ),
    (
        3,
        "Targeted",
        "The child has complex needs, and services must work to one plan to meet them.",
        "Make a referral to the front door. Tell the family, unless that would put the "
        "child at risk.",
        Contact.REFERRAL,
        "A young person going missing from home more than once",
        "Some children have big worries. A social worker may help the family.",
    ),
    (
        4,
        "Specialist and child protection",
        "The child is suffering, or likely to suffer, significant harm.",
        "Refer to the front door at once. If the child is in danger now, call 999.",
        Contact.URGENT,
        "A child who says someone at home hurts them",
        "Some children are not safe. People act fast to keep them safe.",
    ),
]

INDICATORS = [
    (1, "Health", "Has health checks and vaccinations on time"),
    (1, "Education", "Goes to school regularly and is making progress"),
    (2, "Education", "School attendance is falling or the child is often late"),
    (2, "Parenting", "Parents are struggling with routines and boundaries"),
    (2, "Emotional wellbeing", "Signs of low mood or anxiety that affect everyday life"),
    (3, "Family and environment", "A parent's drug or alcohol use affects their care"),
    (3, "Safety", "The young person goes missing from home"),
    (3, "Family and environment", "Domestic abuse at home"),
    (4, "Health", "Injuries nobody can explain, above all in a baby who cannot move yet"),
    (4, "Safety", "The child says they have been abused"),
    (4, "Safety", "Signs of sexual or criminal exploitation"),
]


def _guide(parent):
    return upsert_page(
        parent,
        ThresholdGuidePage,
        "threshold-guide",
        title="Threshold guide: levels of need",
        summary="How services judge what help a child and family need, and who to contact "
        "at each level.",
        version="Illustrative example",
        is_illustrative=True,
        levels=[
            ThresholdLevel(
                number=number,
                name=name,
                summary=summary,
                what_to_do=what_to_do,
                contact=contact,
                examples=examples,
                easy_read=easy_read,
                sort_order=number,
            )
            for number, name, summary, what_to_do, contact, examples, easy_read in LEVELS
        ],
        indicators=[
            ThresholdIndicator(level_number=level, area=area, text=text, sort_order=order)
            for order, (level, area, text) in enumerate(INDICATORS)
        ],
    )


def load(built):
    for demo in built.values():
        door = DoorPage.objects.child_of(demo.home).filter(slug="professionals").first()
        _guide(door or demo.home)

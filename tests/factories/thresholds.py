"""Factories for threshold guides (tests only)."""

from datetime import date

import wagtail_factories

from thresholds.models import Contact, ThresholdGuidePage, ThresholdIndicator, ThresholdLevel


def four_levels():
    return [
        ThresholdLevel(
            number=1,
            name="Universal",
            summary="Needs met by everyday services.",
            what_to_do="Keep supporting the child within your own service.",
            contact=Contact.UNIVERSAL,
            easy_read="Most children are here. Their school and doctor help them.",
        ),
        ThresholdLevel(
            number=2,
            name="Early help",
            summary="Extra help from more than one service.",
            what_to_do="Talk with the family about an early help assessment.",
            contact=Contact.ADVICE,
            examples="A family struggling after a bereavement",
        ),
        ThresholdLevel(
            number=3,
            name="Targeted",
            summary="Complex needs that need a coordinated plan.",
            what_to_do="Make a referral to the front door.",
            contact=Contact.REFERRAL,
        ),
        ThresholdLevel(
            number=4,
            name="Specialist and child protection",
            summary="A child at risk of significant harm.",
            what_to_do="Refer at once; call 999 if the child is in danger.",
            contact=Contact.URGENT,
            examples="A child with an injury nobody explains",
        ),
    ]


def some_indicators():
    return [
        ThresholdIndicator(level_number=1, area="Health", text="Attends health checks"),
        ThresholdIndicator(level_number=2, area="Education", text="Attendance is slipping"),
        ThresholdIndicator(
            level_number=3, area="Family and environment", text="Parental substance misuse"
        ),
        ThresholdIndicator(
            level_number=4, area="Health", text="Unexplained bruising on a non-mobile baby"
        ),
    ]


class ThresholdGuidePageFactory(wagtail_factories.PageFactory):
    title = "Threshold guide"
    summary = "How to judge the level of a child's needs."
    version = "2.0"
    approved_on = date(2026, 3, 1)
    review_due = date(2027, 3, 1)
    change_notes = "Levels renamed."

    class Meta:
        model = ThresholdGuidePage

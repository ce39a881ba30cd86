"""Factories for the doors' pages (tests only)."""

import factory
import wagtail_factories

from doors.models import Audience, DoorPage


class DoorPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Door {n}")
    audience = Audience.WORRIED
    summary = "Who to call if you are worried about a child."

    class Meta:
        model = DoorPage

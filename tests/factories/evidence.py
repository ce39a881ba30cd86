from datetime import date
from decimal import Decimal

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from evidence.models import Indicator, IndicatorValue, RecommendationUpdate
from evidence.pages import IndicatorDashboardPage, RecommendationsPage


class IndicatorFactory(DjangoModelFactory):
    code = factory.Sequence(lambda n: f"ind-{n}")
    name = factory.Sequence(lambda n: f"Children seen within timescale {n}")
    theme = "Early help"

    class Meta:
        model = Indicator


class IndicatorValueFactory(DjangoModelFactory):
    indicator = factory.SubFactory(IndicatorFactory)
    period = "2023-24"
    value = Decimal(40)

    class Meta:
        model = IndicatorValue


class RecommendationUpdateFactory(DjangoModelFactory):
    date = date(2024, 1, 15)
    status = "in_progress"
    evidence_note = "Training on the new guidance has begun."

    class Meta:
        model = RecommendationUpdate


class IndicatorDashboardPageFactory(wagtail_factories.PageFactory):
    title = "Indicators"
    slug = "indicators"

    class Meta:
        model = IndicatorDashboardPage


class RecommendationsPageFactory(wagtail_factories.PageFactory):
    title = "Recommendations and progress"
    slug = "recommendations"

    class Meta:
        model = RecommendationsPage

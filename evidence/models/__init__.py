"""The evidence app's models: the records (``records``) and the pages that show
them (``evidence.pages``, a module of its own that the migrations name).

Modules the pages use (data, labels, recommendations) import the records from
``evidence.models.records``; everything else imports from here.
"""

from evidence.pages import IndicatorDashboardPage, RecommendationsPage

from .records import (
    CLOSED_STATUSES,
    Indicator,
    IndicatorValue,
    KeyFigureIndicator,
    Polarity,
    RecommendationStatus,
    RecommendationUpdate,
    Status,
    Unit,
    ValuesImport,
    format_number,
    small_number_threshold,
    status_for,
)

__all__ = [
    "CLOSED_STATUSES",
    "Indicator",
    "IndicatorDashboardPage",
    "IndicatorValue",
    "KeyFigureIndicator",
    "Polarity",
    "RecommendationStatus",
    "RecommendationUpdate",
    "RecommendationsPage",
    "Status",
    "Unit",
    "ValuesImport",
    "format_number",
    "small_number_threshold",
    "status_for",
]

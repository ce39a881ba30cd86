"""Publication page types, one module per page family."""

from .annual_report import (
    Achievement,
    AnnualReportPage,
    Inspection,
    KeyFigure,
    NextYearPriority,
    Presentation,
)
from .audience_version import AudienceVersionPage
from .base import ChangeNote, PublicationDocumentLink, PublicationPage, Topic
from .documents import AccessibleFormatRequest, PublicationDocument
from .framework import FrameworkPage, FrameworkParty
from .listing import PUBLICATION_TYPES, LearningFromReviewsPage, PublicationIndexPage
from .plan import (
    PlanActivity,
    PlanIndicator,
    PlanOutcome,
    PlanPage,
    PlanProject,
    PlanResponsibility,
    PlanServicePriority,
    PlanStrategicPriority,
    PlanTheme,
    PlanValueTheme,
)
from .review import (
    ReflectiveQuestion,
    ReviewFinding,
    ReviewFindingsPage,
    ReviewFocusIssue,
    ReviewRecommendation,
    ReviewTheme,
)
from .standard import StandardPublicationPage

__all__ = [
    "PUBLICATION_TYPES",
    "AccessibleFormatRequest",
    "Achievement",
    "AnnualReportPage",
    "AudienceVersionPage",
    "ChangeNote",
    "FrameworkPage",
    "FrameworkParty",
    "Inspection",
    "KeyFigure",
    "LearningFromReviewsPage",
    "NextYearPriority",
    "PlanActivity",
    "PlanIndicator",
    "PlanOutcome",
    "PlanPage",
    "PlanProject",
    "PlanResponsibility",
    "PlanServicePriority",
    "PlanStrategicPriority",
    "PlanTheme",
    "PlanValueTheme",
    "Presentation",
    "PublicationDocument",
    "PublicationDocumentLink",
    "PublicationIndexPage",
    "PublicationPage",
    "ReflectiveQuestion",
    "ReviewFinding",
    "ReviewFindingsPage",
    "ReviewFocusIssue",
    "ReviewRecommendation",
    "ReviewTheme",
    "StandardPublicationPage",
    "Topic",
]

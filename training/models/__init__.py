"""The training app's models: the records (``records``) and the pages that
show them (``training.pages``, a module of its own that the migrations name)."""

from training.pages import CourseAudience, CoursePage, TrainingIndexPage

from .records import (
    CANCELLABLE,
    HOLDS_PLACE,
    AttendeeRole,
    Audience,
    Booking,
    CourseSession,
    Evaluation,
    Level,
    Mode,
    SessionPart,
    Status,
)

__all__ = [
    "CANCELLABLE",
    "HOLDS_PLACE",
    "AttendeeRole",
    "Audience",
    "Booking",
    "CourseAudience",
    "CoursePage",
    "CourseSession",
    "Evaluation",
    "Level",
    "Mode",
    "SessionPart",
    "Status",
    "TrainingIndexPage",
]

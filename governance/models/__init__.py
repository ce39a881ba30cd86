"""Governance records, in the shape of the Popolo standard.

Organisations (bodies and agencies), people, posts and memberships, plus what
bodies adopted (mission, values, priorities), how they relate, and their
meetings. Other apps may point at these models (a publication names the body
that published it); these models never import from other apps, and link to
publication pages through "wagtailcore.Page".

One module per family: bodies, people, values, meetings, members, pages.
"""

from .bodies import Agency, Body, Relationship
from .meetings import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    PublicationReceived,
)
from .members import Interest, MeetingPack, MemberAccount, ReminderSent, is_board_member
from .pages import GovernanceIndexPage, MembersAreaPage
from .people import Membership, Person, Post
from .values import Mission, Responsibility, StrategicPriority, Value, ValueTheme

__all__ = [
    "Agency",
    "AgendaItem",
    "Attendance",
    "Body",
    "Declaration",
    "GovernanceIndexPage",
    "Interest",
    "Meeting",
    "MeetingPack",
    "MemberAccount",
    "MembersAreaPage",
    "Membership",
    "Mission",
    "Person",
    "Post",
    "PublicationReceived",
    "Relationship",
    "ReminderSent",
    "Responsibility",
    "StrategicPriority",
    "Value",
    "ValueTheme",
    "is_board_member",
]

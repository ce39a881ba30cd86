"""Demo training and events for each partnership, from what the seeds say.

From the seeds: Sunderland ran 100 training sessions in 2022-23, introduced
new courses on missing, sexually exploited and trafficked children (MSET)
and extra-familial harm, updated its Thresholds of Need and Vulnerable
Babies courses, rolled out Signs of Safety training, and holds an annual
Safeguarding Learning Week with the Safeguarding Adults Board. East Sussex
trained 552 staff from partner agencies on 42 online courses. South Tees's
report speaks of using the learning from serious incidents and audits.

Invented, and marked illustrative (labelled "Demo" on the pages): every
session's date, time, venue, trainer and capacity, and the courses' wording;
East Sussex's and South Tees's course titles (their reports name no course).
No attendee is invented. Idempotent: pages are found by slug, and a course
that has sessions gets no more.
"""

from datetime import timedelta

from django.utils import timezone

from demo.illustrative import mark
from demo.sites import upsert_page
from publications.models import Topic
from training.models import (
    CourseAudience,
    CoursePage,
    CourseSession,
    Level,
    Mode,
    SessionPart,
    TrainingIndexPage,
)

INVENTED = "Invented for the demo: the seeds give no dates, venues or places for this."

COURSES = {
    "sunderland": [
        {
            "slug": "mset-extra-familial-harm",
            "title": "Missing, exploited and trafficked children: extra-familial harm",
            "summary": "A new course on harm to young people outside the home: exploitation, "
            "going missing and trafficking, and how agencies respond together.",
            "level": Level.INTRODUCTORY,
            "audiences": ["everyone"],
            "topics": ["exploitation"],
            "duration": "Half a day (3 hours)",
            "outcomes": "Recognise signs that a young person is being exploited\n"
            "Know which agencies to involve and how",
            "seed": True,
            "sessions": [(Mode.IN_PERSON, 21, 9, 3, 20), (Mode.ONLINE, 49, 13, 3, 30)],
        },
        {
            "slug": "thresholds-of-need",
            "title": "Thresholds of Need",
            "summary": "The updated course on Sunderland's thresholds of need: what level of "
            "help a family needs, and who provides it.",
            "level": Level.INTRODUCTORY,
            "audiences": ["everyone"],
            "topics": ["early-help"],
            "duration": "Half a day (3 hours)",
            "outcomes": "Use the thresholds to decide the help a family needs",
            "seed": True,
            "sessions": [(Mode.IN_PERSON, 28, 9, 3, 25)],
        },
        {
            "slug": "vulnerable-babies",
            "title": "Vulnerable Babies",
            "summary": "The updated course on keeping babies safe, for everyone who works with "
            "babies and their parents.",
            "level": Level.ADVANCED,
            "audiences": ["health", "social_care"],
            "topics": ["neglect"],
            "duration": "One day",
            "outcomes": "Recognise risks to babies early\nShare concerns with the right agency",
            "seed": True,
            "manager": True,
            "sessions": [(Mode.IN_PERSON, 35, 9, 6, 16)],
        },
        {
            "slug": "signs-of-safety",
            "title": "Signs of Safety",
            "summary": "The practice model Sunderland's agencies use, so that families get "
            "the same approach whichever agency they work with.",
            "level": Level.SINGLE_AGENCY,
            "audiences": ["everyone"],
            "topics": ["training"],
            "duration": "Two mornings",
            "outcomes": "Use the Signs of Safety model with families",
            "seed": True,
            "sessions": [(Mode.IN_PERSON, 42, 9, 3, 18)],
            "two_parts": True,
        },
        {
            "slug": "safeguarding-learning-week",
            "title": "Safeguarding Learning Week",
            "kind": CoursePage.Kind.EVENT,
            "summary": "The annual week of learning held with the Sunderland Safeguarding "
            "Adults Board: briefings and workshops for everyone who works with children, "
            "adults and families.",
            "level": Level.BRIEFING,
            "audiences": ["everyone"],
            "topics": ["training"],
            "duration": "Sessions through the week",
            "programme": "<p>Briefings and workshops each day, run with the Safeguarding Adults "
            "Board. The programme is announced nearer the time.</p>",
            "seed": True,
            "sessions": [(Mode.ONLINE, 63, 10, 2, 100)],
        },
    ],
    "east-sussex": [
        {
            "slug": "safeguarding-together-online",
            "title": "Multi-agency safeguarding: working together (online)",
            "summary": "An online course for staff from partner agencies on keeping children "
            "safe together. Our courses run online.",
            "level": Level.INTRODUCTORY,
            "audiences": ["everyone"],
            "topics": ["training"],
            "duration": "Half a day (3 hours)",
            "outcomes": "Know each agency's part in keeping children safe",
            "sessions": [(Mode.ONLINE, 24, 9, 3, 30), (Mode.ONLINE, 52, 13, 3, 30)],
        },
    ],
    "south-tees": [
        {
            "slug": "learning-from-reviews-briefing",
            "title": "Learning from reviews: practitioner briefing",
            "kind": CoursePage.Kind.EVENT,
            "summary": "A briefing on what the partnership has learned from serious "
            "safeguarding incidents and audits, and what it means for practice.",
            "level": Level.BRIEFING,
            "audiences": ["everyone"],
            "topics": ["training"],
            "duration": "90 minutes",
            "programme": "<p>What the reviews found, what has changed, and questions.</p>",
            "sessions": [(Mode.ONLINE, 30, 12, 1.5, 60)],
        },
    ],
}

VENUES = {
    "sunderland": "Training room, City Hall, Sunderland (demo venue)",
    "east-sussex": "",
    "south-tees": "",
}


def _starts(days, hour):
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def load(built):
    for key, courses in COURSES.items():
        demo = built.get(key)
        if demo is None:
            continue
        index = upsert_page(
            demo.home,
            TrainingIndexPage,
            "training",
            title="Training and events",
            summary="Multi-agency safeguarding courses and events for people who work with "
            "children and families, free to book.",
            show_in_menus=True,
        )
        for spec in courses:
            course = upsert_page(
                index,
                CoursePage,
                spec["slug"],
                title=spec["title"],
                kind=spec.get("kind", CoursePage.Kind.COURSE),
                summary=spec["summary"],
                level=spec["level"],
                duration=spec["duration"],
                learning_outcomes=spec.get("outcomes", ""),
                programme=spec.get("programme", ""),
                manager_approval_required=spec.get("manager", False),
                non_attendance_policy="Please cancel at least two working days before, so "
                "the place can go to someone on the waiting list.",
                audiences=[CourseAudience(audience=a) for a in spec["audiences"]],
            )
            topics = Topic.objects.filter(slug__in=spec["topics"])
            if set(course.topics.all()) != set(topics):
                course.topics.set(topics)
                course.save_revision().publish()
            if not spec.get("seed"):
                mark(course, "Invented for the demo: the seeds name no course of this kind.")
            if course.sessions.exists():
                continue
            for mode, days, hour, hours, capacity in spec["sessions"]:
                starts = _starts(days, hour)
                parts = [SessionPart(starts=starts, ends=starts + timedelta(hours=hours))]
                if spec.get("two_parts"):
                    second = starts + timedelta(days=7)
                    parts.append(SessionPart(starts=second, ends=second + timedelta(hours=hours)))
                online = mode == Mode.ONLINE
                session = CourseSession.objects.create(
                    partnership=demo.partnership,
                    course=course,
                    mode=mode,
                    venue="" if online else VENUES[key],
                    venue_accessibility=""
                    if online
                    else "Step-free entrance, lift to every floor, hearing loop, accessible "
                    "toilet (demo details).",
                    joining_link="https://meet.example.org/demo-session" if online else "",
                    trainer="The partnership's training team",
                    capacity=capacity,
                    parts=parts,
                )
                mark(session, INVENTED)
    return built

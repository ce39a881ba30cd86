"""One consultation per demo partnership, each an illustrative example and
labelled so on its page: the seeds describe no consultation of the
partnerships' own, so the questions, dates, answers and outcomes are made up.
What they draw on from the seeds is said as such: Sunderland's plan names
"Voice of the Child" among its values, and South Tees runs a yearly
safeguarding survey of its schools whose questions change with local issues.

Sunderland's has concluded, during 2022/23, so its annual report's "voice of
children and families" section lists it, and it shows "you said, we did"
with a link to the plan. East Sussex's is open and South Tees's upcoming, by
dates counted from the day the demo is loaded; the home page's "Have your
say" leads to them. Idempotent.
"""

from datetime import date, timedelta

from django.utils import timezone

from consultations.models import Answer, ConsultationChange, ConsultationPage, ConsultationResponse
from demo.sites import upsert_page
from publications.models import PlanPage

LABEL = (
    "<p><strong>Illustrative example.</strong> This consultation was made up to show how "
    "consultations work on this site: its dates, questions, answers and outcome are "
    "invented.</p>"
)


def _choice(block_id, question, options, required=True, several=False, hint=""):
    return {
        "type": "choice",
        "id": block_id,
        "value": {
            "question": question,
            "hint": hint,
            "required": required,
            "options": options,
            "allow_several": several,
        },
    }


def _scale(block_id, question, low, high):
    return {
        "type": "scale",
        "id": block_id,
        "value": {
            "question": question,
            "hint": "",
            "required": True,
            "points": 5,
            "low_label": low,
            "high_label": high,
        },
    }


def _text(block_id, question, hint=""):
    return {
        "type": "free_text",
        "id": block_id,
        "value": {"question": question, "hint": hint, "required": False, "max_length": 1000},
    }


def _about(block_id, question, options):
    return {
        "type": "about_you",
        "id": block_id,
        "value": {"question": question, "options": options},
    }


YOUNG_PEOPLE_TALK_TO = [
    "A parent or carer",
    "A teacher or someone at school",
    "A friend",
    "Someone else",
    "Nobody",
]
SUNDERLAND_YOUNG_PEOPLE = [
    _choice(
        "sscp-yp-talk",
        "If something was wrong, who would you talk to first?",
        YOUNG_PEOPLE_TALK_TO,
    ),
    _scale(
        "sscp-yp-heard", "Do adults listen to you when you tell them things?", "Never", "Always"
    ),
    _text("sscp-yp-better", "What would help you to speak up?", "You can leave this empty."),
    _about("sscp-yp-age", "How old are you?", ["8 to 11", "12 to 14", "15 to 17"]),
]
SUNDERLAND_PRACTITIONERS = [
    _scale(
        "sscp-pr-confident",
        "How confident are you that children's views shape the plans you make with them?",
        "Not confident",
        "Very confident",
    ),
    _text("sscp-pr-barriers", "What gets in the way of hearing children's views?"),
    _about(
        "sscp-pr-agency",
        "Which agency do you work for?",
        ["Children's services", "Health", "Police", "School or college", "Other"],
    ),
]


def _sunderland(demo):
    plan = PlanPage.objects.live().descendant_of(demo.home).first()
    page = upsert_page(
        demo.home,
        ConsultationPage,
        "being-heard",
        title="Being heard: who children talk to",
        summary="We asked children, young people and practitioners who children turn to "
        "when something is wrong, and whether adults listen.",
        about=LABEL
        + "<p>Our plan names the voice of the child among our values: we seek out and listen "
        "to children and young people and use what we learn to improve our work. This "
        "consultation shows how a partnership could ask, and report back.</p>",
        opens_on=date(2022, 10, 1),
        closes_on=date(2022, 11, 30),
        practitioners_introduction="Ten minutes of questions on hearing children's views in "
        "your work. Answers are anonymous.",
        practitioners_questions=SUNDERLAND_PRACTITIONERS,
        young_people_introduction="We want to know who you talk to. It takes five minutes. "
        "You do not give your name.",
        young_people_questions=SUNDERLAND_YOUNG_PEOPLE,
        outcome_published=True,
        you_said="<p>Most children and young people said they would talk to a parent or "
        "carer first. Fewer said a teacher. Many said adults do not always listen. "
        "Practitioners said time and the way meetings are run get in the way.</p>",
        we_did="<p>Meetings about a child now start with what the child has said. Schools "
        "show children who they can talk to. We will ask again next year to see if "
        "anything has changed.</p>",
    )
    if not page.changes.exists():
        ConsultationChange.objects.create(
            page=page,
            sort_order=0,
            what_changed="Hearing from children comes first in the plan's work on listening "
            "and learning.",
            linked_page=plan,
        )
        ConsultationChange.objects.create(
            page=page,
            sort_order=1,
            what_changed="Every school shows children who they can talk to.",
        )
    _answers(demo, page)


def _answers(demo, page):
    """Invented answers, so staff can see results with small numbers hidden."""
    if page.responses.exists():
        return
    young = [
        ("A parent or carer", "4", "12 to 14"),
        ("A parent or carer", "3", "8 to 11"),
        ("A parent or carer", "5", "8 to 11"),
        ("A parent or carer", "2", "15 to 17"),
        ("A parent or carer", "4", "12 to 14"),
        ("A parent or carer", "3", "12 to 14"),
        ("A parent or carer", "4", "15 to 17"),
        ("A teacher or someone at school", "3", "12 to 14"),
        ("A teacher or someone at school", "2", "15 to 17"),
        ("A friend", "2", "15 to 17"),
        ("A friend", "3", "15 to 17"),
        ("A friend", "1", "12 to 14"),
        ("Nobody", "1", "15 to 17"),
    ]
    for talk, heard, age in young:
        response = ConsultationResponse.objects.create(
            partnership=demo.partnership,
            consultation=page,
            audience="young-people",
            received_on=date(2022, 11, 1),
        )
        Answer.objects.bulk_create(
            [
                Answer(
                    response=response,
                    question_id="sscp-yp-talk",
                    kind="choice",
                    value=talk,
                    question="If something was wrong, who would you talk to first?",
                ),
                Answer(
                    response=response,
                    question_id="sscp-yp-heard",
                    kind="scale",
                    value=heard,
                    question="Do adults listen to you when you tell them things?",
                ),
                Answer(
                    response=response,
                    question_id="sscp-yp-age",
                    kind="about_you",
                    value=age,
                    question="How old are you?",
                ),
            ]
        )


def _east_sussex(demo):
    today = timezone.localdate()
    upsert_page(
        demo.home,
        ConsultationPage,
        "feeling-safe-online",
        title="Feeling safe online",
        summary="Tell us what makes you feel safe or unsafe online, and what would help.",
        about=LABEL,
        opens_on=today - timedelta(days=7),
        closes_on=today + timedelta(days=60),
        parents_introduction="Questions for parents and carers about children's time online. "
        "Answers are anonymous.",
        parents_questions=[
            _scale(
                "es-pc-worry",
                "How worried are you about your child's safety online?",
                "Not worried",
                "Very worried",
            ),
            _choice(
                "es-pc-help",
                "Where do you look for advice?",
                ["School", "Other parents", "Websites", "Nowhere yet"],
                several=True,
                hint="Choose all that apply.",
            ),
            _text("es-pc-more", "What would help you most?"),
        ],
        young_people_introduction="Tell us about being online. It is quick. You do not give "
        "your name.",
        young_people_questions=[
            _scale("es-yp-safe", "How safe do you feel online?", "Not safe", "Very safe"),
            _text("es-yp-help", "What would make you feel safer?", "You can leave this empty."),
            _about("es-yp-age", "How old are you?", ["8 to 11", "12 to 14", "15 to 17"]),
        ],
    )


def _south_tees(demo):
    today = timezone.localdate()
    upsert_page(
        demo.home,
        ConsultationPage,
        "schools-safeguarding-questions",
        title="Schools: what should next year's safeguarding survey ask?",
        summary="Our yearly safeguarding survey of schools changes its questions with local "
        "issues. Tell us what it should ask next.",
        about=LABEL,
        opens_on=today + timedelta(days=14),
        closes_on=today + timedelta(days=60),
        practitioners_introduction="For designated safeguarding leads and staff in schools "
        "and colleges. Answers are anonymous.",
        practitioners_questions=[
            _text("st-pr-ask", "Which local issue should the survey ask about?"),
            _about(
                "st-pr-setting",
                "Where do you work?",
                ["Primary school", "Secondary school", "College", "Other"],
            ),
        ],
    )


def load(built):
    for key, builder in (
        ("sunderland", _sunderland),
        ("east-sussex", _east_sussex),
        ("south-tees", _south_tees),
    ):
        demo = built.get(key)
        if demo is not None:
            builder(demo)

"""The questions a consultation asks: a small set of the partnership's own
blocks, so that every answer can be counted, suppressed, exported and (for
free text) reviewed the same way.

Each question keeps the id Wagtail gives its block: answers are stored
against that id, so rewording a question after answers came in keeps them
together, and results follow the questions as the editor last saved them.
"""

from wagtail import blocks

# "About you" answers are never required, and always offer this.
PREFER_NOT_TO_SAY = "Prefer not to say"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(
        max_length=300, help_text="The question, as the reader will see it. Keep it short."
    )
    hint = blocks.CharBlock(
        required=False,
        max_length=300,
        help_text="Optional: a line under the question that helps people answer it.",
    )
    required = blocks.BooleanBlock(
        required=False, help_text="Tick if people must answer this before they can send."
    )

    kind = ""


class ChoiceQuestionBlock(QuestionBlock):
    options = blocks.ListBlock(
        blocks.CharBlock(max_length=150), min_num=2, max_num=12, help_text="Two to twelve answers."
    )
    allow_several = blocks.BooleanBlock(
        required=False, help_text="Tick if people may choose more than one answer."
    )

    kind = "choice"

    class Meta:
        icon = "list-ul"
        label = "Choice"
        description = "People pick one answer (or several) from a list."
        preview_value = {
            "question": "Where do you go for help?",
            "options": ["A teacher", "A parent or carer", "A friend"],
        }


class ScaleQuestionBlock(QuestionBlock):
    points = blocks.IntegerBlock(
        default=5, min_value=3, max_value=10, help_text="How many points: 3 to 10."
    )
    low_label = blocks.CharBlock(max_length=60, help_text="What the lowest point means.")
    high_label = blocks.CharBlock(max_length=60, help_text="What the highest point means.")

    kind = "scale"

    class Meta:
        icon = "order"
        label = "Scale"
        description = "People pick a point on a scale, e.g. 1 (not at all) to 5 (very much)."
        preview_value = {
            "question": "How safe do you feel at school?",
            "points": 5,
            "low_label": "Not safe at all",
            "high_label": "Very safe",
        }


class FreeTextQuestionBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        default=1000,
        min_value=50,
        max_value=5000,
        help_text="The longest answer allowed, in characters.",
    )

    kind = "text"

    class Meta:
        icon = "pilcrow"
        label = "Free text"
        description = (
            "People write their own answer. No answer is quoted publicly until an Approver "
            "has read it and cleared it for quoting."
        )
        preview_value = {"question": "What would make things better?"}


class AboutYouQuestionBlock(blocks.StructBlock):
    """An optional question about the person (age group, area, role), to see
    who answered: never required, and "Prefer not to say" is always offered."""

    question = blocks.CharBlock(max_length=300)
    options = blocks.ListBlock(blocks.CharBlock(max_length=150), min_num=2, max_num=20)

    kind = "about_you"

    class Meta:
        icon = "user"
        label = "About you"
        description = (
            "An optional question about who is answering, e.g. an age group. Never required; "
            "“Prefer not to say” is added."
        )
        preview_value = {"question": "How old are you?", "options": ["11 to 13", "14 to 16"]}


class ContactDetailQuestionBlock(blocks.StructBlock):
    """The only way a consultation keeps a name, email address or phone number:
    a question that asks for it and says why, shown to the reader beside it."""

    NAME, EMAIL, PHONE = "name", "email", "phone"

    detail = blocks.ChoiceBlock(
        choices=[(NAME, "Name"), (EMAIL, "Email address"), (PHONE, "Phone number")]
    )
    why = blocks.CharBlock(
        max_length=300,
        help_text="Shown to the reader: why you ask, and what you will do with it, e.g. "
        "“So we can invite you to talk about the results. We delete it when the "
        "consultation closes.”",
    )

    kind = "contact"

    class Meta:
        icon = "mail"
        label = "Contact detail (optional)"
        description = (
            "Asks for a name, email address or phone number, and says why. Never required."
        )
        preview_value = {"detail": "email", "why": "So we can tell you what changed."}


class QuestionsBlock(blocks.StreamBlock):
    choice = ChoiceQuestionBlock()
    scale = ScaleQuestionBlock()
    free_text = FreeTextQuestionBlock()
    about_you = AboutYouQuestionBlock()
    contact_detail = ContactDetailQuestionBlock()

    class Meta:
        block_counts = {"contact_detail": {"max_num": 3}}


def question_text(child):
    """What a stream child asks, as the reader sees it."""
    value = child.value
    if child.block_type == "contact_detail":
        return {
            ContactDetailQuestionBlock.NAME: "Your name (optional)",
            ContactDetailQuestionBlock.EMAIL: "Your email address (optional)",
            ContactDetailQuestionBlock.PHONE: "Your phone number (optional)",
        }[value["detail"]]
    return value["question"]

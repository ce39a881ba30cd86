"""The guided "Worried about a child?" route: a few plain questions, each
answer a link, ending at who to contact from the partnership's own contacts
(site_core.SafeguardingContacts).

The route is a fixed tree, so every step has one address and one way back.
Nothing about the reader is kept: each step is an ordinary GET of a public
page, with no form, no session and no cookie; the only trace is the server's
ordinary access log of the address asked for.
"""

from dataclasses import dataclass, field

START = "start"


@dataclass(frozen=True)
class Question:
    text: str
    answers: list  # [(answer's words, next step)]
    back: str | None
    hint: str = ""


@dataclass
class Way:
    """One way to reach someone: a phone number, an email or a link."""

    label: str
    phone: str = ""
    email: str = ""
    url: str = ""
    url_text: str = ""


@dataclass
class Outcome:
    heading: str
    intro: str
    back: str
    ways: list = field(default_factory=list)
    # Said when the partnership has not filled in what this answer needs.
    missing: str = ""
    also: list = field(default_factory=list)  # further ways, e.g. out of hours


QUESTIONS = {
    START: Question(
        "Is a child in danger right now?",
        [("Yes, a child is in danger now", "emergency"), ("No, not right now", "who")],
        back=None,
        hint="For example, being hurt or about to be hurt, or left alone somewhere unsafe.",
    ),
    "who": Question(
        "Who are you worried about?",
        [
            ("A child or young person", "are-you-a-professional"),
            (
                "An adult who works with children, such as a teacher, coach, carer or youth leader",
                "lado",
            ),
            ("An adult who may be being harmed or neglected themselves", "adult"),
        ],
        back=START,
    ),
    "are-you-a-professional": Question(
        "Do you work with children and want to make a referral?",
        [
            ("Yes, I work with children and want to make a referral", "referral"),
            ("No, I am a parent, relative, neighbour or someone else", "when"),
        ],
        back="who",
    ),
    "when": Question(
        "Is it a weekday, during office hours?",
        [
            ("Yes, it is during office hours", "children-services"),
            ("No, it is evening, night, a weekend or a bank holiday", "out-of-hours"),
        ],
        back="are-you-a-professional",
    ),
}

OUTCOMES = (
    "emergency",
    "lado",
    "adult",
    "referral",
    "children-services",
    "out-of-hours",
)


def _front_door(contacts):
    if not contacts.front_door_phone:
        return []
    label = contacts.front_door_name or "Children's services"
    if contacts.front_door_hours:
        label = f"{label} ({contacts.front_door_hours})"
    return [Way(label, phone=contacts.front_door_phone)]


def _out_of_hours(contacts):
    if not contacts.out_of_hours_phone:
        return []
    return [
        Way("Out of hours: evenings, weekends and bank holidays", phone=contacts.out_of_hours_phone)
    ]


NOT_LISTED = (
    "This site does not list a number for this yet. If a child is in danger, call 999; "
    "otherwise contact your local council's children's services."
)


def outcome(step, contacts):
    """What to do at the end of the route, from ``contacts``; None for an unknown step.

    Where the partnership has not filled in a contact the answer needs, it
    says so and offers the nearest contact it has: never an empty page.
    """
    front_door = _front_door(contacts)
    out_of_hours = _out_of_hours(contacts)
    if step == "emergency":
        return Outcome(
            "Call 999 now",
            "If a child is in danger right now, call the police on 999. Tell them where the "
            "child is and what is happening.",
            back=START,
            ways=[Way("Police and ambulance, in an emergency", phone="999")],
            also=front_door + out_of_hours,
        )
    if step == "lado":
        ways = []
        if contacts.lado_form_url:
            ways.append(
                Way(
                    "The LADO's online form",
                    url=contacts.lado_form_url,
                    url_text="Tell the LADO about your worry online",
                )
            )
        if contacts.lado_phone:
            ways.append(Way("The LADO by phone", phone=contacts.lado_phone))
        if contacts.lado_email:
            ways.append(Way("The LADO by email", email=contacts.lado_email))
        return Outcome(
            "Contact the LADO",
            "A worry about an adult who works with children, paid or as a volunteer, goes "
            "to the Local Authority Designated Officer (LADO). The LADO makes sure it is "
            "looked into properly.",
            back="who",
            ways=ways,
            missing=""
            if ways
            else "This site does not list the LADO's details yet. Call children's services, "
            "who will pass your worry on.",
            also=[] if ways else front_door + out_of_hours,
        )
    if step == "adult":
        ways = []
        label = contacts.adults_name or "Adult social care"
        if contacts.adults_phone:
            ways.append(Way(label, phone=contacts.adults_phone))
        if contacts.adults_url:
            ways.append(
                Way(
                    label,
                    url=contacts.adults_url,
                    url_text="How to report a worry about an adult",
                )
            )
        return Outcome(
            "Contact adult social care",
            "If you are worried that an adult is being harmed or neglected, the Safeguarding "
            "Adults Board's partners can help. If they are in danger now, call 999.",
            back="who",
            ways=ways,
            missing=""
            if ways
            else "This site does not list who to contact about an adult yet. Contact your "
            "local council's adult social care; if the adult is in danger now, call 999.",
        )
    if step == "referral":
        ways = []
        if contacts.referral_form_url:
            ways.append(
                Way(
                    "The online referral form",
                    url=contacts.referral_form_url,
                    url_text="Make a referral online",
                )
            )
        ways += front_door
        return Outcome(
            "Make a referral",
            "Professionals refer to the front door, where social workers, police and health "
            "staff decide together what happens next. If you are unsure, call them for advice "
            "first.",
            back="are-you-a-professional",
            ways=ways,
            missing="" if ways else NOT_LISTED,
            also=out_of_hours,
        )
    if step == "children-services":
        return Outcome(
            "Call children's services",
            "Tell them who the child is, where they are and why you are worried. You can ask "
            "for advice even if you are not sure.",
            back="when",
            ways=front_door,
            missing="" if front_door else NOT_LISTED,
            also=out_of_hours,
        )
    if step == "out-of-hours":
        return Outcome(
            "Call the out-of-hours team",
            "Out of hours, an emergency social work team answers. Tell them who the child is, "
            "where they are and why you are worried.",
            back="when",
            ways=out_of_hours,
            missing=""
            if out_of_hours
            else "This site does not list an out-of-hours number yet. If a child is in "
            "danger, call 999; otherwise call children's services when they open.",
            also=front_door,
        )
    return None

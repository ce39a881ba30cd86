"""The public forms: the listing's filters, booking, a manager's decision and
the evaluation. Each says which field is wrong and why, and keeps what was typed."""

from django import forms

from governance.models import Agency

from .models.records import AttendeeRole, Audience, Booking, Evaluation, Level, Mode

OTHER_AGENCY = "other"


def _without_nul(data):
    """A NUL byte is noise to drop (the database refuses it), not an error to show."""
    data = data.copy()
    for name in data:
        data.setlist(name, [value.replace("\x00", "") for value in data.getlist(name)])
    return data


class Described:
    """Each field's input names its hint and error (``aria-describedby``) and
    says when it is wrong (``aria-invalid``), for screen readers."""

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            ids = []
            if field.help_text:
                ids.append(f"{self[name].auto_id}-hint")
            if name in self.errors:
                ids.append(f"{self[name].auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["aria-describedby"] = " ".join(ids)


class TrainingFilterForm(Described, forms.Form):
    """``?level=&audience=&topic=&mode=&from=&places=`` on the training listing."""

    level = forms.ChoiceField(
        label="Level", required=False, choices=[("", "Any level"), *Level.choices]
    )
    audience = forms.ChoiceField(
        label="Who it is for", required=False, choices=[("", "Anyone"), *Audience.choices]
    )
    topic = forms.ChoiceField(label="Topic", required=False)
    mode = forms.ChoiceField(
        label="In person or online", required=False, choices=[("", "Either"), *Mode.choices]
    )
    starting = forms.DateField(
        label="Starting on or after",
        required=False,
        help_text="For example, 27 3 2027 or 2027-03-27.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d %m %Y", "%d-%m-%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    places = forms.BooleanField(label="Only sessions with places left", required=False)

    def __init__(self, data, topics):
        super().__init__(_without_nul(data))
        self.fields["topic"].choices = [("", "Any topic"), *topics]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = (
                "“%(value)s” is not one we know. Choose one from the list, or clear this filter."
            )
        self.fields["starting"].error_messages["invalid"] = (
            "Enter a date such as 2027-03-27, or clear this filter."
        )

    def full_clean(self):
        super().full_clean()
        for name in self.fields:
            if len(self.data.getlist(name)) > 1 and name not in self.errors:
                self.add_error(name, "Choose one at a time.")


class BookingForm(Described, forms.ModelForm):
    """A practitioner's booking. The agency is one of the partnership's, or "other"."""

    agency_choice = forms.ChoiceField(label="Your agency or organisation")

    class Meta:
        model = Booking
        fields = ["name", "email", "role", "other_agency", "access_needs", "manager_email"]
        labels = {
            "name": "Your full name",
            "email": "Your work email address",
            "role": "Your role",
            "other_agency": "If your organisation is not listed, its name",
            "access_needs": "Anything we should know so you can take part (optional)",
            "manager_email": "Your manager's work email address",
        }
        help_texts = {
            "name": "As it should appear on your certificate.",
            "email": "We send your booking, joining details and certificate here.",
            "access_needs": "For example a hearing loop, step-free access, or materials in "
            "large print. Only the training team sees this.",
            "manager_email": "We ask your manager to approve your place before it is confirmed.",
        }

    field_order = [
        "name",
        "email",
        "agency_choice",
        "other_agency",
        "role",
        "access_needs",
        "manager_email",
    ]

    def __init__(self, data=None, *, partnership, needs_manager):
        super().__init__(_without_nul(data) if data is not None else None)
        self.partnership = partnership
        agencies = Agency.objects.filter(partnership=partnership).order_by("name")
        self.fields["agency_choice"].choices = [
            ("", "Choose your agency"),
            *((str(a.pk), a.name) for a in agencies),
            (OTHER_AGENCY, "Another organisation (not listed)"),
        ]
        self.fields["role"].choices = [("", "Choose your role"), *AttendeeRole.choices]
        self.fields["name"].error_messages["required"] = "Enter your full name."
        self.fields["email"].error_messages["required"] = "Enter your work email address."
        self.fields["email"].error_messages["invalid"] = (
            "Enter an email address like name@agency.gov.uk."
        )
        self.fields["role"].error_messages["required"] = "Choose your role."
        self.fields["agency_choice"].error_messages["required"] = (
            "Choose your agency, or “Another organisation” and type its name."
        )
        if needs_manager:
            self.fields["manager_email"].required = True
            self.fields["manager_email"].error_messages["required"] = (
                "This course needs your manager's approval: enter their work email address."
            )
        else:
            del self.fields["manager_email"]

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("agency_choice")
        if choice == OTHER_AGENCY:
            if not cleaned.get("other_agency"):
                self.add_error("other_agency", "Type the name of your organisation.")
            self.instance.agency = None
        elif choice:
            agency = Agency.objects.filter(partnership=self.partnership, pk=choice).first()
            if agency is None:  # a hand-made choice; ChoiceField has refused most already
                self.add_error("agency_choice", "Choose your agency from the list.")
            else:
                self.instance.agency = agency
                cleaned["other_agency"] = ""
        email, manager = cleaned.get("email"), cleaned.get("manager_email")
        if email and manager and email.lower() == manager.lower():
            self.add_error("manager_email", "Enter your manager's address, not your own.")
        return cleaned


class ManagerDecisionForm(Described, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve this place"), ("decline", "Do not approve")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you approve the place."},
    )


class EvaluationForm(Described, forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["confidence_before", "confidence_after", "comments"]
        labels = {
            "confidence_before": "Before the session, how confident were you in this area?",
            "confidence_after": "After the session, how confident are you?",
            "comments": "What will you do differently, and how could the session be better? "
            "(optional)",
        }
        help_texts = {
            "confidence_before": "1 means not at all confident, 5 very confident.",
            "confidence_after": "1 means not at all confident, 5 very confident.",
            "comments": "Do not name children or families.",
        }
        widgets = {
            "confidence_before": forms.RadioSelect,
            "confidence_after": forms.RadioSelect,
        }

    def __init__(self, data=None, **kwargs):
        super().__init__(_without_nul(data) if data is not None else None, **kwargs)
        for name in ("confidence_before", "confidence_after"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]
            field.error_messages["required"] = "Choose a number from 1 to 5."
            field.error_messages["invalid_choice"] = "Choose a number from 1 to 5."

"""Forms: the plan editor's cross-checks, the project list of a plan's rows and
the accessible-format request."""

from django import forms
from django.core.exceptions import ValidationError

from governance.models import Body
from site_core.boundary import PartnershipPageForm
from site_core.models import Partnership

from .models.documents import AccessibleFormatRequest


def _rows(formset):
    """The cleaned rows of an inline formset that are kept (not deleted)."""
    if formset is None or not formset.is_valid():
        return []
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


BODY_FIELDS = ("published_by", "adopted_by", "approved_by")
BODY_FORMSETS = {"presentations": "body", "parties": "body"}


def _restricted(form_class, field_name, queryset):
    """A subclass of an inline form whose ``field_name`` offers only ``queryset``
    (used for the formset's blank template row)."""

    class Restricted(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if field_name in self.fields:
                self.fields[field_name].queryset = queryset

    Restricted.__name__ = form_class.__name__
    return Restricted


class PublicationPageForm(PartnershipPageForm):
    """Offers only the bodies of the partnership whose site the page is on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        anchor = self.parent_page if self.instance.pk is None else self.instance
        site = anchor.get_site() if anchor is not None else None
        if site is None:
            return
        partnership = Partnership.for_site(site)
        bodies = Body.objects.filter(partnership=partnership)
        for name in BODY_FIELDS:
            if name in self.fields:
                self.fields[name].queryset = bodies
        for formset_name, field_name in BODY_FORMSETS.items():
            formset = self.formsets.get(formset_name)
            if formset is None:
                continue
            for form in formset.forms:
                if field_name in form.fields:
                    form.fields[field_name].queryset = bodies
            formset.form = _restricted(formset.form, field_name, bodies)


class ProjectSelect(forms.Select):
    """The plan's projects (or outcomes) to choose from; a value that is not one
    of them stays selected and says so, rather than being silently replaced."""

    def optgroups(self, name, value, attrs=None):
        known = {str(choice) for choice, _ in self.choices}
        extra = [(v, f"{v} (not one of this plan's)") for v in value if v and v not in known]
        if extra:
            self.choices = [*self.choices, *extra]
        return super().optgroups(name, value, attrs)


class PlanPageForm(PublicationPageForm):
    """Checks that the plan's projects and indicators (edited outside this form,
    publications.plan_rows) still point at themes and outcomes the form keeps."""

    def clean(self):
        cleaned = super().clean()
        formsets = getattr(self, "formsets", {})
        if not self.instance.pk:
            return cleaned  # a new plan has no rows yet
        # (formset, its number field, the rows that refer to it, their field, what to say)
        references = [
            (
                "outcomes",
                self.instance.indicators,
                "outcome_number",
                "Indicators refer to outcome {}, which is not listed under "
                "'Strategic outcomes'. Keep that outcome, or first change those indicators "
                "(under 'Projects, indicators and activities').",
            ),
            (
                "themes",
                self.instance.projects,
                "theme_number",
                "Projects refer to theme {}, which is not listed under "
                "'Business plan themes'. Keep that theme, or first change those projects "
                "(under 'Projects, indicators and activities').",
            ),
        ]
        problems = []
        for formset, rows, field, message in references:
            if formset not in formsets:
                continue
            known = {row.get("number") for row in _rows(formsets[formset])}
            used = set(rows.values_list(field, flat=True))
            bad = sorted(str(number) for number in used - known)
            if bad:
                problems.append(message.format(", ".join(bad)))
        if problems:
            raise ValidationError(problems)
        return cleaned


class AccessibleFormatRequestForm(forms.Form):
    name = forms.CharField(max_length=100, label="Your name")
    email = forms.EmailField(
        label="Your email address",
        help_text="We send the document here and use it for nothing else.",
    )
    format = forms.ChoiceField(
        label="Format you need",
        choices=AccessibleFormatRequest.Format.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label="Anything else we should know (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self._describe_fields()

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self):
        """Point each input at its hint and its error, by the ids the template
        gives them (``<id>-hint``, ``<id>-error``), so screen readers announce
        both. Radio buttons are described by their fieldset instead."""
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect):
                continue
            auto_id = self[name].auto_id
            ids = []
            if field.help_text:
                ids.append(f"{auto_id}-hint")
            if name in errors:
                ids.append(f"{auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

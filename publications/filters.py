"""Filtering the publication listings: one Django form for the query string.

Every value comes from the reader's address bar, so each is checked: an
unknown or malformed value is a 400 with a message that says what to do,
never a 500 and never a silently ignored filter. The form keeps its options
and the reader's valid choices on a 400, so the page can still show them.
"""

from dataclasses import dataclass, field

from django import forms

SORTS = {
    "newest": ("Newest first", ["-publication_date", "title"]),
    "oldest": ("Oldest first", ["publication_date", "title"]),
    "title": ("Title A to Z", ["title", "-publication_date"]),
}
QUERY_MAX_LENGTH = 200
FIELD_LABELS = {"type": "type", "body": "publisher", "topic": "topic", "sort": "sort order"}


@dataclass
class Listing:
    """What a listing page shows: the filters, their options, results or an error."""

    filters: dict = field(default_factory=dict)
    query: str = ""
    sort: str = "newest"
    error: str = ""
    # The filter the error is about ("year"), so the form marks that field.
    error_field: str = ""
    results: object = None
    options: dict = field(default_factory=dict)

    @property
    def active(self):
        return bool(self.query or any(self.filters.values()))


def filter_options(listed, *, types, bodies, topics, years=None):
    """What each filter offers: only values some publication has (``years``,
    newest first, when the caller has read them already; otherwise from
    ``listed()``, the listing's publications)."""
    if years is None:
        # Distinct years in the database: never every publication's date in Python.
        years = [
            d.year for d in listed().order_by().dates("publication_date", "year", order="DESC")
        ]
    return {
        "types": types,
        "years": years,
        "bodies": bodies,
        "topics": topics,
    }


class ListingFilterForm(forms.Form):
    """``?q=&type=&year=&body=&topic=&sort=``, checked against what the listing offers.

    ``options`` is a listing's ``filter_options`` (types, bodies and topics as
    (slug, label) pairs, years as numbers); ``bodies`` of None means the
    listing has no publisher filter.
    """

    q = forms.CharField(required=False, strip=True)
    type = forms.CharField(required=False, strip=True)
    year = forms.CharField(required=False, strip=True)
    body = forms.CharField(required=False, strip=True)
    topic = forms.CharField(required=False, strip=True)
    sort = forms.CharField(required=False, strip=True)

    def __init__(self, data, options, *, sort_default="newest"):
        # A NUL byte is noise to drop, not an error to show ("Null characters
        # are not allowed" would mean nothing to a reader).
        data = data.copy()
        for name in data:
            data.setlist(name, [value.replace("\x00", "") for value in data.getlist(name)])
        super().__init__(data)
        self.options = options
        self.sort_default = sort_default
        if options.get("bodies") is None:
            del self.fields["body"]

    def full_clean(self):
        super().full_clean()
        # A value given twice (?year=2022&year=2023) is ambiguous: say so.
        for name in self.fields:
            if name != "q" and len(self.data.getlist(name)) > 1:
                self.add_error(name, f"Choose one {name} at a time.")

    def _choice(self, name, allowed):
        value = self.cleaned_data.get(name, "")[:100]
        if value and value not in allowed:
            label = FIELD_LABELS[name]
            raise forms.ValidationError(
                f"“{value[:40]}” is not a {label} we know. Choose one from the list, or clear "
                f"the {label} filter."
            )
        return value

    def clean_q(self):
        return self.cleaned_data["q"][:QUERY_MAX_LENGTH]

    def clean_type(self):
        return self._choice("type", {key for key, _label in self.options["types"]})

    def clean_year(self):
        value = self.cleaned_data["year"][:20]
        if not value:
            return ""
        # isdecimal() alone accepts other scripts' digits; int() then refuses
        # some of them, such as superscripts ("²⁰²³").
        if not (value.isascii() and value.isdecimal() and len(value) == 4):
            raise forms.ValidationError(f"“{value}” is not a year. Use four digits, such as 2023.")
        if int(value) not in self.options["years"]:
            raise forms.ValidationError(
                f"Nothing was published in {value}. Choose a year from the list, or clear the "
                "year filter."
            )
        return value

    def clean_body(self):
        return self._choice("body", {slug for slug, _name in self.options["bodies"]})

    def clean_topic(self):
        return self._choice("topic", {slug for slug, _name in self.options["topics"]})

    def clean_sort(self):
        return self._choice("sort", SORTS) or self.sort_default

    def listing(self):
        """The ``Listing`` for the template: valid choices kept, the first error told."""
        valid = self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        filters = {name: cleaned.get(name, "") for name in ("type", "year", "body", "topic")}
        if "body" not in self.fields:
            filters.pop("body")
        return Listing(
            filters=filters,
            query=cleaned.get("q", ""),
            sort=cleaned.get("sort") or self.sort_default,
            error="" if valid else next(iter(self.errors.values()))[0],
            error_field="" if valid else next(iter(self.errors)),
            options={
                **self.options,
                "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
            },
        )


def apply_filters(listing, base, *, by_type):
    """``base`` narrowed by the listing's filters and sorted; ``by_type(queryset, key)``
    narrows by the listing's own notion of type."""
    queryset = base
    filters = listing.filters
    if filters.get("type"):
        queryset = by_type(queryset, filters["type"])
    if filters.get("year"):
        queryset = queryset.filter(publication_date__year=int(filters["year"]))
    if filters.get("body"):
        queryset = queryset.filter(published_by__slug=filters["body"])
    if filters.get("topic"):
        queryset = queryset.filter(topics__slug=filters["topic"])
    if filters.get("body") or filters.get("topic"):
        # Only these joins can repeat a row; DISTINCT elsewhere slows every count.
        queryset = queryset.distinct()
    return queryset.order_by(*SORTS[listing.sort][1])

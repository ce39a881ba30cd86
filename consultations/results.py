"""A consultation's results for its staff: counts per question, per version,
with small numbers suppressed as the evidence does (a count above nought and
below ``SMALL_NUMBER_THRESHOLD`` is "fewer than 5": in a small group, a few
answers can point at a child).

Where a question takes one answer and its total is shown, one hidden count
could be worked out from the total and the others, so the next smallest
count is hidden with it.

Charts are horizontal bars drawn on the server (no JavaScript); the same
numbers are in the table beside each, and a hidden count has no bar.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from evidence.models import small_number_threshold

from .blocks import PREFER_NOT_TO_SAY, question_text
from .models import Answer

BAR_WIDTH, ROW_HEIGHT = 320, 28


@dataclass
class Row:
    label: str
    count: int
    hidden: bool = False
    percent: str = ""
    bar: float = 0  # the bar's length, out of BAR_WIDTH
    y: int = 0

    @property
    def shown(self):
        if self.hidden:
            return f"fewer than {small_number_threshold()}"
        return f"{self.count:,}"


@dataclass
class QuestionResult:
    id: str
    question: str
    kind: str
    answered: int
    rows: list = field(default_factory=list)

    @property
    def chart_height(self):
        return len(self.rows) * ROW_HEIGHT

    @property
    def has_hidden(self):
        return any(row.hidden for row in self.rows)


@dataclass
class VersionResult:
    label: str
    slug: str
    responses: int
    questions: list


def hidden_rows(counts, threshold, total_shown):
    """Indexes of ``counts`` to hide: small ones, and with a shown total a
    second when only one would be hidden."""
    hidden = {i for i, n in enumerate(counts) if 0 < n < threshold}
    if total_shown and len(hidden) == 1:
        others = sorted((n, i) for i, n in enumerate(counts) if i not in hidden and n > 0)
        if others:
            hidden.add(others[0][1])
    return hidden


def _options(child):
    value = child.value
    if child.block_type == "scale":
        points = value["points"]
        labels = {1: f"1: {value['low_label']}", points: f"{points}: {value['high_label']}"}
        return [(str(p), labels.get(p, str(p))) for p in range(1, points + 1)]
    options = [(option, option) for option in value["options"]]
    if child.block_type == "about_you":
        options.append((PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY))
    return options


def _question_result(child, counts, answered):
    threshold = small_number_threshold()
    kind = child.block_type
    result = QuestionResult(child.id, question_text(child), kind, answered)
    if kind in ("free_text", "contact_detail"):
        return result
    options = _options(child)
    numbers = [counts.get(value, 0) for value, _label in options]
    several = kind == "choice" and child.value["allow_several"]
    hidden = hidden_rows(numbers, threshold, total_shown=not several)
    top = max([n for i, n in enumerate(numbers) if i not in hidden] + [1])
    for i, ((_value, label), number) in enumerate(zip(options, numbers, strict=True)):
        row = Row(label, number, hidden=i in hidden, y=i * ROW_HEIGHT)
        if not row.hidden:
            row.bar = round(BAR_WIDTH * number / top, 1)
            if answered:
                row.percent = f"{round(100 * number / answered)}%"
        result.rows.append(row)
    return result


def results(page):
    """A VersionResult for each version of ``page`` that has questions."""
    answers = Answer.objects.filter(response__consultation=page).values_list(
        "response__audience", "question_id", "value", "response_id"
    )
    counts = defaultdict(Counter)  # (audience, question id) -> value -> answers
    respondents = defaultdict(set)  # (audience, question id) -> responses that answered
    for audience, question_id, value, response_id in answers:
        counts[audience, question_id][value] += 1
        respondents[audience, question_id].add(response_id)
    totals = Counter(page.responses.values_list("audience", flat=True))
    found = []
    for version in page.versions:
        questions = [
            _question_result(
                child,
                counts[version.slug, child.id],
                len(respondents[version.slug, child.id]),
            )
            for child in version.questions
        ]
        found.append(VersionResult(version.label, version.slug, totals[version.slug], questions))
    return found

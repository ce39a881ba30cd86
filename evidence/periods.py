"""Reporting periods as partnerships write them: a financial year ("2023-24",
1 April to 31 March) or one of its quarters ("2023-24 Q2", July to September).

A label is the stable key of a value: the import, the open data and the
charts all use it, so one spelling is kept ("2023/24" is read as "2023-24").
"""

import re
from dataclasses import dataclass
from datetime import date

_LABEL = re.compile(
    r"^\s*([0-9]{4})\s*[-/]\s*([0-9]{2}|[0-9]{4})(?:\s+Q([1-4]))?\s*$", re.IGNORECASE | re.ASCII
)

# Quarters of a financial year: (first month, last month, year offset).
_QUARTERS = {1: (4, 6, 0), 2: (7, 9, 0), 3: (10, 12, 0), 4: (1, 3, 1)}
_LAST_DAY = {3: 31, 6: 30, 9: 30, 12: 31}


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    start_year: int
    quarter: int | None = None

    @property
    def label(self):
        year = f"{self.start_year}-{str(self.start_year + 1)[-2:]}"
        return f"{year} Q{self.quarter}" if self.quarter else year

    @property
    def start(self):
        if not self.quarter:
            return date(self.start_year, 4, 1)
        first, _last, offset = _QUARTERS[self.quarter]
        return date(self.start_year + offset, first, 1)

    @property
    def end(self):
        if not self.quarter:
            return date(self.start_year + 1, 3, 31)
        _first, last, offset = _QUARTERS[self.quarter]
        return date(self.start_year + offset, last, _LAST_DAY[last])

    def year_before(self):
        return Period(self.start_year - 1, self.quarter)


def parse_period(text):
    """The Period a label names; PeriodError says what a good one looks like."""
    match = _LABEL.match(str(text or ""))
    hint = "Write a financial year such as 2023-24, or a quarter such as 2023-24 Q2."
    if not match:
        raise PeriodError(f"“{str(text or '')[:40]}” is not a period. {hint}")
    first, second, quarter = int(match[1]), match[2], match[3]
    following = int(second) if len(second) == 4 else (first + 1) % 100
    if (len(second) == 4 and following != first + 1) or (
        len(second) == 2 and int(second) != (first + 1) % 100
    ):
        raise PeriodError(f"“{text}”: the second year must follow the first. {hint}")
    if not 1990 <= first <= 2100:
        raise PeriodError(f"“{text}”: the year is out of range. {hint}")
    return Period(first, int(quarter) if quarter else None)

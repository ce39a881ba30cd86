"""Pagination that answers bad page numbers clearly instead of with a 500."""

from dataclasses import dataclass

from django.core.paginator import Paginator


class BadPageNumber(ValueError):
    """Raised with a message a reader can act on."""


@dataclass
class PageResult:
    page: object
    paginator: Paginator

    @property
    def items(self):
        return self.page.object_list

    @property
    def page_numbers(self):
        """The first, the last and two either side of this one, with gaps as None.

        Never every page number: at 5,000 publications there are 500 pages.
        """
        numbers = self.paginator.get_elided_page_range(self.page.number, on_each_side=2, on_ends=1)
        return [None if n == self.paginator.ELLIPSIS else n for n in numbers]


def paginate(items, raw_page, per_page=20, count=None):
    """Return the requested page of ``items``.

    ``raw_page`` is the untrusted query-string value. A value that is not a
    whole number of at least 1, or that is past the last page, raises
    ``BadPageNumber`` with a message for the reader. ``count``, when known,
    spares counting ``items``.
    """
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # known already (a cached_property): no COUNT query
    if raw_page in (None, ""):
        number = 1
    elif isinstance(raw_page, int):
        number = raw_page
    else:
        try:
            number = int(raw_page)
        except (TypeError, ValueError):
            raise BadPageNumber(
                f"'{raw_page[:20]}' is not a page number. Use a whole number such as 2."
            ) from None
    if number < 1:
        raise BadPageNumber("Page numbers start at 1.")
    if number > paginator.num_pages:
        raise BadPageNumber(
            f"There is no page {number}: the results fit on {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}."
        )
    return PageResult(page=paginator.page(number), paginator=paginator)

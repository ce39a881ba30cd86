"""The site's search backend (settings WAGTAILSEARCH_BACKENDS): Wagtail's
database backend, which follows the default database, with two repairs.

Indexing never fails a save. Wagtail's document and image forms index the new
object in the request, and the save's signal also queues the same update for
the worker; on SQLite both can find no index row and both insert one, and the
second's IntegrityError was a 500 for an upload already made (a retry made a
duplicate). Here each index write is its own atomic block: with the SQLite
``transaction_mode`` IMMEDIATE (settings) it holds the write lock from its
first read, so the two writes take turns; and one that fails anyway is rolled
back to its savepoint and logged, since the queued update indexes the object.

SQLite's search text is words. modelsearch puts each word of plain search text
between double quotes for FTS5 without doubling a quote inside it, so a ``"``
typed where a listing passes its text as it is (the page explorer) was an FTS5
syntax error. Phrases Wagtail has parsed (``parse_query_string``, the admin's
search page) are not plain text and pass untouched.
"""

import functools
import logging

from django.db import DatabaseError, transaction
from modelsearch.backends.database import SearchBackend as database_backend

logger = logging.getLogger(__name__)


class IndexingNeverFailsASave:
    def add(self, obj):
        try:
            with transaction.atomic():
                super().add(obj)
        except DatabaseError:
            logger.exception("Could not index %r for search; the queued update will", obj)


class PlainTextIsWords:
    def search(self, query, *args, **kwargs):
        return super().search(_words(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(_words(query), *args, **kwargs)


def _words(query):
    return query.replace('"', " ") if isinstance(query, str) else query


@functools.cache
def repaired(chosen):
    """``chosen``, the backend class modelsearch picked for the default database,
    with the repairs above. Each backend's module is imported by modelsearch
    only on its own database (the SQLite one needs SQLite's index table), so
    the class is known only here."""
    repairs = [IndexingNeverFailsASave]
    if chosen.__name__ == "SQLiteSearchBackend":
        repairs.append(PlainTextIsWords)
    return type(chosen.__name__, (*repairs, chosen), {"__module__": __name__})


# The name modelsearch looks for in a backend module.
def SearchBackend(params):
    return repaired(type(database_backend(params)))(params)

"""The site's search backend: Wagtail's database backend (settings
WAGTAILSEARCH_BACKENDS), which follows the default database, with one repair
for SQLite.

modelsearch's SQLite backend puts each word of plain search text between
double quotes for FTS5 without doubling a quote inside it, so any ``"`` an
editor types where a listing passes its text as it is (the page explorer's
search) is an FTS5 syntax error, a 500. Plain text is words there, so its
double quotes are dropped; phrases Wagtail has already parsed
(``parse_query_string``, the admin's search page) are not plain text and pass
untouched. PostgreSQL's backend quotes for itself and is used as it is.
"""

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend


def _words(query):
    return query.replace('"', " ") if isinstance(query, str) else query


class QuoteSafeSQLiteSearchBackend(SQLiteSearchBackend):
    def search(self, query, *args, **kwargs):
        return super().search(_words(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(_words(query), *args, **kwargs)


# The name modelsearch looks for in a backend module.
def SearchBackend(params):
    backend = database_backend(params)
    if isinstance(backend, SQLiteSearchBackend):
        return QuoteSafeSQLiteSearchBackend(params)
    return backend

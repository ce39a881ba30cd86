"""Readers' search text, made safe for either database's full-text search.

PostgreSQL refuses a string with a NUL byte (psycopg2 raises ValueError);
SQLite's FTS5 reads quotes, ``<``, ``>``, ``:`` and ``*`` as query syntax and
raises on an unbalanced one. Readers mean words, so the text is reduced to
words: Unicode-normalised (full-width letters and digits become ordinary
ones), with everything that is not a letter, a digit or a space turned into a
space, and cut to a length no reader needs to pass.
"""

import re
import unicodedata

MAX_LENGTH = 200
_NOT_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(text):
    """The words of ``text``, safe to hand to either search backend ("" if none)."""
    text = unicodedata.normalize("NFKC", str(text or ""))[: MAX_LENGTH * 2]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _NOT_WORD.sub(" ", text)
    return _SPACE.sub(" ", text).strip()[:MAX_LENGTH].strip()

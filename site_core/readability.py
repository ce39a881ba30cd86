"""A reading-age estimate for plain-words pages (young people's pages, easy-read
versions, children's consultations), shown to editors beside what they write.

The Flesch-Kincaid grade level, turned into a UK reading age by adding five
(a US grade 1 reader is about six). It is a guide for the editor, never a gate:
short sentences and short words lower it, and that is what plain words need.
Syllables are counted by vowel groups, which is close enough for English prose
and needs no dictionary.
"""

import re

from django.utils.html import strip_tags

# Who the plain-words versions are written for: about the age of a reader in
# the last years of primary school.
PLAIN_WORDS_READING_AGE = 11

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word):
    word = word.lower()
    count = len(_VOWEL_GROUP.findall(word))
    # A silent final "e" ("make", "place") is not a syllable; "-le" after a
    # consonant ("table") is.
    if word.endswith("e") and not word.endswith("le") and count > 1:
        count -= 1
    return max(count, 1)


def reading_age(text):
    """The estimated reading age of `text` (HTML or plain), in whole years;
    None when there is too little text to say (fewer than ten words)."""
    plain = strip_tags(text or "")
    words = _WORD.findall(plain)
    if len(words) < 10:
        return None
    sentences = max(len([s for s in _SENTENCE_END.split(plain) if _WORD.search(s)]), 1)
    grade = 0.39 * len(words) / sentences + 11.8 * sum(map(syllables, words)) / len(words) - 15.59
    return max(round(grade + 5), 5)


def is_plain_words(text, reading_age_limit=PLAIN_WORDS_READING_AGE):
    age = reading_age(text)
    return age is None or age <= reading_age_limit

from site_core.readability import is_plain_words, reading_age, syllables


def test_syllables_by_vowel_groups():
    assert syllables("child") == 1
    assert syllables("make") == 1
    assert syllables("table") == 2
    assert syllables("children") == 2


def test_short_plain_sentences_read_younger_than_official_prose():
    plain = (
        "If you are scared, tell someone you trust. You can call Childline. "
        "It is free. They will listen to you. You do not have to say your name."
    )
    official = (
        "Safeguarding partners must publish arrangements specifying the multi-agency "
        "responsibilities and the independent scrutiny of the effectiveness of "
        "arrangements, including the identification and commissioning of reviews."
    )
    assert reading_age(plain) < reading_age(official)
    assert is_plain_words(plain)
    assert not is_plain_words(official)


def test_html_is_read_as_its_words_and_short_text_gets_no_estimate():
    assert reading_age("<p>Too short.</p>") is None
    html = (
        "<p>You can call us. We will help you. <strong>It is free.</strong> "
        "Ask a grown up you trust today.</p>"
    )
    assert reading_age(html) == reading_age(
        "You can call us. We will help you. It is free. Ask a grown up you trust today."
    )

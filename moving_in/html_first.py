"""HTML first: a PDF's text as a draft page body, so the page is more than a download.

Headings come from the PDF's bookmarks (outline) when it has them: a line of
text that matches a bookmark title becomes a heading (level 2 for top-level
bookmarks, 3 below). Without bookmarks, short lines on their own that look
like headings (no full stop, few words, capitalised) become level-2 headings.
Everything else is paragraphs, joined across the PDF's line breaks. The
result is a new draft revision: the editor checks it against the PDF, then
submits it for approval as usual.
"""

import io
import re

from django.utils.html import escape

MAX_PAGES = 300


def _outline_titles(reader):
    """{normalised title: level} from the PDF's bookmarks."""
    found = {}

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                title = " ".join(str(getattr(item, "title", "") or "").split())
                if title:
                    found.setdefault(title.lower(), min(level, 3))

    try:
        walk(reader.outline, 2)
    except Exception:  # a damaged outline is no outline
        return {}
    return found


def _looks_like_heading(line):
    words = line.split()
    return (
        0 < len(words) <= 10
        and len(line) <= 90
        and not line.endswith((".", ",", ";", ":"))
        and line[:1].isupper()
        and not re.fullmatch(r"[\d\s./-]+", line)
        and not re.match(r"^(page )?\d+( of \d+)?$", line, re.IGNORECASE)
    )


def blocks_from_pdf(data, title=""):
    """StreamField data for BodyBlock: [{"type": "heading"|"paragraph", "value": ...}]."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    headings = _outline_titles(reader)
    blocks, paragraph = [], []

    def flush():
        if paragraph:
            text = " ".join(paragraph)
            blocks.append({"type": "paragraph", "value": f"<p>{escape(text)}</p>"})
            paragraph.clear()

    seen_headings = set()
    for page in reader.pages[:MAX_PAGES]:
        try:
            text = page.extract_text() or ""
        except Exception:
            text = ""
        for raw in text.splitlines():
            line = " ".join(raw.split())
            if not line:
                flush()
                continue
            key = line.lower()
            if key == title.lower().strip():
                flush()
                continue  # the page's own title is its h1
            level = headings.get(key)
            if level is None and not headings and _looks_like_heading(line):
                level = 2
            if level is not None and key not in seen_headings:
                seen_headings.add(key)
                flush()
                blocks.append(
                    {"type": "heading", "value": {"text": line[:120], "level": f"h{level}"}}
                )
                continue
            paragraph.append(line)
    flush()
    return blocks


def draft_body_from_document(page, document, user=None):
    """Put the document's text into a new draft revision of ``page``; returns the block count."""
    with document.open_file() as handle:
        data = handle.read()
    blocks = blocks_from_pdf(data, title=page.title)
    if not blocks:
        return 0
    draft = page.get_latest_revision_as_object()
    draft.body = blocks
    draft.save_revision(user=user, log_action=True)
    return len(blocks)

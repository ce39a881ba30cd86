"""Help for editors: catch vague link text and file-name titles as they work.

Three places:

* the document form refuses a title that is only a file name
  ("AR_2023_final", "annual-report-final.pdf"), saying what to write instead;
* after a page is saved, a warning lists links on it whose text does not say
  where they go ("click here", "read more") and linked documents whose
  title is a file name;
* Wagtail's accessibility checker (userbar and the editor's "Checks" panel)
  runs extra axe-core rules for images, lists and tables.

Images in page bodies need alt text or an explicit "decorative" tick:
``site_core.blocks.AccessibleImageBlock`` enforces that on save.
"""

import re
from html.parser import HTMLParser

from django import forms
from django.contrib import messages
from django.utils.html import format_html, format_html_join
from wagtail.admin.userbar import ContentCheckerItem
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.documents import get_document_model
from wagtail.documents.forms import BaseDocumentForm
from wagtail.fields import RichTextField, StreamField
from wagtail.rich_text import RichText

# Link text that says nothing about where the link goes, once lower-cased
# and stripped of punctuation.
VAGUE_LINK_TEXT = {
    "click",
    "click here",
    "click this link",
    "download",
    "find out more",
    "here",
    "learn more",
    "link",
    "more",
    "more info",
    "more information",
    "read more",
    "this",
    "this link",
    "this page",
}

FILE_EXTENSION = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|odt|ods|odp|rtf|txt|csv|jpe?g|png|gif|zip)$", re.IGNORECASE
)


def is_vague_link_text(text):
    normalised = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    return normalised in VAGUE_LINK_TEXT


def looks_like_file_name(title):
    """True for titles such as "AR_2023_final", "report.pdf" or "sscp-ar-2023-v2"."""
    title = (title or "").strip()
    if not title:
        return False
    if FILE_EXTENSION.search(title) or "_" in title:
        return True
    # One "word" strung together with hyphens or dots: "sscp-ar-2023-v2".
    return not re.search(r"\s", title) and len(re.findall(r"[-.]", title)) >= 2


def file_name_title_message(title):
    return (
        f"“{title}” looks like a file name. Give the document a title a reader will "
        "understand, such as “Annual report 2022 to 2023”: it is the link text people "
        "see and hear."
    )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form, refusing titles that are only a file name.

    Used through WAGTAILDOCS_DOCUMENT_FORM_BASE. In the multiple uploader a
    refused title keeps the upload pending until the editor types a real
    title, so nothing is lost.
    """

    def clean_title(self):
        title = self.cleaned_data.get("title", "")
        if looks_like_file_name(title):
            raise forms.ValidationError(file_name_title_message(title))
        return title


class _LinkParser(HTMLParser):
    """Collects (text, attributes) for every <a> in a fragment of HTML."""

    def __init__(self):
        super().__init__()
        self.links = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._open = (dict(attrs), [])

    def handle_data(self, data):
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open is not None:
            attrs, text = self._open
            self.links.append((" ".join("".join(text).split()), attrs))
            self._open = None


def links_in_html(html):
    parser = _LinkParser()
    parser.feed(html or "")
    parser.close()
    return parser.links


def _walk(value):
    """Yield the rich-text HTML and documents inside a field value, however nested."""
    Document = get_document_model()
    if isinstance(value, RichText):
        yield "html", value.source
    elif isinstance(value, str):
        yield "html", value
    elif isinstance(value, Document):
        yield "document", value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from _walk(child.value)
    elif isinstance(value, (StructValue, dict)):
        # A document link with its own link text does not show the document's title.
        overridden = isinstance(value.get("document"), Document) and value.get("title")
        for key, child in value.items():
            if not (overridden and key == "document"):
                yield from _walk(child)
    elif isinstance(value, (ListValue, list, tuple)):
        for child in value:
            yield from _walk(child)


def page_problems(page):
    """Plain-English problems with the links on ``page``, for a warning after saving."""
    Document = get_document_model()
    vague, documents, document_ids = [], {}, set()
    for field in page._meta.get_fields():
        if not isinstance(field, (StreamField, RichTextField)):
            continue
        for kind, item in _walk(getattr(page, field.name)):
            if kind == "document":
                documents[item.pk] = item
                continue
            for text, attrs in links_in_html(item):
                if is_vague_link_text(text):
                    vague.append(text)
                elif attrs.get("linktype") == "document" and attrs.get("id", "").isdigit():
                    document_ids.add(int(attrs["id"]))
    documents.update(Document.objects.in_bulk(document_ids - set(documents)))

    problems = [
        f"The link text “{text}” does not say where the link goes. Screen reader users "
        "often hear links on their own: use words such as “Read the annual report”."
        for text in dict.fromkeys(vague)
    ]
    problems += [
        file_name_title_message(document.title)
        + " Edit the document's title, or give this link its own text."
        for document in documents.values()
        if looks_like_file_name(document.title)
    ]
    return problems


def warn_about_page(request, page):
    problems = page_problems(page.specific)
    if problems:
        messages.warning(
            request,
            format_html(
                "Saved, but check the links on this page:<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
            ),
        )


class SiteContentChecker(ContentCheckerItem):
    """Wagtail's accessibility checker with more of axe-core's rules turned on."""

    axe_run_only = [
        *ContentCheckerItem.axe_run_only,
        "image-alt",
        "role-img-alt",
        "svg-img-alt",
        "list",
        "listitem",
        "th-has-data-cells",
        "td-headers-attr",
        "duplicate-id-aria",
    ]
    # Also flag alt text that is a file name or only says "image".
    axe_custom_checks = [
        {
            "id": "check-image-alt-text",
            "options": {
                "pattern": r"\.(avif|gif|jpg|jpeg|png|svg|webp)$|_|"
                r"^\s*(image|picture|photo|photograph|graphic|img|logo)\s*$"
            },
        },
        *(
            check
            for check in ContentCheckerItem.axe_custom_checks
            if check["id"] != "check-image-alt-text"
        ),
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "alt-text-quality": {
            "error_name": "Image alt text is a file name or says only “image”",
            "help_text": "Describe what the image shows, or mark it decorative",
        },
        "image-alt": {
            "error_name": "Image has no alt text",
            "help_text": "Describe what the image shows, or mark it decorative",
        },
    }

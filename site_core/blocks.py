"""StreamField blocks shared by every page type.

App-specific blocks import from here. Every block has an icon, a template
under ``templates/components/``, a description for the block chooser and a
preview value, so editors can see what they are choosing.
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    """A section heading. Level-2 headings build the "On this page" list."""

    text = blocks.CharBlock(max_length=120, help_text="Keep it short and descriptive.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading (H2)"), ("h3", "Sub-heading (H3)")],
        default="h2",
        help_text="Section headings appear in the page's contents list.",
    )

    class Meta:
        icon = "title"
        template = "components/heading_block.html"
        description = "A heading that breaks the page into sections"
        preview_value = {"text": "What we found", "level": "h2"}


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[
            ("info", "Information"),
            ("warning", "Important"),
            ("help", "Where to get help"),
        ],
        default="info",
    )
    title = blocks.CharBlock(max_length=120, required=False)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "components/callout_block.html"
        description = "A highlighted box for something readers must not miss"
        preview_value = {
            "style": "help",
            "title": "Worried about a child?",
            "text": "<p>If a child is in immediate danger, call 999.</p>",
        }


class AccordionItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    content = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    """Sections that open and close. Built on <details> so they work without JavaScript."""

    items = blocks.ListBlock(AccordionItemBlock(), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "components/accordion_block.html"
        description = "Questions and answers or other sections that open and close"
        preview_value = {
            "items": [
                {"title": "What is a rapid review?", "content": "<p>A quick look at a case.</p>"}
            ]
        }


class AccessibleImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it.",
    )
    decorative = blocks.BooleanBlock(
        required=False,
        help_text="Tick only if the image adds nothing a reader needs; it will be hidden "
        "from screen readers.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/image_block.html"
        description = "An image with alternative text"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("alt_text") and not value.get("decorative"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ErrorList(
                        [
                            ValidationError(
                                "Describe the image, or tick 'decorative' if it adds nothing "
                                "a reader needs."
                            )
                        ]
                    )
                }
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    title = blocks.CharBlock(
        required=False, max_length=200, help_text="Leave blank to use the document's title."
    )

    class Meta:
        icon = "doc-full"
        template = "components/document_link_block.html"
        description = "A link to a document, with its type and size"


class TableWithCaptionBlock(blocks.StructBlock):
    caption = blocks.CharBlock(
        max_length=200, help_text="Say what the table shows; screen readers announce it."
    )
    table = TableBlock(table_options={"startRows": 3, "startCols": 3})

    class Meta:
        icon = "table"
        template = "components/table_block.html"
        description = "A table of figures with a caption"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/rich_text_block.html",
        description="Paragraphs, lists and links",
        preview_value="<p>We work together to keep children safe.</p>",
    )
    callout = CalloutBlock()
    accordion = AccordionBlock()
    table = TableWithCaptionBlock()
    image = AccessibleImageBlock()
    document = DocumentLinkBlock()

    class Meta:
        template = "components/body_stream.html"


def contents_from_body(body):
    """The "On this page" entries: every level-2 heading block, with its anchor."""
    entries = []
    for block in body or []:
        if block.block_type == "heading" and block.value.get("level") == "h2":
            entries.append({"text": block.value["text"], "anchor": slugify(block.value["text"])})
    return entries

"""``{% page_fragment "name" %}...{% endpage_fragment %}``: a page's public
content, kept under the content generation (site_core/caching/fragments.py).

Like Wagtail's ``{% wagtailcache %}`` a preview is never cached; unlike it,
the key is not listed in the template but comes from the page's
``fragments`` (site, page, generation and what the page varies on), and the
result is kept with ``remember()``, in process memory as well as the shared
cache, so a warm fragment costs no round trip. Without ``fragments`` in the
context it renders as if the tag were not there.
"""

from django import template

from site_core.caching.fragments import OWN, PAGE, RECORDS

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name, kind=PAGE, vary=None):
        self.nodelist = nodelist
        self.name = name
        self.kind = kind
        self.vary = vary  # a FilterExpression, resolved when the fragment is asked for

    def render(self, context):
        fragments = context.get("fragments")
        if fragments is None:
            return self.nodelist.render(context)

        def render():
            with context.push(fragments.context(self.kind)):
                return self.nodelist.render(context)

        vary = () if self.vary is None else self.vary.resolve(context)
        return fragments.render(self.name, render, kind=self.kind, vary=vary)


# What a template writes after the name, for each kind of fragment.
KIND_WORDS = {"own": OWN, "records_only": RECORDS}


@register.tag("page_fragment")
def page_fragment(parser, token):
    """``{% page_fragment "name" [own|records_only] [vary=expression] %}``: ``vary``
    names what of the page's own content a records-only fragment shows as
    well (a plan's outcome titles above its indicator tables), so that it is
    kept across the page's own publishes and rebuilt only when that changes."""
    bits = token.split_contents()
    vary = None
    if len(bits) > 2 and bits[-1].startswith("vary="):
        vary = parser.compile_filter(bits.pop()[len("vary=") :])
    named = len(bits) in (2, 3) and bits[1][0] in "\"'" and bits[1][-1] == bits[1][0]
    if not named or (len(bits) == 3 and bits[2] not in KIND_WORDS):
        raise template.TemplateSyntaxError(
            'Use {% page_fragment "name" %}, {% page_fragment "name" own %} or '
            '{% page_fragment "name" records_only %}, optionally ending with vary=expression.'
        )
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    kind = KIND_WORDS[bits[2]] if len(bits) == 3 else PAGE
    return PageFragmentNode(nodelist, bits[1][1:-1], kind=kind, vary=vary)

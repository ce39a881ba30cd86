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

register = template.Library()


class PageFragmentNode(template.Node):
    def __init__(self, nodelist, name, records_only=False):
        self.nodelist = nodelist
        self.name = name
        self.records_only = records_only

    def render(self, context):
        fragments = context.get("fragments")
        if fragments is None:
            return self.nodelist.render(context)

        def render():
            with context.push(fragments.context(self.records_only)):
                return self.nodelist.render(context)

        return fragments.render(self.name, render, records_only=self.records_only)


@register.tag("page_fragment")
def page_fragment(parser, token):
    bits = token.split_contents()
    named = len(bits) in (2, 3) and bits[1][0] in "\"'" and bits[1][-1] == bits[1][0]
    if not named or (len(bits) == 3 and bits[2] != "records_only"):
        raise template.TemplateSyntaxError(
            'Use {% page_fragment "name" %} or {% page_fragment "name" records_only %}.'
        )
    nodelist = parser.parse(("endpage_fragment",))
    parser.delete_first_token()
    return PageFragmentNode(nodelist, bits[1][1:-1], records_only=len(bits) == 3)

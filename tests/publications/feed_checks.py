"""A strict feed check, for tests: RFC 4287 for Atom, RSS 2.0 for RSS, and the
warnings the W3C Feed Validator gives most often.

No validator can be fetched (no network) and lxml is not installed, so the
RELAX NG schema in RFC 4287's appendix B is written out here as rules over
ElementTree: which children and attributes each element may have, how many,
and the form of dates, ids and addresses. Then its prose rules ("atom:feed
elements MUST contain one or more atom:author elements, unless all of the
atom:feed element's child atom:entry elements contain at least one
atom:author element", one alternate link per type and language, ...) and the
validator's warnings: a typed self link that is the feed's own address, ids
and guids that are unique and do not change with a domain or slug, entries
with distinct ``updated`` times, RFC 822 dates in RSS, no relative addresses.

Each function returns a list of problems, empty when the feed passes.
"""

import re
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from email.utils import parsedate_tz
from urllib.parse import urlsplit

ATOM = "http://www.w3.org/2005/Atom"
XML = "http://www.w3.org/XML/1998/namespace"
A = f"{{{ATOM}}}"

# RFC 3339 as RFC 4287 section 3.3 restricts it: "T" and "Z" upper case, seconds given.
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
# RFC 822 as RSS 2.0 uses it, with a four-digit year (the validator warns on two).
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} ([+-]\d{4}|GMT|UT|[A-Z]{3})$"
)
MEDIA_TYPE = re.compile(r"^[\w!#$&^.+-]+/[\w!#$&^.+-]+(\s*;.*)?$")
LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")

COMMON_ATTRIBUTES = {f"{{{XML}}}base", f"{{{XML}}}lang"}
# element -> (attributes allowed, attributes required)
ATTRIBUTES = {
    "feed": (set(), set()),
    "entry": (set(), set()),
    "link": ({"href", "rel", "type", "hreflang", "title", "length"}, {"href"}),
    "category": ({"term", "scheme", "label"}, {"term"}),
    "title": ({"type"}, set()),
    "subtitle": ({"type"}, set()),
    "summary": ({"type"}, set()),
    "rights": ({"type"}, set()),
    "content": ({"type", "src"}, set()),
    "generator": ({"uri", "version"}, set()),
}
# Children of atom:feed and atom:entry: (fewest, most); None is no limit.
FEED_CHILDREN = {
    "author": (0, None),
    "category": (0, None),
    "contributor": (0, None),
    "generator": (0, 1),
    "icon": (0, 1),
    "id": (1, 1),
    "link": (0, None),
    "logo": (0, 1),
    "rights": (0, 1),
    "subtitle": (0, 1),
    "title": (1, 1),
    "updated": (1, 1),
    "entry": (0, None),
}
ENTRY_CHILDREN = {
    "author": (0, None),
    "category": (0, None),
    "content": (0, 1),
    "contributor": (0, None),
    "id": (1, 1),
    "link": (0, None),
    "published": (0, 1),
    "rights": (0, 1),
    "source": (0, 1),
    "summary": (0, 1),
    "title": (1, 1),
    "updated": (1, 1),
}
PERSON_CHILDREN = {"name": (1, 1), "uri": (0, 1), "email": (0, 1)}
TEXT_CONSTRUCTS = {"title", "subtitle", "summary", "rights"}
DATE_CONSTRUCTS = {"updated", "published"}
PERSON_CONSTRUCTS = {"author", "contributor"}


def parse(content):
    """A feed this site made (trusted input in a test)."""
    return ET.fromstring(content)  # noqa: S314


def is_absolute_web_address(value):
    parts = urlsplit(value or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def id_problems(value, where):
    """An id must be an absolute IRI; one that would change with the domain or a
    slug (an http address) is what the validator and readers' apps dislike."""
    if not value or value != value.strip():
        return [f"{where}: empty id or spaces around it"]
    if value.startswith("urn:uuid:"):
        try:
            uuid.UUID(value.removeprefix("urn:uuid:"))
        except ValueError:
            return [f"{where}: {value!r} is not urn:uuid: followed by a UUID"]
        return []
    if is_absolute_web_address(value):
        return [f"{where}: {value!r} changes with the domain or slug"]
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", value):
        return [f"{where}: {value!r} is not an absolute IRI"]
    return []


def _local(element):
    return element.tag[len(A) :] if element.tag.startswith(A) else None


def _check_attributes(element, name, where):
    problems = []
    allowed, required = ATTRIBUTES.get(name, (set(), set()))
    for attribute in element.attrib:
        if attribute not in allowed | COMMON_ATTRIBUTES and not attribute.startswith("{"):
            problems.append(f"{where}: attribute {attribute!r} is not allowed on atom:{name}")
    for attribute in required - set(element.attrib):
        problems.append(f"{where}: atom:{name} needs the attribute {attribute!r}")
    lang = element.get(f"{{{XML}}}lang")
    if lang is not None and not LANGUAGE.match(lang):
        problems.append(f"{where}: xml:lang {lang!r} is not a language tag")
    return problems


def _check_children(element, rules, where):
    problems = []
    counts = Counter(_local(child) for child in element if _local(child) is not None)
    for name in counts:
        if name not in rules:
            problems.append(f"{where}: atom:{name} is not allowed here")
    for name, (fewest, most) in rules.items():
        count = counts.get(name, 0)
        if count < fewest or (most is not None and count > most):
            problems.append(f"{where}: {count} atom:{name} (must be {fewest} to {most or 'many'})")
    for child in element:
        if not child.tag.startswith("{"):
            problems.append(f"{where}: {child.tag!r} has no namespace (not Atom, not an extension)")
    return problems


def _check_element(element, where):
    """The rules of RFC 4287's schema for one element and its subtree."""
    name = _local(element)
    if name is None:
        return []  # an extension element: any content
    problems = _check_attributes(element, name, where)
    text = (element.text or "").strip()
    if name in TEXT_CONSTRUCTS:
        kind = element.get("type", "text")
        if kind not in ("text", "html", "xhtml"):
            problems.append(f"{where}: atom:{name} type {kind!r}")
        if kind in ("text", "html") and len(element):
            problems.append(f"{where}: atom:{name} of type {kind} has child elements")
        if not text and kind != "xhtml":
            problems.append(f"{where}: atom:{name} is empty")
    elif name in DATE_CONSTRUCTS:
        if not RFC3339.match(element.text or ""):
            problems.append(f"{where}: atom:{name} {element.text!r} is not an RFC 3339 date")
    elif name in PERSON_CONSTRUCTS:
        problems += _check_children(element, PERSON_CHILDREN, f"{where}/{name}")
        if not (element.findtext(f"{A}name") or "").strip():
            problems.append(f"{where}: atom:{name} has an empty name")
        uri = element.findtext(f"{A}uri")
        if uri is not None and not is_absolute_web_address(uri.strip()):
            problems.append(f"{where}: atom:{name} uri {uri!r} is relative")
    elif name == "id":
        problems += id_problems(element.text, where)
    elif name in ("icon", "logo"):
        if not is_absolute_web_address(text):
            problems.append(f"{where}: atom:{name} {text!r} is relative")
    elif name == "link":
        if not is_absolute_web_address(element.get("href")):
            problems.append(f"{where}: link href {element.get('href')!r} is relative")
        kind = element.get("type")
        if kind is not None and not MEDIA_TYPE.match(kind):
            problems.append(f"{where}: link type {kind!r} is not a media type")
        if len(element) or text:
            problems.append(f"{where}: atom:link has content")
    elif name == "category":
        if not element.get("term", "").strip():
            problems.append(f"{where}: atom:category with an empty term")
        if len(element):
            problems.append(f"{where}: atom:category has child elements")
    return problems


def _alternate_link_problems(element, where):
    alternates = Counter(
        (link.get("type"), link.get("hreflang"))
        for link in element.findall(f"{A}link")
        if link.get("rel", "alternate") == "alternate"
    )
    return [
        f"{where}: {count} alternate links with type {key[0]!r} and hreflang {key[1]!r}"
        for key, count in alternates.items()
        if count > 1
    ]


def self_link_problems(links, url, media_type, where):
    """The validator's warnings on the self link: present, typed, the feed's address."""
    selfs = [link for link in links if link.get("rel") == "self"]
    if len(selfs) != 1:
        return [f"{where}: {len(selfs)} self links (must be one)"]
    problems = []
    if selfs[0].get("type") != media_type:
        problems.append(f"{where}: self link type {selfs[0].get('type')!r}, not {media_type!r}")
    if url is not None and selfs[0].get("href") != url:
        problems.append(f"{where}: self link {selfs[0].get('href')!r} is not the feed's {url!r}")
    return problems


def atom_problems(content, url=None):
    """Everything wrong with an Atom feed (``url``: the absolute address it was read at)."""
    try:
        feed = parse(content)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if feed.tag != f"{A}feed":
        return [f"the root element is {feed.tag!r}, not atom:feed"]
    problems = _check_element(feed, "feed") + _check_children(feed, FEED_CHILDREN, "feed")
    entries = feed.findall(f"{A}entry")
    # Entries come after the feed's own metadata (the schema's sequence).
    seen_entry = False
    for child in feed:
        if child.tag == f"{A}entry":
            seen_entry = True
        elif seen_entry:
            problems.append(f"feed: {child.tag} after an entry")
    for child in feed:
        if child.tag != f"{A}entry":
            problems += _check_element(child, "feed")
    problems += _alternate_link_problems(feed, "feed")
    problems += self_link_problems(feed.findall(f"{A}link"), url, "application/atom+xml", "feed")
    if not feed.findall(f"{A}author") and not all(e.findall(f"{A}author") for e in entries):
        problems.append("feed: no atom:author, and not every entry has one (RFC 4287 4.1.1)")
    for number, entry in enumerate(entries, 1):
        where = f"entry {number}"
        problems += _check_element(entry, where)
        problems += _check_children(entry, ENTRY_CHILDREN, where)
        for child in entry:
            problems += _check_element(child, where)
        problems += _alternate_link_problems(entry, where)
        has_alternate = any(
            link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{A}link")
        )
        if not has_alternate and entry.find(f"{A}content") is None:
            problems.append(f"{where}: no alternate link and no content (RFC 4287 4.1.1)")
        published, updated = entry.findtext(f"{A}published"), entry.findtext(f"{A}updated")
        if published and updated and RFC3339.match(published) and RFC3339.match(updated):
            from datetime import datetime

            if datetime.fromisoformat(published) > datetime.fromisoformat(updated):
                problems.append(f"{where}: published {published} after updated {updated}")
    problems += _duplicates([e.findtext(f"{A}id") for e in entries], "entry ids")
    problems += _duplicates([e.findtext(f"{A}updated") for e in entries], "entry updated times")
    return problems


def _duplicates(values, what):
    repeated = [value for value, count in Counter(values).items() if count > 1]
    return [f"{what} repeated: {repeated}"] if repeated else []


def rss_problems(content, url=None):
    """Everything wrong with an RSS 2.0 feed, and the validator's common warnings."""
    try:
        rss = parse(content)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if rss.tag != "rss" or rss.get("version") != "2.0":
        return ['the root element is not <rss version="2.0">']
    channels = rss.findall("channel")
    if len(channels) != 1:
        return [f"{len(channels)} channels (must be one)"]
    channel = channels[0]
    problems = []
    for name in ("title", "link", "description"):
        if len(channel.findall(name)) != 1 or not (channel.findtext(name) or "").strip():
            problems.append(f"channel: needs exactly one non-empty <{name}>")
    if not is_absolute_web_address(channel.findtext("link")):
        problems.append(f"channel: link {channel.findtext('link')!r} is relative")
    problems += self_link_problems(
        channel.findall(f"{A}link"), url, "application/rss+xml", "channel"
    )
    for link in channel.findall(f"{A}link"):
        if not is_absolute_web_address(link.get("href")):
            problems.append(f"channel: atom:link href {link.get('href')!r} is relative")
    for name in ("pubDate", "lastBuildDate"):
        value = channel.findtext(name)
        if value is not None and not (RFC822.match(value) and parsedate_tz(value)):
            problems.append(f"channel: {name} {value!r} is not an RFC 822 date")
    items = channel.findall("item")
    for number, item in enumerate(items, 1):
        where = f"item {number}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where}: neither title nor description")
        link = item.findtext("link")
        if link is None or not is_absolute_web_address(link):
            problems.append(f"{where}: link {link!r} is missing or relative")
        date = item.findtext("pubDate")
        if date is None or not (RFC822.match(date) and parsedate_tz(date)):
            problems.append(f"{where}: pubDate {date!r} is not an RFC 822 date")
        guids = item.findall("guid")
        if len(guids) != 1:
            problems.append(f"{where}: {len(guids)} guids (the validator wants one)")
            continue
        guid = guids[0]
        permalink = guid.get("isPermaLink", "true") == "true"
        if permalink and not is_absolute_web_address(guid.text):
            problems.append(f"{where}: guid {guid.text!r} is a permalink but not an address")
        if not permalink:
            problems += id_problems(guid.text, where)
        for category in item.findall("category"):
            if not (category.text or "").strip():
                problems.append(f"{where}: empty category")
    problems += _duplicates([(i.findtext("guid") or "") for i in items], "item guids")
    return problems

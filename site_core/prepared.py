"""Queries whose SQL is built once, not on every request that asks them.

Building a queryset and compiling it to SQL is CPU work Django repeats on
every evaluation. For the wide page models (three tables joined, some sixty
columns) filtered to a site's public, live pages it is most of a query's
cost: the current picture's "newest current annual report" took about
1.7 ms to build and compile and 0.7 ms to run and turn into a page
(README, "A plan's rows kept across its publish, and queries built
once"). A page rebuilt after each publish (the home
page and the publications index show the current picture) asks the same
few queries with the same parameters every time.

``prepared_objects(key, build)`` keeps ``build()``'s SQL and parameters
under ``key`` and runs them as a raw query: the same rows as the queryset,
as instances of its model. ``prepared_rows(key, build)`` does the same for a
``values_list()`` queryset, returning its rows as tuples straight from the
database driver, without Django's conversions (PostgreSQL's ``EXTRACT``
gives a decimal where Django would give a whole number);
``prepared_count(key, build)`` counts its rows, and
``prepared_specific(key, build)`` gives a queryset's pages as their
specific types.

The key must name everything the queryset is built from that a publish can
change: the parameters are part of what is kept. Callers pass the ids,
tree paths and filters they use. What only the changes common to every site
can alter (members-only sections excluded by ``site_core.visibility.public``,
a site's root page, pages moved) is covered by keeping the SQL with
``remember(..., pages=False)``, under the token for everything: such a
change builds it again, and the process keeps it in memory as it keeps
other remembered values. Querysets must be plain: no ``select_related``,
``prefetch_related`` or deferred fields, which a raw query does not apply.
"""

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections
from django.db.models import prefetch_related_objects

from .caching.memo import key_digest, remember


def _sql(key, build, timeout=None):
    def compile_sql():
        queryset = build()
        if queryset.query.select_related or queryset._prefetch_related_lookups:
            raise ValueError("prepared queries are plain: no select_related or prefetch_related")
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:  # Django's word for "no query needed: nothing matches"
            sql, params = None, ()
        return queryset.model, queryset.db, sql, params

    kept_for = {} if timeout is None else {"timeout": timeout}
    return remember(f"prepared-sql:{key_digest(key)}", compile_sql, pages=False, **kept_for)


def prepared_objects(key, build, timeout=None):
    """``list(build())``, its SQL built once for ``key`` (and the token for
    everything), kept ``timeout`` seconds at most when given (keys made from
    what readers type)."""
    model, db, sql, params = _sql(key, build, timeout)
    if sql is None:
        return []
    connection = connections[db]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = tuple(column[0] for column in cursor.description)
        rows = cursor.fetchall()
    return _reader(model, db, columns)(rows)


# How rows of each (model, database, columns) become instances, worked out
# once per process: Django's raw queries work it out on every query (which
# column is which field, each field's converters), about half of running a
# one-row query of a wide page model.
_readers = {}


def _reader(model, db, columns):
    key = (model, db, columns)
    if key not in _readers:
        _readers[key] = _make_reader(model, db, columns)
    return _readers[key]


def _make_reader(model, db, columns):
    """What ``RawModelIterable`` does for a raw query, as a function of the rows."""
    # A throwaway raw queryset answers which column is which field as Django would.
    raw = model._default_manager.db_manager(db).raw("")
    raw.__dict__["columns"] = list(columns)  # its cached_property, without a query
    names, positions, annotations = raw.resolve_model_init_order()
    connection = connections[db]
    compiler = connection.ops.compiler("SQLCompiler")(raw.query, connection, db)
    fields = [raw.model_fields.get(column) for column in columns]
    converters = compiler.get_converters(
        [field.get_col(field.model._meta.db_table) if field else None for field in fields]
    )

    def read(rows):
        if converters:
            rows = compiler.apply_converters(rows, converters)
        instances = []
        for values in rows:
            instance = model.from_db(db, names, [values[position] for position in positions])
            for column, position in annotations:
                setattr(instance, column, values[position])
            instances.append(instance)
        return instances

    return read


def prepared_rows(key, build, timeout=None):
    """``list(build())`` of a ``values_list()`` queryset, as tuples (kept
    ``timeout`` seconds at most, as ``prepared_objects``)."""
    _model, db, sql, params = _sql(key, build, timeout)
    if sql is None:
        return []
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]


def prepared_count(key, build):
    """``build().count()``, its SQL built once for ``key``: a count of the
    queryset's rows as a subquery, so whatever it joins or makes distinct is
    counted as Django would."""

    def counting():
        return build().order_by()

    _model, db, sql, params = _sql(("count", key), counting)
    if sql is None:
        return 0
    with connections[db].cursor() as cursor:
        # The SQL is Django's own compilation; values stay parameters.
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)  # noqa: S608
        return cursor.fetchone()[0]


def prepared_specific(key, build, timeout=None):
    """``list(build().specific())`` for a queryset of pages, each query's SQL
    built once: the pages' ids and types, then ``specific_pages``."""
    rows = prepared_rows(
        ("specific-ids", key), lambda: build().values_list("pk", "content_type"), timeout
    )
    return specific_pages(rows, timeout)


def specific_pages(rows, timeout=None):
    """The pages of ``rows`` ((id, content type id) pairs) as their own
    types, in that order: one query per type, its SQL built once for the ids
    it fetches (kept ``timeout`` seconds at most when given)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    by_type = {}
    for pk, content_type in rows:
        by_type.setdefault(content_type, []).append(pk)
    found = {}
    for content_type, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type).model_class() or Page
        found.update(_in_bulk(model, ids, timeout))
    return [found[pk] for pk, _content_type in rows if pk in found]


def _in_bulk(model, ids, timeout=None):
    """``{pk: instance}`` of ``model`` for ``ids`` (None left out), its SQL
    built once for that set."""
    wanted = sorted({pk for pk in ids if pk is not None})
    if not wanted:
        return {}
    found = prepared_objects(
        ("in-bulk", model._meta.label, tuple(wanted)),
        lambda: model._base_manager.filter(pk__in=wanted),
        timeout,
    )
    return {instance.pk: instance for instance in found}


class PreparedSlices:
    """A queryset's pages for a ``Paginator`` (given the count): each slice
    asked for is ``prepared_objects((key, start, stop), ...)``, so a listing
    page's query is built once for each filter and page number."""

    def __init__(self, key, build):
        self.key = key
        self.build = build

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("PreparedSlices gives pages: slice it as [start:stop]")
        start, stop = index.start or 0, index.stop
        return prepared_objects((self.key, start, stop), lambda: self.build()[start:stop])


def prefetch(instance, *lookups):
    """``prefetch_related_objects([instance], *lookups)`` for one saved
    instance, each of its direct relations (child rows, many-to-many) read
    with SQL built once: a page's own content, rebuilt after its publish,
    reads ten or so of them. What the instance's own foreign keys name
    ("adopted_by") is read the same way, and so is one step further along a
    foreign key of those rows ("documents__document", "projects__lead_body"):
    one query for the rows' targets. Anything else (deeper lookups,
    ``Prefetch()`` objects) follows with Django's own prefetching.

    What each relation's manager then returns is a queryset holding its rows,
    as Django's prefetching leaves it."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    rest = []
    for lookup in lookups:
        if not isinstance(lookup, str):  # a Prefetch() with its own queryset
            rest.append(lookup)
            continue
        name, _, deeper = lookup.partition("__")
        own_key = _forward_key(instance, name)
        if own_key is not None:  # what the instance itself names
            if deeper:
                rest.append(lookup)
            elif not own_key.is_cached(instance):
                _prefetch_targets([instance], own_key)
            continue
        if name not in cache:
            cache[name] = _prefetched(instance, name)
        rows = cache[name]._result_cache
        if not deeper or not rows:
            continue
        field = _forward_key(rows[0], deeper)
        if field is None:
            rest.append(lookup)
        else:
            _prefetch_targets(rows, field)
    if rest:
        prefetch_related_objects([instance], *rest)


def _prefetched(instance, name):
    """The queryset of one direct relation, its rows read with kept SQL."""
    queryset = getattr(instance, name).get_queryset()
    rows = prepared_objects(("prefetch", instance._meta.label, instance.pk, name), lambda: queryset)
    # A child row knows its parent, as after Django's prefetching (none
    # for many-to-many).
    relation = instance._meta.get_field(name)
    if relation.one_to_many:
        for row in rows:
            relation.field.set_cached_value(row, instance)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def _forward_key(row, name):
    """The foreign key ``name`` of ``row``'s model, or None for anything else."""
    try:
        field = row._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.many_to_one and field.concrete and field.target_field.primary_key:
        return field
    return None


def _prefetch_targets(rows, field):
    """What ``field`` of each row points at, in one query built once per set of targets."""
    targets = _in_bulk(field.related_model, [getattr(row, field.attname) for row in rows])
    for row in rows:
        field.set_cached_value(row, targets.get(getattr(row, field.attname)))

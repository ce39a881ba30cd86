"""Settings for running past one machine: media in an S3-compatible bucket and a
CDN that is purged when content changes (docs/operations.md).

Pure functions of the environment, so the tests build exactly what production
builds; ``base.py`` calls them with ``os.environ``.
"""

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
# Rendition names change whenever the image or its crop does; 30 days, as
# site_core.views.serve_image_rendition serves them from the filesystem.
RENDITIONS_CACHE_CONTROL = "public, max-age=2592000"


def _value(environ, name):
    return environ.get(name, "").strip()


def media_storages(environ):
    """STORAGES entries for media: none (the filesystem, MEDIA_ROOT) unless
    AWS_STORAGE_BUCKET_NAME is set.

    One bucket, and nothing in it is public by itself: no object is ever given
    an ACL, so each is as private as the bucket (this also suits buckets with
    ACLs switched off, AWS's default, which refuse a public-read ACL anyway).
    Credentials come from boto3's usual places (AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY, or the machine's role); no secret is in settings.

    Two storages over that bucket:

    * ``default``: documents, original images and anything else. Any URL it
      makes is signed and expires (``querystring_auth``), and it never uses the
      public domain. Documents are not linked by such URLs anyway:
      WAGTAILDOCS_SERVE_METHOD = "serve_view" makes every document link
      ``/documents/<id>/<file>``, where Wagtail checks the collection's privacy
      and then streams the file through Django; it would redirect to the bucket
      only with the "redirect" or "direct" methods. So a members-only paper
      never has an address a stranger could use.
    * ``renditions`` (WAGTAILIMAGES_RENDITION_STORAGE): the resized images that
      pages show, under ``images/``, at plain unsigned URLs on
      AWS_S3_CUSTOM_DOMAIN (the CDN, or the bucket's own host): a cached page
      must never hold a link that expires. The operator lets the public read
      ``images/`` there and nothing else: a CDN whose origin access covers that
      prefix, or a bucket policy for ``images/*`` (docs/operations.md).

    Why not two buckets, a public one for renditions: one bucket is one thing
    to configure and back up (operations/backups.py copies the default storage,
    renditions included), and no object ACL is needed to make anything public.
    Collection privacy never covered images, so images are not more exposed
    than on the filesystem, where the web server serves ``/media/images/``.
    """
    bucket = _value(environ, "AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {}
    common = {
        "bucket_name": bucket,
        "endpoint_url": _value(environ, "AWS_S3_ENDPOINT_URL") or None,
        "region_name": _value(environ, "AWS_S3_REGION_NAME") or None,
        "default_acl": None,  # never an ACL: see above
        "file_overwrite": False,  # two uploads called report.pdf both survive
    }
    return {
        "default": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {**common, "querystring_auth": True, "custom_domain": None},
        },
        "renditions": {
            "BACKEND": S3_BACKEND,
            "OPTIONS": {
                **common,
                "querystring_auth": False,
                "custom_domain": _value(environ, "AWS_S3_CUSTOM_DOMAIN") or None,
                "object_parameters": {"CacheControl": RENDITIONS_CACHE_CONTROL},
            },
        },
    }


def frontend_cache(environ):
    """WAGTAILFRONTENDCACHE from FRONTEND_CACHE_BACKEND (cloudflare, cloudfront or
    http); empty, so nothing is purged, when it is unset.

    What gets purged and when is caching/edge.py's business.
    """
    kind = _value(environ, "FRONTEND_CACHE_BACKEND").lower()
    if not kind:
        return {}

    def required(name):
        value = _value(environ, name)
        if not value:
            raise ImproperlyConfigured(f"FRONTEND_CACHE_BACKEND={kind} needs {name} to be set.")
        return value

    if kind == "cloudflare":
        backend = {
            "BACKEND": "caching.edge.CloudflareBackend",
            "BEARER_TOKEN": required("CLOUDFLARE_API_TOKEN"),
            "ZONEID": required("CLOUDFLARE_ZONE_ID"),
        }
    elif kind == "cloudfront":
        # Credentials: boto3's usual places, as for the bucket.
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": required("CLOUDFRONT_DISTRIBUTION_ID"),
        }
    elif kind == "http":
        backend = {
            # Wagtail's HTTP backend, with a timeout (caching/edge.py).
            "BACKEND": "caching.edge.HTTPBackend",
            "LOCATION": required("FRONTEND_CACHE_PURGE_URL"),
        }
    else:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND must be cloudflare, cloudfront or http, not {kind!r}."
        )
    return {"default": backend}

vcl 4.1;
# The edge cache in front of the site (Debian's `varnish`, 7.x): readers who
# are not signed in get whole pages from here; the site says for how long
# (`Cache-Control: public, max-age=0, s-maxage=N`) and purges a partnership's
# host after a change readers can see (Wagtail's frontend-cache HTTP backend
# sends `PURGE /*` with that site's Host header). docs/caching.md explains it.
#
# The lines marked `# from NAME` are this machine's settings; they are valid
# as they stand (the defaults), and deploy/varnish/render.py rewrites them from
# the environment (`make edge` and the tests use it).

import cookie;
import std;

backend site {
    .host = "127.0.0.1";  # from EDGE_BACKEND_HOST
    .port = "8000";  # from EDGE_BACKEND_PORT
    .connect_timeout = 2s;
    # A page built with every cache empty can take a while on a busy machine.
    .first_byte_timeout = 60s;
}

# Who may purge: this machine (the task worker runs beside the site) and the
# network the site's workers run on.
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
    "127.0.0.1";  # from EDGE_PURGE_NETWORK
}

# Who may say a request came over HTTPS: a TLS terminator on this machine
# (nginx, hitch) sets X-Forwarded-Proto; anyone else's is replaced, so a reader
# cannot make the site believe a plain request was secure.
acl tls_terminators {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    unset req.http.x-edge-pass;  # our own marker below; never a reader's

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from here"));
        }
        # Bans test only the object's own headers (x-edge-host, x-edge-url,
        # set below), so the ban lurker clears them in the background.
        set req.http.x-edge-ban = "obj.http.x-edge-host == " + std.tolower(regsub(req.http.host, ":[0-9]+$", ""));
        if (req.url != "/*") {
            # One address: every variant of it (compressed or not, either scheme).
            set req.http.x-edge-ban = req.http.x-edge-ban + " && obj.http.x-edge-url == " + req.url;
        }
        if (std.ban(req.http.x-edge-ban)) {
            return (synth(200, "Purged"));
        }
        return (synth(400, std.ban_error()));
    }

    # Varnish has already appended the reader's address to X-Forwarded-For:
    # the last entry is the one the site trusts, with TRUSTED_PROXY_COUNT=1
    # (2 with a TLS terminator in front of this cache, and so on).
    if (client.ip !~ tls_terminators || !req.http.X-Forwarded-Proto) {
        set req.http.X-Forwarded-Proto = "http";
    }

    if (req.method != "GET" && req.method != "HEAD") {
        set req.http.x-edge-pass = "method";
        return (pass);
    }
    # Signed-in readers and anything private: straight to the site, never
    # kept. The admin's path is configurable (the site reads ADMIN_PATH);
    # documents go through the site's privacy check on every request.
    if (req.http.Authorization
        || req.url ~ "^/admin(/|\?|$)"  # from ADMIN_PATH
        || req.url ~ "^/(django-admin|documents)(/|\?|$)") {
        set req.http.x-edge-pass = "private";
        return (pass);
    }
    # Keep only the cookies the site reads: Django's session (its presence
    # means "signed in": pass) and the CSRF cookie (so a reader's form token
    # stays valid across tabs). Analytics and other cookies would otherwise
    # make every reader's request look different to the cache.
    cookie.parse(req.http.Cookie);
    cookie.keep("sessionid,csrftoken");
    set req.http.Cookie = cookie.get_string();
    if (req.http.Cookie == "") {
        unset req.http.Cookie;
    }
    if (cookie.isset("sessionid")) {
        set req.http.x-edge-pass = "session";
        return (pass);
    }
    # Cached whatever CSRF cookie the reader has: a page is kept only when the
    # site answers without setting a cookie (below), and a page with a form
    # always sets the CSRF cookie, so a form is never kept.
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    hash_data(std.tolower(req.http.host));
    # Absolute links in a page follow the scheme it was asked for.
    hash_data(req.http.X-Forwarded-Proto);
    return (lookup);
}

sub vcl_backend_fetch {
    unset bereq.http.x-edge-pass;
    unset bereq.http.x-edge-ban;
}

sub vcl_backend_response {
    # What a purge matches (vcl_recv): the host without its port, and the address.
    set beresp.http.x-edge-host = std.tolower(regsub(bereq.http.host, ":[0-9]+$", ""));
    set beresp.http.x-edge-url = bereq.url;

    # Never kept: what the site marks private or not storable, anything that
    # sets a cookie (a form's CSRF token, a sign-in), and anything the site
    # gives no shared lifetime. Remembered as "do not keep" for a minute, so
    # readers of that address are not queued behind each other.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || beresp.http.Vary == "*"
        || beresp.ttl <= 0s) {
        set beresp.uncacheable = true;
        set beresp.ttl = 60s;
        return (deliver);
    }
    # Kept for as long as the site said (s-maxage, else max-age). The site
    # vouches that a page it lets be shared does not depend on cookies, so
    # `Vary: Cookie` (Django adds it when a page looked at the session) would
    # only split the cache by the readers' CSRF cookies.
    if (beresp.http.Vary) {
        set beresp.http.Vary = regsuball(beresp.http.Vary, "(?i)(^|,)\s*Cookie\s*(?=,|$)", "");
        set beresp.http.Vary = regsub(beresp.http.Vary, "^\s*,\s*", "");
        if (beresp.http.Vary == "") {
            unset beresp.http.Vary;
        }
    }
    return (deliver);
}

sub vcl_deliver {
    # For checking by hand and in tests: was this answer kept (HIT), fetched
    # and possibly kept (MISS), or never a candidate (PASS)?
    if (req.http.x-edge-pass || obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-edge-host;
    unset resp.http.x-edge-url;
}

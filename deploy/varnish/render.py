#!/usr/bin/env python3
"""Print deploy/varnish/default.vcl with this machine's settings.

Each line of the VCL marked ``# from NAME`` holds a default; when NAME is set
in the environment, its value replaces that line's quoted value:

    EDGE_BACKEND_HOST   the site's address (gunicorn), e.g. 127.0.0.1
    EDGE_BACKEND_PORT   the site's port, e.g. 8001
    EDGE_PURGE_NETWORK  an address or network also allowed to purge, e.g. 10.0.0.0/8
    ADMIN_PATH          the admin's path, as the site reads it (e.g. office-7f3a)

    EDGE_BACKEND_PORT=8001 deploy/varnish/render.py > /etc/varnish/default.vcl

Standard library only, so it runs wherever Varnish does.
"""

import ipaddress
import os
import re
import sys
from pathlib import Path

VCL = Path(__file__).with_name("default.vcl")
QUOTED = re.compile(r'"[^"]*"(/\d+)?')
SAFE_PATH = re.compile(r"^[A-Za-z0-9._~/-]+$")


def host(value):
    if not re.fullmatch(r"[A-Za-z0-9.:\[\]-]+", value):
        raise ValueError(f"not a host name or address: {value!r}")
    return f'"{value}"'


def port(value):
    if not value.isdecimal() or not 0 < int(value) < 65536:
        raise ValueError(f"not a port: {value!r}")
    return f'"{value}"'


def network(value):
    net = ipaddress.ip_network(value, strict=False)
    return f'"{net.network_address}"/{net.prefixlen}'


def admin_path(value):
    path = value.strip("/") or "admin"
    if not SAFE_PATH.match(path):
        raise ValueError(f"ADMIN_PATH has characters a URL path should not: {value!r}")
    return f'"^/{re.escape(path)}(/|\\?|$)"'


FORMATS = {
    "EDGE_BACKEND_HOST": host,
    "EDGE_BACKEND_PORT": port,
    "EDGE_PURGE_NETWORK": network,
    "ADMIN_PATH": admin_path,
}


def render(environ=os.environ, text=None):
    """The VCL with every marked line set from ``environ`` where it names a value."""
    text = VCL.read_text() if text is None else text
    lines = []
    for line in text.splitlines(keepends=True):
        marker = re.search(r"# from ([A-Z_]+)", line)
        if marker:
            name = marker.group(1)
            value = environ.get(name, "").strip()
            if value:
                replacement = FORMATS[name](value)
                line = QUOTED.sub(lambda _match, new=replacement: new, line, count=1)
        lines.append(line)
    return "".join(lines)


if __name__ == "__main__":
    try:
        sys.stdout.write(render())
    except ValueError as error:
        sys.exit(f"render.py: {error}")

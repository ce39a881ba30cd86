"""Logging for a cache that fails quietly."""

import logging
import time


class OncePerInterval(logging.Filter):
    """Let through one record per ``seconds``: when Redis is down every cache
    call fails, and one warning a minute says so without drowning the log."""

    def __init__(self, seconds=60):
        super().__init__()
        self.seconds = seconds
        self._last = None

    def filter(self, record):
        now = time.monotonic()
        if self._last is not None and now - self._last < self.seconds:
            return False
        self._last = now
        record.msg = f"Cache unreachable, pages are served uncached: {record.msg}"
        return True

"""Sign-in throttling with Django's cache: failed attempts counted per (username, IP) and per IP.

After ``PORTAL_LOGIN_MAX_FAILURES`` failures (default 5) for one username from one address, or
``PORTAL_LOGIN_MAX_FAILURES_PER_IP`` (default 30) from one address whatever the username, that
pair or address must wait until the window (``PORTAL_LOGIN_WINDOW_SECONDS``, default 900) that
started at the first failure ends. A successful sign-in clears the pair's counter. Counters use
``cache.add`` + ``cache.incr``, atomic on Redis and on the local-memory cache, so concurrent
attempts are all counted. Usernames are hashed into the key (no personal data in cache keys).

Why not a library: django-axes would fit, but it adds tables and middleware to every sign-in
of the project (the back office too); this portal needs one small counter.
"""
from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "portal-login"


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def client_ip(request) -> str:
    """The peer address. Behind a proxy, set it in REMOTE_ADDR there (never trust X-Forwarded-For here)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


class LoginThrottle:
    def __init__(self):
        self.limit = _setting("PORTAL_LOGIN_MAX_FAILURES", 5)
        self.ip_limit = _setting("PORTAL_LOGIN_MAX_FAILURES_PER_IP", 30)
        self.window = _setting("PORTAL_LOGIN_WINDOW_SECONDS", 900)

    @staticmethod
    def _keys(username: str, ip: str) -> tuple[str, str]:
        user_hash = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
        return f"{PREFIX}:pair:{user_hash}:{ip}", f"{PREFIX}:ip:{ip}"

    def wait_seconds(self, username: str, ip: str) -> int:
        """0 when an attempt may be made; otherwise how long until it may."""
        pair, per_ip = self._keys(username, ip)
        waits = []
        for key, limit in ((pair, self.limit), (per_ip, self.ip_limit)):
            started = cache.get(f"{key}:start")
            if started is not None and (cache.get(key) or 0) >= limit:
                waits.append(max(1, int(started + self.window - time.time())))
        return max(waits, default=0)

    def failure(self, username: str, ip: str) -> None:
        for key in self._keys(username, ip):
            if cache.add(key, 0, timeout=self.window):
                cache.set(f"{key}:start", time.time(), timeout=self.window)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr: start a new window
                cache.set(key, 1, timeout=self.window)
                cache.set(f"{key}:start", time.time(), timeout=self.window)

    def success(self, username: str, ip: str) -> None:
        pair, _per_ip = self._keys(username, ip)
        cache.delete_many([pair, f"{pair}:start"])

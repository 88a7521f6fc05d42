"""Django's Redis cache, keeping one redis-py client per connection pool, plus local copies of
hot keys that Redis itself invalidates.

Django's backend builds a new `redis.Redis` object for every cache call; on a hot path that is
a noticeable share of a request. The clients are thread-safe and share the same pools.

`get_many_tracked` is Redis's client-side caching (RESP3 `CLIENT TRACKING`): each process (and
thread) reads hot keys over a connection of its own, keeps the values, and serves them from
memory until Redis pushes an invalidation for a key, which it does as it executes the write that
changed it, and a writer waits for them to be sent (`invalidations_delivered`). Before answering
from memory the connection's pending pushes are read, so a value changed by a write that
completed before the request began is never served. A connection error drops every copy. A
connection that died silently (no reset ever arriving) would hear of no change: so copies are
served only while Redis has answered on that connection within `LOCAL_MAX_AGE`, and past it
one PING (whose reply comes after any invalidation sent before it) proves it again, for every
copy at once, rather than fetching each copy anew. A copy is fetched again after
`LOCAL_LONGEST_AGE` whatever the connection says: a proxy that keeps the client's connection
while it switches to another Redis would answer the PING without ever sending invalidations.
"""

import contextlib
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.connection import Connection, parse_url


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class _Connects:
    """How many times this process has connected to Redis for local copies: a reconnect means
    Redis may have been away, and that writes made meanwhile may not have reached it."""

    count = 0


class _Tracked(threading.local):
    pid: int | None = None
    connection: Connection | None = None
    proven_at: float = 0.0  # when Redis last answered on the connection (monotonic)
    copies: "OrderedDict[str, tuple[object, float]]"  # key: (value, fetched at, monotonic)

    def __init__(self):
        self.copies = OrderedDict()


class RedisCache(DjangoRedisCache):
    LOCAL_MAX_AGE = 5.0  # seconds without Redis answering on the connection
    LOCAL_LONGEST_AGE = 60.0  # seconds since a copy was fetched, whatever the connection says

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusingClient
        self._tracked = _Tracked()

    def get_many_tracked(self, keys: list[str]) -> dict:
        """`get_many`, answered from this process's copies while Redis has not invalidated
        them (see the module's docstring)."""
        if not settings.CACHE_LOCAL_COPIES:
            return self.get_many(keys)
        made = [self.make_key(key) for key in keys]  # the project's own keys, known valid
        tracked = self._tracked
        try:
            connection = self._tracking_connection()
            while connection.can_read(timeout=0):
                connection.read_response(push_request=True)  # invalidations, handled below
            now = time.monotonic()
            if now - tracked.proven_at >= self.LOCAL_MAX_AGE:
                # Invalidations come before the reply: every copy still held is current.
                connection.send_command("PING")
                connection.read_response()
                tracked.proven_at = now
            kept = [tracked.copies.get(key, _NONE) for key in made]
            copies = [value for value, _fetched in kept]
            if any(now - fetched >= self.LOCAL_LONGEST_AGE for _value, fetched in kept):
                connection.send_command("MGET", *made)
                raw = connection.read_response()
                tracked.proven_at = now
                loads = self._cache._serializer.loads
                copies = [None if value is None else loads(value) for value in raw]
                self._keep(made, copies, now)
        except BaseException:  # a timeout or signal mid-read included: start afresh next time
            self._drop_tracking()
            raise
        return {key: value for key, value in zip(keys, copies, strict=True) if value is not None}

    def _keep(self, keys: list[str], values: list, now: float) -> None:
        copies = self._tracked.copies
        for key, value in zip(keys, values, strict=True):
            if value is not None:
                copies[key] = (value, now)
                copies.move_to_end(key)
        while len(copies) > settings.CACHE_LOCAL_ENTRIES:
            copies.popitem(last=False)

    # This process's own writes drop its copies at once; other processes hear from Redis.
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget([key], version)
        super().set(key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        self._forget(list(data), version)
        return super().set_many(data, timeout, version)

    def delete(self, key, version=None):
        self._forget([key], version)
        return super().delete(key, version)

    def _forget(self, keys, version) -> None:
        for key in keys:
            self._tracked.copies.pop(self.make_key(key, version=version), None)

    def invalidations_delivered(self) -> None:
        """Return once Redis has sent every tracking connection the invalidations caused by
        this process's writes so far. Redis writes them out in the same turn of its event loop
        as the reply to the write, so the reply to a later PING comes after them; a reader
        whose request starts after this returns finds them waiting on its socket."""
        self._cache.get_client(write=True).ping()

    def _tracking_connection(self) -> Connection:
        tracked = self._tracked
        if tracked.connection is None or tracked.pid != _pid():
            tracked.copies.clear()
            url = self._cache._servers[0]
            options = {
                **{k: v for k, v in self._cache._pool_options.items() if v is not None},
                **parse_url(url),  # rediss:// and unix:// name their own connection class
            }
            for pool_only in ("parser_class", "max_connections", "connection_pool"):
                options.pop(pool_only, None)
            options["protocol"] = 3
            options.setdefault("socket_timeout", 2)
            connection_class = options.pop("connection_class", Connection)
            connection = connection_class(**options)
            # On every connect, redis-py's own reconnects included: tracking on, copies dropped
            # (what was said while it was away is lost).
            connection.register_connect_callback(self._start_tracking)
            connection.connect()
            tracked.connection, tracked.pid = connection, _pid()
        return tracked.connection

    def connects(self) -> int:
        """Connections made so far for local copies, in this process (see `_Connects`)."""
        return _Connects.count

    def _start_tracking(self, connection: Connection) -> None:
        _Connects.count += 1
        self._tracked.copies.clear()
        self._tracked.proven_at = time.monotonic()
        connection._parser.set_invalidation_push_handler(self._invalidated)
        connection.send_command("CLIENT", "TRACKING", "ON")
        if connection.read_response() not in (b"OK", "OK"):
            raise ConnectionError("Redis refused CLIENT TRACKING")

    def _invalidated(self, message) -> None:
        keys = message[1]
        if keys is None:  # the database was flushed
            self._tracked.copies.clear()
            return
        for key in keys:
            self._tracked.copies.pop(key.decode() if isinstance(key, bytes) else key, None)

    def _drop_tracking(self) -> None:
        tracked = self._tracked
        tracked.copies.clear()
        if tracked.connection is not None:
            with contextlib.suppress(Exception):  # it is being thrown away
                tracked.connection.disconnect()
        tracked.connection = None


_NONE = (None, float("-inf"))  # no copy: always too old


def _pid() -> int:
    return os.getpid()

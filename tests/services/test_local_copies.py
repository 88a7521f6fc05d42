"""Local copies of hot cache keys, invalidated by Redis itself (client-side caching), against
a redis-server of the test's own."""

import os
import signal

import pytest
import redis

from newsroom.cache import RedisCache

pytestmark = pytest.mark.services


@pytest.fixture
def server(own_redis):
    own_redis.start()
    return own_redis


def _backend(server) -> RedisCache:
    return RedisCache(server.url, {})


def _count_round_trips(backend: RedisCache) -> list:
    sent = []
    connection = backend._tracking_connection()
    original = connection.send_command

    def counting(*args, **kwargs):
        sent.append(args[0])
        return original(*args, **kwargs)

    connection.send_command = counting
    return sent


def test_a_copy_is_served_from_memory_until_a_write_changes_it(server):
    reader, writer = _backend(server), _backend(server)
    writer.set("story", "v0")
    assert reader.get_many_tracked(["story"]) == {"story": "v0"}
    sent = _count_round_trips(reader)
    assert reader.get_many_tracked(["story"]) == {"story": "v0"}
    assert sent == []  # from memory
    for version in range(1, 500):
        writer.set("story", f"v{version}")  # another connection, as another process would
        writer.invalidations_delivered()  # as the public cache's renewal does
        # The write is done: the very next read must see it.
        assert reader.get_many_tracked(["story"]) == {"story": f"v{version}"}
    assert sent.count("MGET") == 499


@pytest.mark.django_db  # a process that (re)connects reads the pending renewals first
def test_a_renewed_generation_is_seen_by_the_next_lookup_at_once(
    settings, server, django_capture_on_commit_callbacks
):
    from articles import public_cache

    # The test's own server from here on (changing the setting resets Django's caches).
    settings.CACHES = {"default": {"BACKEND": "newsroom.cache.RedisCache", "LOCATION": server.url}}
    key = public_cache.story_key("story", "host")
    for _ in range(300):
        generation, entry = public_cache.lookup("story", key)
        if entry is None:
            public_cache.store(key, generation, {"body": b"x"})
        assert public_cache.lookup("story", key)[1] is not None  # warm, from memory
        with django_capture_on_commit_callbacks(execute=True):
            public_cache.invalidate_on_commit(["story"])  # what a change runs, and its commit
        assert public_cache.lookup("story", key)[1] is None


def test_a_lost_connection_drops_every_copy(server):
    reader, writer = _backend(server), _backend(server)
    writer.set("story", "v1")
    assert reader.get_many_tracked(["story"]) == {"story": "v1"}
    connection = reader._tracking_connection()
    connection.send_command("CLIENT", "ID")
    identifier = connection.read_response()
    redis.Redis.from_url(server.url).client_kill_filter(_id=identifier)
    writer.set("story", "v2")  # its invalidation cannot reach the killed connection
    with pytest.raises(redis.ConnectionError):
        reader.get_many_tracked(["story"])
    assert reader.get_many_tracked(["story"]) == {"story": "v2"}


def test_a_restarted_server_is_read_afresh(server):
    reader, writer = _backend(server), _backend(server)
    writer.set("story", "v1")
    assert reader.get_many_tracked(["story"]) == {"story": "v1"}
    server.stop()
    server.start()
    writer.set("story", "v2")
    try:
        value = reader.get_many_tracked(["story"])
    except redis.ConnectionError:
        value = reader.get_many_tracked(["story"])
    assert value == {"story": "v2"}


def test_a_flush_drops_every_copy(server):
    reader, writer = _backend(server), _backend(server)
    writer.set_many({"a": 1, "b": 2})
    assert reader.get_many_tracked(["a", "b"]) == {"a": 1, "b": 2}
    redis.Redis.from_url(server.url).flushdb()
    assert reader.get_many_tracked(["a", "b"]) == {}


def test_past_the_bound_one_ping_proves_every_copy(server, monkeypatch):
    reader, writer = _backend(server), _backend(server)
    writer.set_many({"story": "v1", "other": "w1"})
    reader.get_many_tracked(["story"])
    reader.get_many_tracked(["other"])
    sent = _count_round_trips(reader)
    assert reader.get_many_tracked(["story"]) == {"story": "v1"}
    assert sent == []  # within the bound: from memory
    monkeypatch.setattr(RedisCache, "LOCAL_MAX_AGE", 0)
    assert reader.get_many_tracked(["story"]) == {"story": "v1"}
    assert reader.get_many_tracked(["other"]) == {"other": "w1"}
    assert sent == ["PING", "PING"]  # no copy fetched again


def test_a_copy_is_fetched_again_past_the_longest_age_whatever_the_connection_says(
    server, monkeypatch
):
    reader, writer = _backend(server), _backend(server)
    writer.set("story", "v1")
    reader.get_many_tracked(["story"])
    sent = _count_round_trips(reader)
    monkeypatch.setattr(RedisCache, "LOCAL_LONGEST_AGE", 0)
    assert reader.get_many_tracked(["story"]) == {"story": "v1"}
    assert sent == ["MGET"]


def test_past_the_bound_a_silent_server_gets_no_copy_served(server, monkeypatch):
    reader, writer = _backend(server), _backend(server)
    writer.set("story", "v1")
    reader.get_many_tracked(["story"])
    monkeypatch.setattr(RedisCache, "LOCAL_MAX_AGE", 0)
    os.kill(server.process.pid, signal.SIGSTOP)  # it hears and says nothing, nor resets
    try:
        with pytest.raises(redis.TimeoutError):
            reader.get_many_tracked(["story"])
    finally:
        os.kill(server.process.pid, signal.SIGCONT)
    assert len(reader._tracked.copies) == 0
    writer.set("story", "v2")
    assert reader.get_many_tracked(["story"]) == {"story": "v2"}


def test_turned_off_every_read_goes_to_redis(server, settings):
    settings.CACHE_LOCAL_COPIES = False
    reader, writer = _backend(server), _backend(server)
    writer.set("story", "v1")
    assert reader.get_many_tracked(["story"]) == {"story": "v1"}
    assert reader._tracked.connection is None


def test_copies_are_kept_up_to_the_configured_number(server, settings):
    settings.CACHE_LOCAL_ENTRIES = 3
    backend = _backend(server)
    for n in range(5):
        backend.set(f"story-{n}", n)
        backend.get_many_tracked([f"story-{n}"])
    sent = _count_round_trips(backend)
    assert backend.get_many_tracked(["story-4"]) == {"story-4": 4}
    assert sent == []  # among the three newest copies
    assert backend.get_many_tracked(["story-0"]) == {"story-0": 0}
    assert sent == ["MGET"]  # the oldest copy had been dropped

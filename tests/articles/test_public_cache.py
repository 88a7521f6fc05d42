import pytest
from django.core.cache import cache

from articles import public_cache

pytestmark = pytest.mark.django_db
KEY = public_cache.story_key("story", "host")


def test_an_entry_is_served_only_while_its_generation_is_current(
    django_capture_on_commit_callbacks,
):
    generation, entry = public_cache.lookup("story", KEY)
    assert entry is None and generation
    public_cache.store(KEY, generation, {"body": b"v1"})
    assert public_cache.lookup("story", KEY) == (
        generation,
        {"body": b"v1", "generation": generation},
    )
    with django_capture_on_commit_callbacks(execute=True):
        public_cache.invalidate_on_commit(["story"])
    new_generation, entry = public_cache.lookup("story", KEY)
    assert entry is None and new_generation != generation


def test_a_reader_that_built_from_old_data_cannot_poison_the_cache(
    django_capture_on_commit_callbacks,
):
    generation, _ = public_cache.lookup("story", KEY)  # the reader starts
    with django_capture_on_commit_callbacks(execute=True):
        public_cache.invalidate_on_commit(["story"])  # an edit commits meanwhile
    public_cache.store(KEY, generation, {"body": b"old"})  # the reader finishes
    assert public_cache.lookup("story", KEY)[1] is None


def test_an_evicted_generation_never_revives_an_old_entry():
    generation, _ = public_cache.lookup("story", KEY)
    public_cache.store(KEY, generation, {"body": b"old"})
    cache.delete("api:v1:generation:story")  # evicted under memory pressure
    assert public_cache.lookup("story", KEY)[1] is None


def test_entries_are_kept_per_host():
    generation, _ = public_cache.lookup("story", KEY)
    public_cache.store(KEY, generation, {"body": b"a"})
    assert public_cache.lookup("story", public_cache.story_key("story", "other"))[1] is None


def test_any_story_change_renews_every_list(django_capture_on_commit_callbacks):
    key = public_cache.list_key("/api/v1/articles/?page_size=5", "host")
    generation, _ = public_cache.lookup(public_cache.LISTS, key)
    public_cache.store(key, generation, {"body": b"page"})
    assert public_cache.lookup(public_cache.LISTS, key)[1] is not None
    with django_capture_on_commit_callbacks(execute=True):
        public_cache.invalidate_on_commit(["some-other-story"])
    assert public_cache.lookup(public_cache.LISTS, key)[1] is None


def test_tokens_expire_and_keys_stay_plain_whatever_is_asked_for(settings):
    import time

    odd = "ünïcode\n slug " * 30
    key = public_cache.story_key(odd, "host")
    assert key.isascii() and len(key) < 100 and " " not in key
    assert public_cache.story_key(odd, "host") == key != public_cache.story_key(odd + "x", "host")
    public_cache.lookup(odd, key)  # an unknown slug leaves a token behind, for a while only
    made = cache.make_key(public_cache._generation_key(odd))
    if hasattr(cache, "_expire_info"):  # local memory
        seconds_left = cache._expire_info[made] - time.time()
    else:  # Redis
        seconds_left = cache._cache.get_client().ttl(made)
    assert 0 < seconds_left <= 2 * settings.API_DETAIL_CACHE_SECONDS + 1

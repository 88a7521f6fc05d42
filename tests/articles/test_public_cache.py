import pytest
from django.core.cache import cache

from articles import public_cache

pytestmark = pytest.mark.django_db


def test_an_entry_is_served_only_while_its_generation_is_current(
    django_capture_on_commit_callbacks,
):
    generation, entry = public_cache.lookup("story", "host")
    assert entry is None and generation
    public_cache.store("story", "host", generation, {"body": b"v1"})
    assert public_cache.lookup("story", "host") == (
        generation,
        {"body": b"v1", "generation": generation},
    )
    with django_capture_on_commit_callbacks(execute=True):
        public_cache.invalidate_on_commit(["story"])
    new_generation, entry = public_cache.lookup("story", "host")
    assert entry is None and new_generation != generation


def test_a_reader_that_built_from_old_data_cannot_poison_the_cache(
    django_capture_on_commit_callbacks,
):
    generation, _ = public_cache.lookup("story", "host")  # the reader starts
    with django_capture_on_commit_callbacks(execute=True):
        public_cache.invalidate_on_commit(["story"])  # an edit commits meanwhile
    public_cache.store("story", "host", generation, {"body": b"old"})  # the reader finishes
    assert public_cache.lookup("story", "host")[1] is None


def test_an_evicted_generation_never_revives_an_old_entry():
    generation, _ = public_cache.lookup("story", "host")
    public_cache.store("story", "host", generation, {"body": b"old"})
    cache.delete("api:v1:generation:story")  # evicted under memory pressure
    assert public_cache.lookup("story", "host")[1] is None


def test_entries_are_kept_per_host():
    generation, _ = public_cache.lookup("story", "a.example")
    public_cache.store("story", "a.example", generation, {"body": b"a"})
    assert public_cache.lookup("story", "b.example")[1] is None

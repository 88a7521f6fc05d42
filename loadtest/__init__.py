"""Load-test material, kept apart from the editorial domain: a realistic archive of generated
stories (`archive.py`, `manage.py generate_archive`) and the same stories as wire copy
(`wire.py`), for the scale tests and the benchmarks. Its text comes from the project's own
small generator (`text.py`), never from third parties."""

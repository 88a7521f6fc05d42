"""IPTC ninjs export (placeholder until the mapping is written)."""

NINJS_VERSIONS = {"3": "3.1", "2": "2.2"}


def article_ninjs(data: dict, *, version: str) -> dict:
    raise NotImplementedError

"""A progress bar for management commands, quiet when output is not a terminal."""

from collections.abc import Iterable

from tqdm import tqdm


def progress(items: Iterable, *, total: int, description: str, stream) -> Iterable:
    return tqdm(items, total=total, desc=description, unit="item", file=stream, leave=True)

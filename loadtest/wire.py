"""The load-test archive's stories as wire copy: the importer's input for load tests and the
ingest benchmark, in the form the wire parser reads."""

from collections.abc import Iterator

from .text import stories


def wire_copy(count: int, *, seed: int = 1, start_number: int = 0) -> Iterator[tuple[str, str]]:
    """`count` stories as (file name, text), from the same generator as the archive."""
    for s in stories(count, seed=seed, start_number=start_number):
        minutes = max(1, round(s["words"] / 230))
        label = "UPDATED: " if s["updated"] else ""
        paragraphs = s["body"].split("\n\n")
        lead = f"{s['place']}, {s['date']} ({s['agency']}) – {paragraphs[0]}"
        unit = "minute" if minutes == 1 else "minutes"
        parts = [f"{label}{s['headline']}", f"Reading Time: {minutes} {unit}", lead]
        parts += paragraphs[1:]
        if s["briefs"]:
            parts += ["In Other Developments", *(f"* {brief}" for brief in s["briefs"])]
        parts.append(f"{s['caption']} NWP/ARCHIVE PHOTOGRAPHER")
        yield f"wire-{s['number']:07d}.txt", "\n\n".join(parts) + "\n"

"""The language of a story's copy, as a BCP 47 tag, from its headline and first paragraphs.

Identification is py3langid's (a maintained port of langid.py, trained on 97 languages); its
model loads on first use. A sample too short to say leaves the language unknown (None), and
the importer then keeps its default.
"""

import py3langid

SAMPLE_CHARS = 100
MIN_LETTERS = 20


def detect_language(*texts: str) -> str | None:
    """`texts` in order of weight (headline first); the tag of their language, e.g. "de"."""
    sample = " ".join(texts)[:SAMPLE_CHARS]
    if sum(map(str.isalpha, sample)) < MIN_LETTERS:
        return None
    language, _ = py3langid.classify(sample)
    return _SAME.get(language, language)


# Tags the model gives for varieties a newsroom files under one language.
_SAME = {"wuu": "zh"}

"""The dates agencies write in datelines ("April 20", "Sept. 14", "20 avril 2026", "20 abr",
"3 de maio", "20. April", "20 квітня"), as one regular expression.

Month names and their abbreviations come from the Unicode CLDR through Babel, in the wide and
abbreviated forms and in both the format (genitive: "квітня") and stand-alone contexts, for the
languages in `DATE_LOCALES`: add a language with its locale code. The date orders are the ones
agencies use: month then day (English), day then month with an optional "de" (Romance
languages) or a period after the day (German), each with an optional year. A year is never
invented: the dateline keeps the date as written.
"""

import re

from babel.dates import get_month_names

DATE_LOCALES = (
    "en",
    "en_GB",
    "de",
    "fr",
    "es",
    "pt",
    "it",
    "nl",
    "pl",
    "cs",
    "sv",
    "da",
    "nb",
    "fi",
    "ro",
    "hu",
    "tr",
    "uk",
    "ru",
    "bg",
    "sr",
    "el",
)


def month_names(locales=DATE_LOCALES) -> list[str]:
    """Every month name and abbreviation of `locales`, without trailing periods, longest first
    (so that "June" is tried before "Jun")."""
    names = set()
    for locale in locales:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for name in get_month_names(width, context, locale).values():
                    names.add(name.rstrip("."))
    names.add("Sept")  # AP style; CLDR English has "Sep"
    return sorted(names, key=lambda name: (-len(name), name))


_MONTH = "(?:" + "|".join(re.escape(name) for name in month_names()) + r")\.?"
_YEAR = r"(?:,?\s+(?:de\s+)?\d{4}(?:\s*(?:г\.|р\.))?)?"
# A date as a dateline writes it, without a weekday; case-insensitive for the month name.
DATE = (
    rf"(?i:(?:{_MONTH}\s+\d{{1,2}}(?!\d)|\d{{1,2}}\.?\s+(?:de\s+)?{_MONTH}(?![\w])){_YEAR}"
    r"|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?)"
)
MONTH = f"(?i:{_MONTH})"

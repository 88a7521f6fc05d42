"""English date formats with the time zone on every time the admin shows (Django's format
strings: `T` is the zone's abbreviation, e.g. UTC or CET)."""

DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i T"

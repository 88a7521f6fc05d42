"""Agency and language conventions of wire copy, as data: each table is read by one step of the
parser, and a new agency's or language's form is a line in it.

Patterns are matched against one unit of copy (a paragraph, a line of a list, a heading) with
its whitespace collapsed, case-insensitively unless a comment says otherwise. Sources: the
agencies' own published copy (Reuters, AP, AFP, dpa, EFE, Bloomberg, Ukrinform, TASS) and the
web pages that republish it.
"""

import re

from .dates import DATE, MONTH

# -- Headline labels -------------------------------------------------------------------------
# Words an agency puts before a headline, ending in "-" ("CORRECTED-", "REFILE-UPDATE 1-") or
# ":" ("Exclusive:"). Each gives what the label says about the copy: a kind (correction,
# refile) or nothing but itself (a genre). Update markers are in `articles.headlines`.
HEADLINE_LABELS = {
    "CORRECTED": "correction",
    "CORRECTION": "correction",
    "CORRECTS": "correction",
    "KORRIGIERT": "correction",  # de
    "KORREKTUR": "correction",  # de
    "BERICHTIGUNG": "correction",  # de
    "CORRIGÉ": "correction",  # fr
    "RECTIFICATIF": "correction",  # fr
    "CORREGIDO": "correction",  # es
    "CORRECCIÓN": "correction",  # es
    "CORRIGIDO": "correction",  # pt
    "CORREÇÃO": "correction",  # pt
    "CORRETTO": "correction",  # it
    "RETTIFICA": "correction",  # it
    "ВИПРАВЛЕНО": "correction",  # uk
    "ИСПРАВЛЕНО": "correction",  # ru
    "REFILE": "refile",
    "RPT": "refile",  # Reuters "repeat"
    "REPEAT": "refile",
    "WIEDERHOLUNG": "refile",  # de
    "EXCLUSIVE": "",
    "EXKLUSIV": "",  # de
    "EXCLUSIF": "",  # fr
    "EXCLUSIVA": "",  # es, pt
    "ESCLUSIVA": "",  # it
    "ЕКСКЛЮЗИВ": "",  # uk
    "ЭКСКЛЮЗИВ": "",  # ru
    "BREAKING": "",
    "NEWS FOCUS": "",
    "URGENT": "",
    "FLASH": "",
    "EILMELDUNG": "",  # de
    "ANALYSIS": "",
    "FACTBOX": "",
    "EXPLAINER": "",
    "INSIGHT": "",
    "FEATURE": "",
    "INTERVIEW": "",
    "WRAPUP": "update",  # Reuters: "WRAPUP 2-" is the second version of a wrap
    "ROUNDUP": "update",  # dpa-AFX: "ROUNDUP 2:"
    "FOCUS": "",
    "SPECIAL REPORT": "",
    "BREAKINGVIEWS": "",
}

# -- Lines before the dateline ---------------------------------------------------------------
# An advisory: the whole line in parentheses ("(Adds minister's comments in paragraphs 4-5)").
ADVISORY = re.compile(r"^\((?P<advisory>[^()]{3,300})\)$")
# An editor's note at the head of the story: the advisory, as written.
EDITORS_NOTE = re.compile(r"^editor[’']?s\s+note\s*:\s*\S.{0,400}$", re.IGNORECASE)
# A page's time stamp saying the story was updated: the advisory, and an update.
# "Publié le 3 novembre à 11h20, modifié le 3 novembre à 16h45": a stamp of an update too.
_MODIFIED = (
    r"|(?:publié|publicado|pubblicato)\s.{5,60}?(?:modifié|mis\s+à\s+jour|actualizado|aggiornato)\s"
)
UPDATED_STAMP = re.compile(
    r"^(?:(?:last\s+)?updated|aktualisiert|zuletzt\s+aktualisiert|mis\s+à\s+jour|actualizado"
    r"|actualizada|atualizado|atualizada|aggiornato|bijgewerkt|zaktualizowano|оновлено"
    rf"|обновлено{_MODIFIED})\s*(?::\s*|(?:on|at|le|am|el|em|il|op)\s+)?"
    rf"(?=\d|{MONTH}|(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s)(?=.*\d).{{3,80}}$",
    re.IGNORECASE,
)
# What an advisory's first word says the copy is, when its headline carries no label.
ADVISORY_KINDS = (
    (
        re.compile(
            r"^(?:corrects|correcting|fixes|korrigiert|berichtigt|corrige|corrige|corregido"
            r"|corrige|corregge|виправлено|исправлено)\b",
            re.IGNORECASE,
        ),
        "correction",
    ),
    (
        re.compile(r"^(?:refiles?|repeats?|resends?|wiederholt|rediffuse)\b", re.IGNORECASE),
        "refile",
    ),
    (
        re.compile(
            r"^(?:adds|updates?|updated|recasts|rewrites|writes\s+through|tops|inserts|expands"
            r"|aktualisiert|ergänzt|neu:|actualiza|atualiza|ajoute|aggiorna|оновлено|обновлено)",
            re.IGNORECASE,
        ),
        "update",
    ),
)


_SAYS_KIND = re.compile(r"\b(?:has\s+been|was|were)\s+(corrected|updated)\b", re.IGNORECASE)


def advisory_kind(advisory: str) -> str:
    """The kind the advisory's wording gives: correction, refile, update, else story."""
    for pattern, kind in ADVISORY_KINDS:
        if pattern.match(advisory):
            return kind
    if says := _SAYS_KIND.search(advisory):
        return "correction" if says.group(1).lower() == "corrected" else "update"
    return "story"


# "Reporting from Castrel, Norland": where a page says its reporter was.
REPORTING_FROM = re.compile(r"^reporting\s+from\s+\S.{1,60}$", re.IGNORECASE)
# "Le Courrier du Soir avec AFP": a page's credit for agency copy, not a byline.
OUTLET_WITH_AGENCY = re.compile(
    r"^.{2,60}\s(?:avec|with|mit|con|com|z)\s(?:AFP|AP|Reuters|dpa|EFE|Lusa|ANSA|PAP|Agencias)$"
)
# "Quelle: DIE WOCHE, dpa", "Source: Velm Port Authority": a page's or a chart's source line.
SOURCE_LINE = re.compile(
    r"^(?:source|sources|quelle|quellen|fuente|fonte|джерело|источник)\s*:\s*\S.{0,80}$",
    re.IGNORECASE,
)
# A page's publication stamp: dropped.
PUBLISHED_STAMP = re.compile(
    r"^(?:published|posted|first\s+published|veröffentlicht|publié|publicado|pubblicato"
    r"|gepubliceerd|opublikowano|опубліковано|опубликовано)\s*(?::\s*|(?:on|at|le|am|el|em|il|op)\s+)?"
    rf"(?=\d|{MONTH}|(?:mon|tue|wed|thu|fri|sat|sun)\w*\.?,?\s)(?=.*\d).{{3,120}}$",
    re.IGNORECASE,
)
# Bylines: the word, then names starting with a capital (or in a script without case).
BYLINE_WORDS = (
    r"(?:By|by|BY|Von|von|Par|par|Por|por|Di|Door|door|Av|Af|Autor(?:in)?:|Автор(?:ка)?:)"
)
BYLINE = re.compile(rf"^{BYLINE_WORDS}\s+(?P<name>[^\W\d_a-z][^!?\n]{{1,160}})$")
# A byline without "By", in the header only: "Mari Example, Reuters".
NAME_AND_OUTLET = re.compile(
    r"^(?P<name>[^\W\d_a-z][\w.'’-]+(?:\s+[^\W\d_a-z][\w.'’-]+){1,3}"
    r"(?:\s+(?:and|und|et|y|e)\s+[^\W\d_a-z][\w.'’-]+(?:\s+[^\W\d_a-z][\w.'’-]+){1,3})?)"
    r",\s+(?P<outlet>[^\W\d_][\w.&'’ -]{1,40})$"
)
# A byline with its writer's title and no "By": "Hana Example Health correspondent".
NAME_AND_TITLE = re.compile(
    r"^(?P<name>[^\W\d_a-z][\w'’-]+(?:\s[^\W\d_a-z][\w'’-]+){1,2})\s(?:[^\W\d_][\w-]*\s){0,2}"
    r"(?i:correspondent|reporter|editor|writer|journalist|columnist|contributor|"
    r"korrespondent(?:in)?|redakteur(?:in)?|journaliste|correspondant|periodista|corresponsal)$"
)
# Words that may join the names of a byline without a capital.
BYLINE_JOINERS = frozenset(
    "and & und et y e i en og och von van der den de da das do dos du la le al bin ibn".split()
)
# A stated reading time: "Reading Time: 3 minutes", "4 min read", "Lesezeit: 3 Minuten".
READING_TIME = re.compile(
    r"^(?:(?:estimated\s+)?reading\s+time|lesezeit|lesedauer|temps\s+de\s+lecture"
    r"|tiempo\s+de\s+lectura|tempo\s+de\s+leitura|tempo\s+di\s+lettura|leestijd|czas\s+czytania"
    r"|час\s+читання|время\s+чтения)\s*:?\s*(?P<minutes>\d{1,3})\s*[^\W\d]{0,8}\.?"
    r"|(?P<minutes2>\d{1,3})[\s-]*(?:min(?:ute)?s?|minuten?|minutos?|хв|мин)\.?\s*"
    r"(?:read|reading|lesezeit|de\s+lecture|de\s+lectura|de\s+leitura|di\s+lettura|читання)\.?$",
    re.IGNORECASE,
)

# -- Datelines -------------------------------------------------------------------------------
# A place: up to five words, the first starting with a letter; its case is checked in Python
# (capitals, or with an agency a capitalised name: "Berlin (dpa)").
# Words are split at spaces only and a hyphen only joins: one way to read each place, so no
# backtracking on long hyphenated lines.
_P = r"(?:[^\W\d]|[.'’/])"  # a letter of a place's name: no digits ("MOSCOW. March 3")
PLACE = rf"[^\W\d_]{_P}*(?:-{_P}+)*(?: {_P}+(?:-{_P}+)*){{0,4}}?"
# Words of a place's name that are not capitalised: "Vila Nova de Alvarim", "Frankfurt am Main".
PLACE_PARTICLES = frozenset(
    "de da do das dos del la le les el di am an der den im sur upon on".split()
)
QUALIFIERS = rf"(?:,\s*(?!{DATE})[^\W\d_][\w.'’\-]*(?:\s[\w.'’\-]+){{0,3}}?)*"
DASH = r"(?:--|[-–—]|\.\s*[-–—])"
# Dateline forms, tried in order; each names its groups place, date and agency, and says
# whether its place must be in capitals (else, with an agency, capitalised words will do).
DATELINES = (
    # (ANSA) - TRENTO, 14 MAG -  (the agency first)
    (
        re.compile(
            rf"^\((?P<agency>[^()\n]{{1,40}})\)\s*{DASH}\s*(?P<place>{PLACE}{QUALIFIERS})"
            rf"(?:,\s*(?P<date>{DATE}))?\s*{DASH}\s*"
        ),
        True,
    ),
    # Nov. 3 (UPI) --  (a date, no place)
    (re.compile(rf"^(?P<date>{DATE})\s*\((?P<agency>[^()\n]{{1,40}})\)\s*{DASH}\s*"), False),
    # KYIV, April 20 (Reuters) –  ·  Berlin (dpa) -  ·  MADRID, 20 abr (EFE).-  ·  (dpa) -
    (
        re.compile(
            rf"^(?:(?P<place>{PLACE}{QUALIFIERS})(?:[,.]\s*(?P<date>{DATE}))?\s*)?"
            rf"\((?P<agency>[^()\n]{{1,40}})\)\s*{DASH}\s*"
        ),
        False,
    ),
    # МОСКВА, 20 апреля. /ТАСС/.  (TASS)
    (
        re.compile(
            rf"^(?P<place>{PLACE}),\s*(?P<date>{DATE})\.\s*/(?P<agency>[^/\n]{{1,20}})/\.?\s+"
        ),
        False,
    ),
    # STOCKHOLM (TT) En skolbuss…  (TT: no dash after a short agency in capitals)
    (
        re.compile(rf"^(?P<place>{PLACE})\s+\((?P<agency>[A-ZÅÄÖ]{{2,5}})\)\s+(?=[^\W\d_])"),
        True,
    ),
    # HARBOURVIEW, N.S. —  ·  WASHINGTON, Nov 3 —  (a place in capitals, no agency)
    (
        re.compile(
            rf"^(?P<place>{PLACE}{QUALIFIERS})(?:,\s*(?P<date>{DATE}))?\s+(?:--|[-–—])\s*(?=\S)"
        ),
        True,
    ),
)

# -- Photo credits ---------------------------------------------------------------------------
_AGENCY_CAPS = r"[A-Z][A-Z0-9&.]*(?:[- ][A-Z0-9&.]+)*"
_NAME = r"[^\W\d_][^/()\n:]{0,60}?"
_ANY_AGENCY = r"[^\W\d_][\w&.\- ]{0,30}?"
PHOTO_WORDS = (
    r"(?:Photo(?:graph)?|Foto(?:grafía|grafia)?|Fotó|Fot\.|Zdjęcie|Фото|Світлина|Снимок|Φωτογραφία"
    r"|Credit|Bild)(?![\w])"
)
# Photo agencies and services, in lower case: they settle which side of "A/B" is the agency,
# and a credit with neither a photo word nor capitals ("(Xinhua/Li Ming)") must name one.
PHOTO_AGENCIES = frozenset(
    (
        "ap",
        "afp",
        "reuters",
        "epa",
        "efe",
        "epa-efe",
        "dpa",
        "anp",
        "aap",
        "pap",
        "tt",
        "ansa",
        "lusa",
        "apa",
        "keystone",
        "keystone-sda",
        "ctk",
        "čtk",
        "aa",
        "upi",
        "xinhua",
        "kyodo",
        "yonhap",
        "getty",
        "getty images",
        "afp via getty images",
        "bloomberg",
        "pa",
        "pa media",
        "pa wire",
        "sipa",
        "imago",
        "shutterstock",
        "alamy",
        "belga",
        "nurphoto",
        "zuma",
        "abaca",
        "ullstein",
        "picture alliance",
        "picture-alliance",
        "ukrinform",
        "укрінформ",
        "тасс",
        "tass",
        "sputnik",
        "ria novosti",
        "the canadian press",
        "associated press",
        "press association",
        "anadolu",
        "anadolu agency",
        "ap photo",
        "reuters photo",
        "afp photo",
    )
)
# Each form names its groups credit, photographer and agency; the credit must end the caption.
CREDITS = (
    # (AP Photo/Jane Doe)  ·  (AP Photo/Jane Doe, File): the photographer is Jane Doe.
    re.compile(
        rf"\((?P<credit>(?P<agency>{_AGENCY_CAPS})(?:\s+(?:Photos?|Image))?\s*/\s*(?P<photographer>[^()/\n,]+?)"
        r"(?:,\s*(?:File|Pool|Archive|Handout)[^()]*)?)\)$"
    ),
    # Photo by Jane Doe / AFP  ·  Foto: Anna Beispiel/dpa  ·  (Photo Léa Exemple / AFP)
    re.compile(
        rf"(?:\(?{PHOTO_WORDS}\s*(?:(?:by|von|de|par|di|door)\s|:)\s*|\({PHOTO_WORDS}\s+)"
        rf"(?P<credit>(?P<photographer>{_NAME})\s*/\s*(?P<agency>{_ANY_AGENCY})\.?)\)?$",
        re.IGNORECASE,
    ),
    # Photo: Jane Doe (AFP)  ·  Foto: Anna Beispiel (dpa)
    re.compile(
        rf"(?:{PHOTO_WORDS}\s*(?:(?:by|von|de|par|di|door)\s|:)\s*)"
        rf"(?P<credit>(?P<photographer>{_NAME})\s*\((?P<agency>{_ANY_AGENCY})\))\.?$",
        re.IGNORECASE,
    ),
    # Jane Doe/The Harbour Times via AP
    re.compile(
        r"(?<=[.!?”\"] )(?P<credit>(?P<photographer>[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3})"
        r"\s*/\s*(?P<agency>[^/()\n]{2,60}?\svia\s[^/()\n]{2,30}))$"
    ),
    # (Xinhua/Li Ming)  ·  (Jane Doe/AFP): which side is the agency is settled by `_credit`.
    re.compile(
        r"\((?P<credit>(?=[^()]*\s)(?P<photographer>[^\W\d_a-z][^()/\n]{1,40}?)\s*/\s*"
        r"(?P<agency>[^\W\d_a-z][^()/\n]{1,40}?))\)\.?$"
    ),
    # EPA-EFE/SERGEY DOLZHENKO  ·  REUTERS/Jane Doe  (the agency in capitals, case-sensitive)
    re.compile(
        rf"(?:^|\s)(?P<credit>(?P<agency>{_AGENCY_CAPS})/(?P<photographer>[^/()\n]+?)"
        r"(?:/(?:File\s+Photo|File|Pool|Handout))?)$"
    ),
    # Jane Doe/The Velm Courier/File Photo  (a picture desk's file photo)
    re.compile(
        r"(?<=[.!?”\"] )(?P<credit>(?P<photographer>[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3})"
        r"/(?P<agency>[^/()\n]{2,40})/(?:File\s+Photo|File|Pool|Handout))$"
    ),
)

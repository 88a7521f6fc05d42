"""What a story must have before it is published or scheduled, checked by the services for
every caller (the story form, the step pages, bulk actions, the importer).

- **Nothing to read**: a body with no letter or digit in it (empty, white space, stray
  punctuation, markup pasted alone: tags, comments, `&nbsp;`) and no brief that has one.
  Never overridden: a story readers open must have text.
- **A photo without an image file**: readers would get the caption of a picture they cannot
  see (the lead photo above all: it heads the story and feeds the share cards).
- **A photo without alt text**, or with alt text that describes nothing (only punctuation, a
  file name such as "IMG_2041.JPG", an address, or a placeholder such as "photo" or "image"):
  screen-reader users get no picture at all (WCAG 2.2, success criterion 1.1.1).
- **A photo without a credit line**: neither an agency, a photographer nor an editor's credit
  (every published news photo is credited; the caption alone does not say whose it is).

The photo checks may be overridden by someone who may publish, with a reason that is kept in the
story's history (`overridden_note`). Each problem says what to fix.
"""

import html
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from newsroom.text import INVISIBLE

from ..models import Article, ArticlePhoto, BriefItem
from .cleaning import clean_note

_SOMETHING_TO_READ = re.compile(r"\w")
MAX_REASON = 1000  # characters: a reason is a sentence or two, kept in every revision list
# Markup pasted as text: comments (Word's conditional ones among them), then tags.
_MARKUP = re.compile(r"<!--.*?-->|<!\[[^\]]*\]>|<[^<>]*>", re.DOTALL)
# Blocks pasted from a page whose content is code, not text, and shortcodes ([caption]).
_CODE = re.compile(r"<(script|style)\b.*?</\1\s*>|\[/?[a-z_]+[^\]]*\]", re.DOTALL | re.I)
# Alt text that stands in for a description: what a camera, a form or a hurried editor puts
# there, in the desk's common languages.
_PLACEHOLDER_ALT = frozenset(
    "photo image picture img pic alt untitled graphic foto bild thumbnail placeholder "
    "spacer todo tbd n/a xxx imagen immagine afbeelding zdjęcie фото зображення изображение "
    "صورة תמונה 图片 圖片 写真 画像 사진 चित्र resim εικόνα obrázek kuva billede bilde".split(" ")
) | {"alt text", "image alt", "no alt", "image of", "photo of", "picture of"}
# A camera's or a screen's file name, with or without its extension.
_CAMERA_NAME = re.compile(
    r"^(?:img|dsc|dscn|dscf|p|pxl|mvimg)[_-]?\d{3,}"
    r"|^(?:screenshot|bildschirmfoto|whatsapp image)\b",
    re.IGNORECASE,
)
# Credits that credit no one.
_NO_CREDIT = frozenset("unknown unbekannt inconnu desconocido n/a none photo: foto: ©".split(" "))
# A list's marker at the start of a line ("1.", "-", "•", "[ ]"): a numbered empty item is
# still empty.
_LIST_MARKER = re.compile(r"^[ \t]*(?:\d{1,3}[.)]|[-*•·]+|\[[ xX]?\])", re.MULTILINE)
# A reason is a few words at least: "x", "." or "ok" says nothing to whoever reads the history.
MIN_REASON_LETTERS = 4
_FILE_NAME = re.compile(
    r"\.(?:jpe?g|png|gif|webp|tiff?|heic|heif|avif|bmp|nef|cr2|cr3|arw|dng|raw)$", re.IGNORECASE
)


@dataclass(frozen=True)
class PublishProblem:
    code: str  # empty_body, photo_no_file, photo_no_alt, photo_no_credit
    message: str  # what is wrong and what to fix, for the editor
    overridable: bool
    photo_id: int | None = None


def _photo_name(placement: ArticlePhoto, number: int) -> str:
    if placement.role == ArticlePhoto.Role.LEAD:
        return _("The lead photo")
    caption = placement.caption.strip()
    if caption:
        short = caption if len(caption) <= 40 else caption[:39] + "…"
        return _("Photo %(number)d (“%(caption)s”)") % {"number": number, "caption": short}
    return _("Photo %(number)d") % {"number": number}


def readable(text: str | None) -> bool:
    """Whether `text` has something to read: a letter or digit once markup pasted as text
    (tags, comments, entities such as `&nbsp;`) is taken away."""
    text = html.unescape(_MARKUP.sub(" ", _CODE.sub(" ", text or "")))
    text = _MARKUP.sub(" ", text)  # markup that was itself escaped (&lt;p&gt;)
    text = _LIST_MARKER.sub(" ", INVISIBLE.sub("", text))
    return bool(_SOMETHING_TO_READ.search(text))


def _alt_text_describes(alt_text: str) -> bool:
    alt_text = alt_text.strip()
    return (
        readable(alt_text)
        and not _FILE_NAME.search(alt_text)
        and not _CAMERA_NAME.match(alt_text)
        and alt_text.casefold().strip(".:") not in _PLACEHOLDER_ALT
        and not alt_text.startswith(("http://", "https://"))
    )


_PHOTO_MESSAGES = {
    "photo_no_file": gettext_lazy(
        "%(photo)s has no image file: upload one to the photo, or take it out of the story."
    ),
    "photo_no_alt": gettext_lazy(
        "%(photo)s has no alt text: say in a sentence what it shows, for readers who cannot see it."
    ),
    "photo_no_credit": gettext_lazy(
        "%(photo)s has no credit: give its agency or photographer, or a credit line."
    ),
}


def photo_problem_codes(photo) -> list[str]:
    """What the checks before publishing find wrong with a photo itself, wherever it is shown:
    `photo_no_file`, `photo_no_alt`, `photo_no_credit`, in that order."""
    found = {
        "photo_no_file": not photo.image,
        "photo_no_alt": not _alt_text_describes(photo.alt_text),
        "photo_no_credit": not readable(photo.credit_line)
        or photo.credit_line.strip().casefold() in _NO_CREDIT,
    }
    return [code for code, wrong in found.items() if wrong]


def _photo_problems(placement: ArticlePhoto, number: int) -> list[PublishProblem]:
    name = _photo_name(placement, number)
    return [
        PublishProblem(code, str(_PHOTO_MESSAGES[code]) % {"photo": name}, True, placement.photo_id)
        for code in photo_problem_codes(placement.photo)
    ]


def check_photo_change(photo, changes: dict, *, shown_by: str, override_reason: str) -> str:
    """For a photo that a story readers see shows (`shown_by`: its headline): the problems
    `changes` (new field values) would bring the photo are judged as at publishing. Raises
    `ValidationError` on `override_reason`; returns the note for the story's history."""
    before = set(photo_problem_codes(photo))
    for name, value in changes.items():
        setattr(photo, name, value)
    name = _("The photo shown by “%(headline)s”") % {"headline": shown_by}
    return _checked(
        [
            PublishProblem(code, str(_PHOTO_MESSAGES[code]) % {"photo": name}, True, photo.pk)
            for code in photo_problem_codes(photo)
            if code not in before
        ],
        override_reason,
    )


def publish_problems(article: Article) -> list[PublishProblem]:
    """The story's problems before publishing, in the order an editor meets them: the text
    first, then each photo in the story's order (the lead first)."""
    problems = []
    briefs = BriefItem.objects.filter(box__article=article).values_list("text", flat=True)
    if not readable(article.body) and not any(map(readable, briefs if article.pk else [])):
        problems.append(
            PublishProblem(
                "empty_body",
                _("The story has no text: write its body (or add briefs) before publishing."),
                False,
            )
        )
    placements = (
        article.photo_placements.select_related("photo").order_by("-role", "position", "id")
        if article.pk
        else []
    )  # "lead" sorts after "inline": descending puts the lead first
    for number, placement in enumerate(placements, start=1):
        problems.extend(_photo_problems(placement, number))
    return problems


def check_before_publishing(article: Article, override_reason: str = "") -> str:
    """Raises `ValidationError` (on `override_reason`, one message per problem) if the story
    cannot be published as it is: a problem that may not be overridden, or photo problems
    without a reason to override them. Returns the note for the history ("" when all is
    well)."""
    return _checked(publish_problems(article), override_reason)


def check_revision(article: Article, before: list[PublishProblem], override_reason: str) -> str:
    """The same for a change to a story readers see, or will at its scheduled time: the
    problems the change brings (not in `before`, the story's problems before it) are judged
    as at publishing. Returns the note for the history."""
    known = {(problem.code, problem.photo_id) for problem in before}
    return _checked(
        [p for p in publish_problems(article) if (p.code, p.photo_id) not in known],
        override_reason,
    )


def _checked(problems: list[PublishProblem], override_reason: str) -> str:
    if not problems:
        return ""
    reason = clean_note(override_reason)
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {
                "override_reason": _("Keep the reason to %(limit)d characters at most.")
                % {"limit": MAX_REASON}
            }
        )
    if reason and len(_SOMETHING_TO_READ.findall(INVISIBLE.sub("", reason))) < MIN_REASON_LETTERS:
        raise ValidationError(
            {"override_reason": _("Say in a few words why: the reason is kept in the history.")}
        )
    blocking = [p for p in problems if not p.overridable]
    if blocking:
        raise ValidationError(
            {"override_reason": [ValidationError(p.message, code=p.code) for p in blocking]}
        )
    if not reason:
        errors = [ValidationError(p.message, code=p.code) for p in problems]
        errors.append(
            ValidationError(
                _(
                    "To publish anyway, give the reason for overriding these checks; it is kept "
                    "in the story's history."
                ),
                code="publish_checks_overridable",
            )
        )
        raise ValidationError({"override_reason": errors})
    return overridden_note(problems, reason)


def overridden_note(problems: list[PublishProblem], reason: str) -> str:
    listed = "; ".join(p.message for p in problems)
    return _("Checks overridden (%(problems)s). Reason: %(reason)s") % {
        "problems": listed,
        "reason": reason,
    }

"""A check of nominee content for what makes it inaccessible or leaves a language out.

Profile texts are plain text, so a "heading" is a line starting with ``#`` and a "link text" is
a phrase such as "klikk her" that says nothing out of context (WCAG 2.4.4).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kaaring.awards.models import Nominee

VAGUE_LINK_TEXTS = re.compile(
    r"\b(klikk her|trykk her|les mer|les meir|click here|read more)\b", re.IGNORECASE
)
_HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)
_TEXT_FIELDS = ("summary", "profile")


@dataclass(frozen=True)
class ContentIssue:
    nominee: Nominee
    criterion: str
    message: str


def _skipped_heading(text: str) -> bool:
    previous = 1  # the page's own heading is the top level
    for match in _HEADING.finditer(text):
        level = len(match.group(1))
        if level > previous + 1:
            return True
        previous = level
    return False


def nominee_content_issues(nominee: Nominee) -> list[ContentIssue]:
    issues: list[ContentIssue] = []

    def add(criterion: str, message: str) -> None:
        issues.append(ContentIssue(nominee=nominee, criterion=criterion, message=message))

    if nominee.image and not nominee.image_alt:
        add("1.1.1", _("The image has no description."))
    if nominee.image and not (nominee.image_alt_nn and nominee.image_alt_en):
        add("3.1.2", _("The image description is missing in nynorsk or English."))
    messages = {
        "summary": (
            _("The summary is missing in nynorsk or English."),
            _("The summary says “click here” or “read more”."),
        ),
        "profile": (
            _("The profile text is missing in nynorsk or English."),
            _("The profile text says “click here” or “read more”."),
        ),
    }
    for field in _TEXT_FIELDS:
        texts = [getattr(nominee, f) for f in (field, f"{field}_nn", f"{field}_en")]
        missing_language, vague_link = messages[field]
        if texts[0] and not (texts[1] and texts[2]):
            add("3.1.2", missing_language)
        if any(VAGUE_LINK_TEXTS.search(text) for text in texts):
            add("2.4.4", vague_link)
    if any(_skipped_heading(getattr(nominee, f)) for f in ("profile", "profile_nn", "profile_en")):
        add("1.3.1", _("The profile text skips a heading level."))
    return issues

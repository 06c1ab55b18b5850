"""A readable comparison of two revisions: words struck out and words added, word by word."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_TOKENS = re.compile(r"\s+|[^\s]+")


def _words(text: str) -> list[str]:
    return _TOKENS.findall(text)


def diff_html(old: str, new: str) -> SafeString:
    """HTML with <del> and <ins> around what changed; everything typed is escaped."""
    parts: list[str] = []
    old_words, new_words = _words(old), _words(new)
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        removed = escape("".join(old_words[a1:a2]))
        added = escape("".join(new_words[b1:b2]))
        if operation == "equal":
            parts.append(removed)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    # Every piece above went through escape(); only our own tags are markup.
    html = "".join(parts)
    return mark_safe(html)  # noqa: S308  # nosec B308, B703  # every piece escaped above

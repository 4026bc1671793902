"""Personal names in the order their culture writes them.

Chinese, Japanese and Korean names put the family name first (山田 太郎: family 山田, given
太郎); address books store given and family names separately and Western software joins them
the other way round.
"""

from __future__ import annotations

import unicodedata


def is_cjk(text: str) -> bool:
    """True when every letter of ``text`` is Chinese, Japanese or Korean script."""
    letters = [c for c in text if not c.isspace()]
    return bool(letters) and all(
        unicodedata.name(c, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL"))
        for c in letters
    )


def full_name(given: str, family: str) -> str:
    """The name as written: "given family", or "family given" in CJK scripts."""
    given, family = given.strip(), family.strip()
    if given and family and is_cjk(given + family):
        return f"{family} {given}"
    return " ".join(part for part in (given, family) if part)


def split_name(name: str) -> tuple[str, str]:
    """A best guess at (given, family) from a written name: the last word is the family name,
    or the first one in CJK scripts; a single word is taken as the given name."""
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    if is_cjk(name):
        return " ".join(words[1:]), words[0]
    return " ".join(words[:-1]), words[-1]

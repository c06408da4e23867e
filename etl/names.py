"""Vietnamese unit names: Unicode normalisation and the keys the matcher compares.

Keys keep every diacritic, so names that differ only by diacritics (Tam Đàn, Tam Dân) stay different units.
"""

from __future__ import annotations

import re
import unicodedata

# Old-style tone placement on the open diphthongs oa, oe, uy (hoà, khoẻ, thuỷ) and the new style (hòa, khỏe, thủy)
# both occur in official documents; keys use the new style. "qu" + vowel is not a diphthong (quý, quà).
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_DIPHTHONG_TONE = re.compile(rf"(?<![qQ])([oO][aAeE]|[uU][yY])([{_TONES}])")


def _move_tone(match: re.Match) -> str:
    """Move the tone to the first vowel when the syllable ends after the diphthong (not in hoàng, huỳnh).

    A letter of the same case continues the syllable; a capital after a small letter starts a new one, as in
    GADM's spaceless 'HoàThuận'.
    """
    pair, tone = match.groups()
    following = match.string[match.end():match.end() + 1]
    if following.isalpha() and following.islower() == pair[1].islower():
        return match.group(0)
    return pair[0] + tone + pair[1]


# Type words and their abbreviations, longest first; matched only as a leading word.
TYPE_PREFIXES = (
    "thành phố", "thị trấn", "thị xã", "thị xả", "huyện", "quận", "phường", "tỉnh", "xã",
    "tp.", "tx.", "tt.", "tp", "tx", "tt", "h.", "q.", "p.", "x.",
)
_PREFIX = re.compile(r"^(?:" + "|".join(re.escape(p) for p in TYPE_PREFIXES) + r")(?:\s+|(?<=\.))", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")


def normalize_name(name: str) -> str:
    """NFC, new-style tone placement, single spaces: the form names are stored in."""
    decomposed = unicodedata.normalize("NFD", str(name).strip())
    moved = _DIPHTHONG_TONE.sub(_move_tone, decomposed)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", moved))



def strip_type_prefix(name: str) -> str:
    """'Thành phố Tam Kỳ' → 'Tam Kỳ', 'TT. Nam Phước' → 'Nam Phước'; a bare number ('Phường 1') keeps its word."""
    stripped = _PREFIX.sub("", name, count=1).strip()
    return name if not stripped or stripped.isdigit() else stripped


def name_key(name: str) -> str:
    """The comparison key: normalised, lower case, type word removed, no spaces (GADM writes 'ĐiệnBàn'),
    numbers without leading zeros (the GSO writes 'Phường 05', others 'Phường 5')."""
    key = strip_type_prefix(normalize_name(name)).lower().replace(" ", "").replace("-", "")
    return _NUMBER.sub(lambda m: str(int(m.group())), key)


def ascii_fold(text: str) -> str:
    """Drop diacritics (Đ → D): only for hints in reports and for searching, never for matching."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))

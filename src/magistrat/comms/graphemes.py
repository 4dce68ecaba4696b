"""Counting user-perceived characters (extended grapheme clusters, approximately UAX #29) with the
standard library: Bluesky limits posts to 300 graphemes and Mastodon counts the same way, so "é"
written as e + combining accent, a flag or a family emoji each count as one."""

import unicodedata

ZWJ = "\u200d"


def _extends(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        or char == ZWJ
    )


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def grapheme_count(text: str) -> int:
    count = 0
    previous = ""
    regional_run = 0
    for char in text:
        if previous == "\r" and char == "\n":
            previous = char
            continue
        if count and (_extends(char) or previous == ZWJ):
            previous = char
            continue
        if _regional(char):
            regional_run += 1
            if regional_run % 2 == 0:  # the second half of a flag
                previous = char
                continue
        else:
            regional_run = 0
        count += 1
        previous = char
    return count

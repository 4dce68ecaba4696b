"""Remove personal data from residents' free-text comments before they are stored.

Ratings are anonymous: a comment must not carry a PESEL number, an ID-card number, a phone
number or an e-mail address. PESEL and ID-card numbers are removed when their checksum is
valid, so ordinary numbers (a case number, a sum of money) stay.
"""

import re

REDACTED = "[usunięto]"

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PESEL_CANDIDATE = re.compile(r"(?<!\d)\d{11}(?!\d)")
ID_CARD_CANDIDATE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{3})\s?(\d{6})(?![A-Za-z0-9])")
PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?48[\s-]?)?"
    r"(?:\d{3}[\s-]?\d{3}[\s-]?\d{3}|\(?\d{2}\)?[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2})(?!\d)"
)

PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
ID_CARD_WEIGHTS = (7, 3, 1, 9, 7, 3, 1, 7, 3)


def is_pesel(number: str) -> bool:
    if len(number) != 11 or not number.isdigit():
        return False
    digits = [int(d) for d in number]
    checksum = (10 - sum(w * d for w, d in zip(PESEL_WEIGHTS, digits, strict=False)) % 10) % 10
    month = digits[2] * 10 + digits[3]
    return checksum == digits[10] and month % 20 in range(1, 13)


def is_id_card(number: str) -> bool:
    """Polish ID card (dowód osobisty): 3 letters and 6 digits, the first digit a check digit."""
    number = number.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{3}\d{6}", number):
        return False
    values = [ord(c) - 55 for c in number[:3]] + [int(d) for d in number[3:]]
    return sum(w * v for w, v in zip(ID_CARD_WEIGHTS, values, strict=True)) % 10 == 0


def scrub(text: str) -> str:
    """The text with e-mail addresses, valid PESEL and ID-card numbers and phone numbers replaced."""
    text = EMAIL.sub(REDACTED, text)
    text = PESEL_CANDIDATE.sub(lambda m: REDACTED if is_pesel(m.group()) else m.group(), text)
    text = ID_CARD_CANDIDATE.sub(
        lambda m: REDACTED if is_id_card(m.group(1) + m.group(2)) else m.group(), text
    )
    return PHONE.sub(REDACTED, text)

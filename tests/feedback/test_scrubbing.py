import pytest
from hypothesis import given
from hypothesis import strategies as st

from magistrat.feedback.scrubbing import REDACTED, is_id_card, is_pesel, scrub

VALID_PESEL = "44051401359"  # the textbook example
VALID_ID_CARD = "ABA300000"


def test_checksums():
    assert is_pesel(VALID_PESEL)
    assert not is_pesel("44051401358")
    assert is_pesel("02270803624")  # born in 2002: month + 20
    assert is_id_card(VALID_ID_CARD)
    assert not is_id_card("ABA300001")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (f"Mój PESEL to {VALID_PESEL}, proszę o kontakt", "Mój PESEL to"),
        ("Dzwońcie: +48 601 234 567 albo 601-234-567", "Dzwońcie:"),
        ("Tel. (22) 555 12 34 w godzinach pracy", "Tel."),
        ("Pisać na jan.kowalski@example.pl", "Pisać na"),
        (f"Dowód {VALID_ID_CARD} zgubiony", "zgubiony"),
    ],
)
def test_personal_data_is_removed(text, kept):
    result = scrub(text)
    assert REDACTED in result and kept in result
    for secret in (VALID_PESEL, "601 234 567", "601-234-567", "555 12 34", "jan.kowalski", VALID_ID_CARD):
        assert secret not in result


@pytest.mark.parametrize(
    "text",
    [
        "Czekałem 45 minut przy stanowisku 12",
        "Opłata 12345678901 zł?",
        "Sprawa SKW.1510.17.2026",
        "Bardzo miła obsługa!",
    ],
)
def test_ordinary_text_and_numbers_stay(text):
    assert scrub(text) == text


@given(st.text(max_size=300))
def test_scrub_never_fails_and_is_idempotent(text):
    once = scrub(text)
    assert scrub(once) == once


@given(st.integers(min_value=0, max_value=10**10 - 1))
def test_every_valid_pesel_is_removed(body):
    digits = f"{body:010d}"
    month = int(digits[2:4]) % 20
    if not 1 <= month <= 12:
        return
    check = (
        10 - sum(w * int(d) for w, d in zip((1, 3, 7, 9, 1, 3, 7, 9, 1, 3), digits, strict=True)) % 10
    ) % 10
    pesel = digits + str(check)
    assert pesel not in scrub(f"nr {pesel} koniec")

"""The Polish catalogue is complete and its compiled .mo (shipped in the package) is up to date."""

import gettext
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "src/magistrat/locale"


def test_polish_catalogue_is_complete_and_compiled():
    po = polib.pofile(str(LOCALE / "pl/LC_MESSAGES/django.po"))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries()
    with open(LOCALE / "pl/LC_MESSAGES/django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po.translated_entries():
        if entry.msgid_plural and entry.msgctxt:
            found = compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
            assert found == entry.msgstr_plural[0]
        elif entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            found = compiled.pgettext(entry.msgctxt, entry.msgid)
            assert found == entry.msgstr, f"run compilemessages: {entry.msgctxt}|{entry.msgid!r}"
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, f"run compilemessages: {entry.msgid!r}"

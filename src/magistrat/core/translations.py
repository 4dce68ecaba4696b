"""Strings that Django shows in our forms but its Polish catalogue does not translate yet.

`makemessages` copies these msgids into our catalogue (`locale/pl/LC_MESSAGES/django.po`), whose
translations take precedence over Django's own (`LOCALE_PATHS`), so the Polish UI shows no English
text. Nothing imports this module: `gettext_noop` only marks the strings for extraction.
`tests/core/test_untranslated.py` finds strings that belong here.
"""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    # Django 6.1: the empty choice of every optional select (db.models.fields.BLANK_CHOICE_LABEL).
    gettext_noop("- Select an option -"),
]

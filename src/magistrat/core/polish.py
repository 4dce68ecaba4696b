"""Polish words for search: tokenising, stemming (inflected forms to one stem) and diacritic folding.

Stemming uses pystempel with its PoliMorf table (the Stempel algorithm of Lucene), so "uchwały",
"uchwale" and "uchwałą" all become "uchwała" in Python, identically on SQLite and PostgreSQL
(neither database ships a Polish dictionary). The table is loaded once per process on first use
(about 3 s, ~160 MB); the web server loads it before it serves (`preload`, called by
magistrat/wsgi.py), `magistrat worker` as it first indexes or searches.
"""

import itertools
import os
import re
import unicodedata
from functools import cache, lru_cache

WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Letters that Unicode does not decompose into a base letter and an accent.
_FOLD = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "ø": "o"})


@cache
def _stemmer():
    os.environ.setdefault("DISABLE_TQDM", "1")  # pystempel prints its loading progress otherwise
    from importlib.resources import files

    from pystempel import Stemmer

    return Stemmer.from_file(str(files("pystempel.data.polimorf") / "stemmer_polimorf.tbl.gz"))


def preload() -> None:
    """Load the stemming table now, not on the first search."""
    stem("uchwała")


def words(text: str) -> list[str]:
    """Lower-case words of two letters or more, and numbers: "XII/123/2026" → xii, 123, 2026."""
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 or w.isdigit()]


def fold(word: str) -> str:
    """The word without diacritics: "uchwały" → "uchwaly", "łódź" → "lodz"."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The stem of a lower-case word; numbers and words the stemmer does not know stay as they are."""
    if word.isdigit() or len(word) < 3:
        return word
    result = _stemmer()(word)
    return (result or word)[:64]


# Letters that may stand for a Polish letter in text typed without diacritics.
_POLISH = {"a": "aą", "c": "cć", "e": "eę", "l": "lł", "n": "nń", "o": "oó", "s": "sś", "z": "zźż"}
MAX_SPELLINGS = 1024


def spellings(word: str) -> list[str]:
    """The ways a word typed without Polish letters may be spelt with them ("uchwaly" → …, "uchwały", …),
    the word itself first; at most MAX_SPELLINGS of them."""
    options = [_POLISH.get(letter, letter) for letter in word]
    return ["".join(letters) for letters in itertools.islice(itertools.product(*options), MAX_SPELLINGS)]

"""Text compared without accents, case or punctuation: one folding for search, sorting and
matching names."""

import re
import unicodedata


def fold(text):
    """Text without accents and case: “Ostéoporose” -> “osteoporose”."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def sort_key(name):
    """The key that sorts names as a reader expects: “Évian” with the E's."""
    return fold(name)


def normalised_name(name):
    """Names compared without case, accents or punctuation: “Stem-cells” = “stem cells”."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(name).replace("’", "'")).split())

"""Text helpers that know Danish: slugs that spell out æ, ø and å instead of dropping them."""

from django.utils.text import slugify

DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    """An ASCII slug with Danish letters spelt the Danish way (Kjær → kjaer), where slugify drops ø."""
    return slugify(text.translate(DANISH_LETTERS))

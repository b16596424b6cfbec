"""Translated fields of the glossary, and their history (registered after translation, so that
the historical model gets every `<field>_<language>` column)."""

from modeltranslation.translator import TranslationOptions, register

from editorial.history import register_history

from .models import Term


@register(Term)
class TermTranslationOptions(TranslationOptions):
    fields = ("term", "definition", "aliases")
    required_languages = ("en",)


register_history(Term)

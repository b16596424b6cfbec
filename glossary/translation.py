from modeltranslation.translator import TranslationOptions, register

from .models import Term


@register(Term)
class TermTranslationOptions(TranslationOptions):
    fields = ("term", "definition", "aliases")
    required_languages = ("en",)

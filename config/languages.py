"""The site's languages, in one place: their codes, the default language and the fallback
chain that every translated text follows. Everything else imports them from here."""

from django.conf import settings

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# The language every translated field has (modeltranslation's default), and the fallback.
DEFAULT_LANGUAGE = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
TRANSLATION_LANGUAGES = tuple(code for code in LANGUAGE_CODES if code != DEFAULT_LANGUAGE)


def fallback_chain(language):
    """The languages a text is looked for in, in order: the language itself, then English."""
    if language == DEFAULT_LANGUAGE:
        return (language,)
    return (language, DEFAULT_LANGUAGE)


def language_name(code):
    return dict(settings.LANGUAGES)[code]

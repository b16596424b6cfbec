"""The language of an API response: `?lang=xx`, else Accept-Language, else English."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import status
from rest_framework.exceptions import APIException

from config.languages import LANGUAGE_CODES

SUPPORTED_LANGUAGES = list(LANGUAGE_CODES)


class UnsupportedLanguage(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "unsupported_language"

    def __init__(self, language):
        super().__init__(
            {
                "detail": _("Unsupported language “%(language)s”. Supported languages: %(codes)s.")
                % {"language": language[:20], "codes": ", ".join(SUPPORTED_LANGUAGES)},
                "supported_languages": SUPPORTED_LANGUAGES,
            }
        )


def negotiate_language(request) -> str:
    requested = request.query_params.get("lang")
    if requested is not None:
        if requested not in SUPPORTED_LANGUAGES:
            raise UnsupportedLanguage(requested)
        return requested
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in SUPPORTED_LANGUAGES:
            return base
    return settings.LANGUAGE_CODE


class LanguageNegotiationMixin:
    """Serve every response in the negotiated language and say so in its headers."""

    language = settings.LANGUAGE_CODE

    def initial(self, request, *args, **kwargs):
        self.language = negotiate_language(request)
        translation.activate(self.language)
        request.LANGUAGE_CODE = self.language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = self.language
        patch_vary_headers(response, ["Accept-Language"])
        return response

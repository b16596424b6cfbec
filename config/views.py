"""Site-wide views: the language switcher, whose links remember the reader's choice."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from config.languages import LANGUAGE_CODES


@never_cache
@require_safe
def switch_language(request, language):
    """Set the language cookie (as Django's `set_language` does) and go to `next` in `language`.

    A link rather than a POST form: it carries `hreflang`, needs no CSRF token on every page
    and works from the keyboard like any link. `/` then redirects to the remembered language.
    """
    if language not in LANGUAGE_CODES:
        raise Http404("Unknown language.")
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = translate_url(next_url, language)
    else:
        with translation.override(language):
            next_url = reverse("intervention_list")
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response

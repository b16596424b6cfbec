"""Staff pages of the editorial workflow: translation coverage and the readability score."""

from django.contrib import admin
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from config.languages import TRANSLATION_LANGUAGES
from trials.richtext import plain_text

from .models import EditorialModel
from .readability import MEASURE_NAMES, TARGET, readability
from .translation_admin import language_name


def _translated_models(request):
    """The content models with translations this user may see in the admin, in admin order."""
    models = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if issubclass(model, EditorialModel)
        and model.translatable_fields()
        and model_admin.has_view_or_change_permission(request)
    ]
    return sorted(models, key=lambda pair: str(pair[0]._meta.verbose_name_plural).casefold())


def _coverage(model):
    """{"total": n, language: {"missing": n, "outdated": n, "complete": n}} in one query."""
    aggregates = {"total": Count("pk")}
    for language in TRANSLATION_LANGUAGES:
        missing = Q(missing_translations__contains=f",{language},")
        outdated = Q(outdated_translations__contains=f",{language},")
        aggregates[f"missing_{language}"] = Count("pk", filter=missing)
        aggregates[f"outdated_{language}"] = Count("pk", filter=outdated)
        aggregates[f"complete_{language}"] = Count("pk", filter=~missing & ~outdated)
    return model._default_manager.order_by().aggregate(**aggregates)


def translation_coverage(request):
    """Per model and language: how many objects are complete, and what is missing or outdated."""
    tables = []
    for model, _model_admin in _translated_models(request):
        counts = _coverage(model)
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        tables.append(
            {
                "name": model._meta.verbose_name_plural,
                "model_name": model._meta.model_name,
                "url": changelist,
                "total": counts["total"],
                "languages": [
                    {
                        "code": language,
                        "name": language_name(language),
                        "complete": counts[f"complete_{language}"],
                        "missing": counts[f"missing_{language}"],
                        "outdated": counts[f"outdated_{language}"],
                        "missing_url": f"{changelist}?translation=missing_{language}",
                        "outdated_url": f"{changelist}?translation=outdated_{language}",
                    }
                    for language in TRANSLATION_LANGUAGES
                ],
            }
        )
    context = {
        **admin.site.each_context(request),
        "title": gettext("Translation coverage"),
        "tables": tables,
    }
    return render(request, "editorial/translation_coverage.html", context)


@require_http_methods(["GET", "POST"])
def readability_score(request):
    """JSON: the readability of `text` in `language`, for the indicator under lay texts."""
    if not (request.user.is_active and request.user.is_staff):
        return JsonResponse({"detail": gettext("Staff only.")}, status=403)
    data = request.POST if request.method == "POST" else request.GET
    language = data.get("language", "")
    if language not in MEASURE_NAMES:
        return JsonResponse(
            {
                "detail": gettext("Unknown language."),
                "supported_languages": list(MEASURE_NAMES),
            },
            status=400,
        )
    # Rich text is measured by its words, not its markup.
    result = readability(plain_text(data.get("text", ""), keep_paragraphs=True), language)
    measure = str(MEASURE_NAMES[language])
    if result is None:
        return JsonResponse(
            {
                "language": language,
                "measure": measure,
                "score": None,
                "level": None,
                "target": TARGET,
                "is_plain": None,
                "message": gettext("Too little text to measure readability."),
            }
        )
    return JsonResponse(
        {
            "language": language,
            "measure": measure,
            "score": result.score,
            "level": str(result.level),
            "target": TARGET,
            "is_plain": result.is_plain,
            "words": result.words,
            "sentences": result.sentences,
            "message": gettext(
                "%(measure)s: %(score)s (%(level)s); plain language from %(target)s."
            )
            % {
                "measure": measure,
                "score": f"{result.score:g}",
                "level": result.level,
                "target": TARGET,
            },
        }
    )

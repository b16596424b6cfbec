"""Translated fields of the results, and their history (registered after translation)."""

from modeltranslation.translator import TranslationOptions, register

from editorial.history import register_history

from .models import OutcomeResult, ResultGroup, TrialResults


@register(TrialResults)
class TrialResultsTranslationOptions(TranslationOptions):
    fields = ("adverse_events_time_frame", "adverse_events_description", "baseline_population")


@register(ResultGroup)
class ResultGroupTranslationOptions(TranslationOptions):
    fields = ("period", "title", "description")
    required_languages = ("en",)


@register(OutcomeResult)
class OutcomeResultTranslationOptions(TranslationOptions):
    fields = ("title", "description", "time_frame", "unit", "population")
    required_languages = ("en",)


for history_model in (TrialResults, ResultGroup, OutcomeResult):
    register_history(history_model)

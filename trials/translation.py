from modeltranslation.translator import TranslationOptions, register

from .models import Condition, Intervention, Outcome, SectionText, Trial, TrialIntervention


@register(Intervention)
class InterventionTranslationOptions(TranslationOptions):
    fields = ("name", "route", "description")
    required_languages = ("en",)


@register(Condition)
class ConditionTranslationOptions(TranslationOptions):
    fields = ("name", "explanation")
    required_languages = ("en",)


@register(Trial)
class TrialTranslationOptions(TranslationOptions):
    fields = (
        "official_title",
        "public_title",
        "brief_summary",
        "inclusion_criteria",
        "exclusion_criteria",
    )


@register(TrialIntervention)
class TrialInterventionTranslationOptions(TranslationOptions):
    fields = ("usage",)


@register(Outcome)
class OutcomeTranslationOptions(TranslationOptions):
    fields = ("measure", "time_frame", "description")
    required_languages = ("en",)


@register(SectionText)
class SectionTextTranslationOptions(TranslationOptions):
    fields = ("text",)

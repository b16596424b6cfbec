"""Translated fields of the trials models, and their history (registered after translation, so
that the historical models get every `<field>_<language>` column)."""

from modeltranslation.translator import TranslationOptions, register

from editorial.history import register_history

from .models import (
    Arm,
    Condition,
    Intervention,
    Outcome,
    SectionText,
    Site,
    Trial,
    TrialCountry,
    TrialIdentifier,
    TrialIntervention,
)


@register(Intervention)
class InterventionTranslationOptions(TranslationOptions):
    fields = ("name", "description")
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
        "why_stopped",
        "study_population",
        "inclusion_criteria",
        "exclusion_criteria",
    )


@register(Arm)
class ArmTranslationOptions(TranslationOptions):
    fields = ("label", "description")
    required_languages = ("en",)


@register(TrialIntervention)
class TrialInterventionTranslationOptions(TranslationOptions):
    fields = ("usage", "description", "route")


@register(Outcome)
class OutcomeTranslationOptions(TranslationOptions):
    fields = ("measure", "time_frame", "description")
    required_languages = ("en",)


@register(SectionText)
class SectionTextTranslationOptions(TranslationOptions):
    fields = ("text",)


for history_model in (
    Arm,
    Intervention,
    Condition,
    Outcome,
    Site,
    TrialIdentifier,
    TrialIntervention,
    TrialCountry,
    SectionText,
):
    register_history(history_model)
register_history(Trial, m2m_fields=["conditions"])

"""“Who the study is for”: conditions, ages, sex, healthy volunteers and criteria."""

from django.utils.translation import gettext as _

from trials.labels import age_label
from trials.models import Sex, SummarySection

from .phrases import sentence
from .types import Sentence

SEX_SENTENCES = {
    Sex.ALL: lambda: _("Both women and men can take part."),
    Sex.FEMALE: lambda: _("Only women can take part."),
    Sex.MALE: lambda: _("Only men can take part."),
}


def population(page):
    explained = set()

    def sentences(trial):
        cites = page.cite[trial.pk]
        conditions = page.condition_names(trial)
        if conditions:
            yield sentence(
                _("The study is for people with %(conditions)s."), cites, conditions=conditions
            )
        for condition in trial.conditions.all():
            explanation = page.plain_text(condition, "explanation")
            if explanation.text and condition.pk not in explained:
                explained.add(condition.pk)
                yield Sentence((explanation,))
        minimum = age_label(trial.minimum_age) if trial.minimum_age else ""
        maximum = age_label(trial.maximum_age) if trial.maximum_age else ""
        if minimum and maximum:
            yield sentence(
                _("Participants must be aged between %(minimum)s and %(maximum)s."),
                cites,
                minimum=minimum,
                maximum=maximum,
            )
        elif minimum:
            yield sentence(
                _("Participants must be aged %(minimum)s or older."), cites, minimum=minimum
            )
        elif maximum:
            yield sentence(
                _("Participants must be aged %(maximum)s or younger."), cites, maximum=maximum
            )
        if trial.sex:
            yield sentence(SEX_SENTENCES[trial.sex](), cites)
        if not (minimum or maximum or trial.sex):
            yield sentence(_("The registry record does not list age or sex requirements."), cites)
        elif not (minimum or maximum):
            yield sentence(_("The registry record does not list an age limit."), cites)
        elif not trial.sex:
            yield sentence(
                _(
                    "The registry record does not say whether the study is open to women, "
                    "men or both."
                ),
                cites,
            )
        if trial.healthy_volunteers is True:
            yield sentence(_("Healthy volunteers can take part."), cites)
        elif trial.healthy_volunteers is False:
            yield sentence(_("Healthy volunteers cannot take part."), cites)
        if (
            page.text(trial, "inclusion_criteria").text
            or page.text(trial, "exclusion_criteria").text
        ):
            yield sentence(
                _(
                    "The registry lists detailed inclusion and exclusion criteria, shown in "
                    "full on the trial's page."
                ),
                cites,
            )

    return page.section(SummarySection.POPULATION, page.per_trial(sentences))

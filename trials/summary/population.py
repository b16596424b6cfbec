"""“Who the study is for”: the people it observes, ages (limits, or CTIS's age groups), sex,
healthy volunteers and where the full criteria are."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.labels import age_group_label, age_label
from trials.models import Sex, SummarySection

from .phrases import join_list, sentence
from .types import Sentence, Text

SEX_SENTENCES = {
    Sex.ALL: lambda: _("Both women and men can take part."),
    Sex.FEMALE: lambda: _("Only women can take part."),
    Sex.MALE: lambda: _("Only men can take part."),
}


def population(page):
    explained = set()

    def sentences(trial):
        cites = page.cite[trial.pk]
        described = page.registry_text(trial, "study_population")
        if described.text:
            yield sentence(
                _("The registry describes the people the study observes as follows: %(people)s"),
                cites,
                page.sources(trial, "Trial.study_population"),
                people=described,
            )
        for condition in trial.conditions.all():
            explanation = page.plain_text(condition, "explanation")
            if explanation.text and condition.pk not in explained:
                explained.add(condition.pk)
                yield Sentence((explanation,))
        yield from _ages(page, trial, cites)
        if trial.sex:
            yield sentence(SEX_SENTENCES[trial.sex](), cites, page.sources(trial, "Trial.sex"))
        else:
            yield sentence(
                _(
                    "The registry record does not say whether the study is open to women, "
                    "men or both."
                ),
                cites,
                page.absent(trial, "Trial.sex"),
            )
        volunteers = page.sources(trial, "Trial.healthy_volunteers")
        if trial.healthy_volunteers is True:
            yield sentence(_("Healthy volunteers can take part."), cites, volunteers)
        elif trial.healthy_volunteers is False:
            yield sentence(_("Healthy volunteers cannot take part."), cites, volunteers)
        criteria = [
            f"Trial.{name}"
            for name in ("inclusion_criteria", "exclusion_criteria")
            if page.text(trial, name).text
        ]
        if criteria:
            template = (
                _("The registry's full inclusion and exclusion criteria are shown below.")
                if page.is_trial_page
                else _(
                    "The registry lists detailed inclusion and exclusion criteria, shown in "
                    "full on the trial's page."
                )
            )
            yield sentence(template, cites, page.sources(trial, *criteria))
        else:
            yield sentence(
                _("The registry record lists no eligibility criteria."),
                cites,
                page.absent(trial, "Trial.inclusion_criteria"),
            )

    return page.section(SummarySection.POPULATION, page.per_trial(sentences))


def age_limits(page, trial, cites, *, between, exactly, from_minimum, up_to_maximum):
    """The sentence of the trial's age limits in one of these templates, or None without any
    (`exactly` where the lowest and the highest age are the same)."""
    minimum = age_label(trial.minimum_age) if trial.minimum_age else ""
    maximum = age_label(trial.maximum_age) if trial.maximum_age else ""
    if minimum and minimum == maximum:
        fields, template = ("Trial.minimum_age", "Trial.maximum_age"), exactly
    elif minimum and maximum:
        fields, template = ("Trial.minimum_age", "Trial.maximum_age"), between
    elif minimum:
        fields, template = ("Trial.minimum_age",), from_minimum
    elif maximum:
        fields, template = ("Trial.maximum_age",), up_to_maximum
    else:
        return None
    return sentence(template, cites, page.sources(trial, *fields), minimum=minimum, maximum=maximum)


def _ages(page, trial, cites):
    limits = age_limits(
        page,
        trial,
        cites,
        between=_("Participants must be aged between %(minimum)s and %(maximum)s."),
        exactly=_("Participants must be aged %(minimum)s."),
        from_minimum=_("Participants must be aged %(minimum)s or older."),
        up_to_maximum=_("Participants must be aged %(maximum)s or younger."),
    )
    if limits is not None:
        yield limits
    elif trial.age_groups:
        yield sentence(
            ngettext(
                "The registry gives the age group of the participants as %(groups)s, without "
                "exact age limits.",
                "The registry gives the age groups of the participants as %(groups)s, without "
                "exact age limits.",
                len(trial.age_groups),
            ),
            cites,
            page.sources(trial, "Trial.age_groups"),
            groups=join_list([Text(age_group_label(group)) for group in trial.age_groups]),
        )
    else:
        yield sentence(
            _("The registry record does not list an age limit."),
            cites,
            page.absent(trial, "Trial.minimum_age", "Trial.maximum_age"),
        )

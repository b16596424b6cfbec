"""The introduction: what the page is about, in one or two sentences."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.models import SummarySection

from .phrases import join_list, sentence
from .types import Paragraph, Sentence


def introduction(page):
    conditions = join_list(
        {c.pk: page.text(c, "name") for t in page.trials for c in t.conditions.all()}.values()
    )
    sentences = []
    if page.intervention is not None:
        name = page.text(page.intervention, "name")
        if not page.trials:
            sentences.append(
                sentence(
                    _("No clinical trial of %(intervention)s is listed yet."), intervention=name
                )
            )
        elif conditions:
            template = ngettext(
                "A clinical trial is investigating %(intervention)s for %(conditions)s.",
                "Clinical trials are investigating %(intervention)s for %(conditions)s.",
                len(page.trials),
            )
            sentences.append(
                sentence(template, page.all_cites, intervention=name, conditions=conditions)
            )
        else:
            template = ngettext(
                "A clinical trial is investigating %(intervention)s.",
                "Clinical trials are investigating %(intervention)s.",
                len(page.trials),
            )
            sentences.append(sentence(template, page.all_cites, intervention=name))
        description = page.plain_text(page.intervention, "description")
        if description.text:
            sentences.append(Sentence((description,)))
    else:
        trial = page.trials[0]
        interventions = page.intervention_names(trial)
        if interventions and conditions:
            sentences.append(
                sentence(
                    _("This clinical trial is investigating %(interventions)s for %(conditions)s."),
                    page.all_cites,
                    interventions=interventions,
                    conditions=conditions,
                )
            )
        elif conditions:
            sentences.append(
                sentence(
                    _("This clinical study is about %(conditions)s."),
                    page.all_cites,
                    conditions=conditions,
                )
            )
    sentences.append(
        sentence(
            _(
                "This page explains in plain words what the trial registries say; the "
                "numbers in brackets link to the registry records it is based on."
            )
        )
    )
    return page.section(SummarySection.INTRODUCTION, [Paragraph(tuple(sentences))])

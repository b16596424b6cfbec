"""“Overview of the clinical trial”: what each trial is called, what it involves and where."""

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.labels import country_names
from trials.models import SummarySection

from .phrases import join_list, sentence
from .types import Paragraph


def overview(page):
    paragraphs = []
    if len(page.trials) > 1 and page.intervention is not None:
        paragraphs.append(
            Paragraph(
                (
                    sentence(
                        ngettext(
                            "This page covers %(count)s clinical trial of %(intervention)s.",
                            "This page covers %(count)s clinical trials of %(intervention)s.",
                            len(page.trials),
                        ),
                        page.all_cites,
                        count=len(page.trials),
                        intervention=page.text(page.intervention, "name"),
                    ),
                )
            )
        )

    def sentences(trial):
        cites = page.cite[trial.pk]
        title = page.trial_title(trial)
        if title.text:
            # Registry titles often end in a full stop, which the sentence brings itself.
            title = replace(title, text=title.text.rstrip(" ."))
            yield sentence(_("The study is called “%(title)s”."), cites, title=title)
        interventions = page.intervention_names(trial)
        conditions = page.condition_names(trial)
        if interventions and conditions:
            yield sentence(
                _("It involves %(interventions)s in people with %(conditions)s."),
                cites,
                interventions=interventions,
                conditions=conditions,
            )
        elif conditions:
            yield sentence(
                _("It involves people with %(conditions)s."), cites, conditions=conditions
            )
        sites = trial.sites.all()
        countries = join_list(country_names(sites))
        if len(sites) > 1:
            yield sentence(
                _(
                    "The study is run at %(count)s sites in %(countries)s, so it is a "
                    "multi-centre study."
                ),
                cites,
                count=len(sites),
                countries=countries,
            )
        elif len(sites) == 1:
            yield sentence(
                _("The study is run at one site, in %(country)s."), cites, country=countries
            )
        else:
            yield sentence(_("The registry record lists no study sites."), cites)

    paragraphs.extend(page.per_trial(sentences))
    return page.section(SummarySection.OVERVIEW, paragraphs)

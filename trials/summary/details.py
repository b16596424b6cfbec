"""“Main trial details”: interventions, sponsor, dates, other identifiers, last update."""

from django.utils.translation import gettext as _

from trials.labels import date_label, partial_date_label
from trials.models import InterventionKind, SummarySection

from .phrases import join_list, sentence
from .types import Paragraph


def details(page):
    def sentences(trial):
        cites = page.cite[trial.pk]
        for link in page.page_links(trial):
            intervention = link.intervention
            phrase = page.intervention_phrase(link)
            if intervention.other_names:
                yield sentence(
                    _("The trial uses %(intervention)s, also listed as %(other_names)s."),
                    cites,
                    intervention=phrase,
                    other_names=join_list(intervention.other_names),
                )
            else:
                yield sentence(_("The trial uses %(intervention)s."), cites, intervention=phrase)
            if intervention.kind:
                yield sentence(
                    _("Type of treatment: %(kind)s."),
                    cites,
                    kind=str(InterventionKind(intervention.kind).label),
                )
            route = page.text(intervention, "route")
            if route.text:
                yield sentence(_("Route of administration: %(route)s."), cites, route=route)
        if trial.sponsor:
            yield sentence(
                _("The sponsor of the study is %(sponsor)s."), cites, sponsor=trial.sponsor
            )
        if trial.start_date:
            yield sentence(
                _("The start date given in the registry is %(date)s."),
                cites,
                date=partial_date_label(trial.start_date),
            )
        if trial.completion_date:
            yield sentence(
                _("The completion date given in the registry is %(date)s."),
                cites,
                date=partial_date_label(trial.completion_date),
            )
        others = [i.value for i in trial.identifiers.all()]
        if others:
            yield sentence(
                _("The study is also registered under %(identifiers)s."),
                cites,
                identifiers=join_list(others),
            )
        if trial.last_update:
            yield sentence(
                _("The registry record was last updated on %(date)s."),
                cites,
                date=date_label(trial.last_update),
            )

    paragraphs = page.per_trial(sentences)
    if len(page.trials) == 1 and page.intervention is not None:
        paragraphs.append(
            Paragraph(
                (
                    sentence(
                        _(
                            "Because the registries list only one trial of %(intervention)s, "
                            "this summary is limited to that single study."
                        ),
                        page.all_cites,
                        intervention=page.text(page.intervention, "name"),
                    ),
                )
            )
        )
    return page.section(SummarySection.DETAILS, paragraphs)

"""“What the study measures”: the primary outcomes, their time frames, and the count of the
secondary ones."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.models import OutcomeKind, SummarySection

from .phrases import sentence


def outcomes(page):
    def sentences(trial):
        cites = page.cite[trial.pk]
        listed = list(trial.outcomes.all())
        primary = [o for o in listed if o.kind == OutcomeKind.PRIMARY]
        secondary = [o for o in listed if o.kind == OutcomeKind.SECONDARY]
        measures = page.sources(trial, "Outcome.measure")
        if len(primary) == 1:
            yield sentence(
                _(
                    "The primary outcome, the main result the study is designed to measure, "
                    "is: %(measure)s."
                ),
                cites,
                measures,
                measure=page.registry_text(primary[0], "measure"),
            )
            time_frame = page.registry_text(primary[0], "time_frame")
            if time_frame.text:
                yield sentence(
                    _("It is measured over this time frame: %(time_frame)s."),
                    cites,
                    page.sources(trial, "Outcome.time_frame"),
                    time_frame=time_frame,
                )
            description = page.registry_text(primary[0], "description")
            if description.text:
                yield sentence(
                    _("The registry describes it as follows: %(description)s"),
                    cites,
                    page.sources(trial, "Outcome.description"),
                    description=description,
                )
        elif primary:
            yield sentence(
                _(
                    "The study has %(count)s primary outcomes, the main results it is designed "
                    "to measure."
                ),
                cites,
                measures,
                count=len(primary),
            )
            for outcome in primary:
                yield sentence(
                    _("%(measure)s."),
                    cites,
                    measures,
                    measure=page.registry_text(outcome, "measure"),
                )
        if secondary:
            yield sentence(
                ngettext(
                    "The study also measures %(count)s secondary outcome.",
                    "The study also measures %(count)s secondary outcomes.",
                    len(secondary),
                ),
                cites,
                measures,
                count=len(secondary),
            )
        if not listed:
            yield sentence(
                _("The registry record lists no outcome measures."),
                cites,
                page.absent(trial, "Outcome.measure"),
            )

    return page.section(SummarySection.OUTCOMES, page.per_trial(sentences))

"""“What the study measures”: the primary and secondary outcomes."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.models import OutcomeKind, SummarySection

from .phrases import sentence


def outcomes(page):
    def sentences(trial):
        cites = page.cite[trial.pk]
        outcomes = list(trial.outcomes.all())
        primary = [o for o in outcomes if o.kind == OutcomeKind.PRIMARY]
        secondary = [o for o in outcomes if o.kind == OutcomeKind.SECONDARY]
        if len(primary) == 1:
            yield sentence(
                _(
                    "The primary outcome, the main result the study is designed to measure, "
                    "is: %(measure)s."
                ),
                cites,
                measure=page.text(primary[0], "measure"),
            )
        elif primary:
            yield sentence(
                _(
                    "The study has %(count)s primary outcomes, the main results it is designed "
                    "to measure."
                ),
                cites,
                count=len(primary),
            )
            for outcome in primary:
                yield sentence(_("%(measure)s."), cites, measure=page.text(outcome, "measure"))
        for outcome in primary:
            time_frame = page.text(outcome, "time_frame")
            description = page.text(outcome, "description")
            if len(primary) == 1 and time_frame.text:
                yield sentence(
                    _("It is measured over this time frame: %(time_frame)s."),
                    cites,
                    time_frame=time_frame,
                )
            if len(primary) == 1 and description.text:
                yield sentence(
                    _("The registry describes it as follows: %(description)s"),
                    cites,
                    description=description,
                )
        if secondary:
            yield sentence(
                ngettext(
                    "The study also measures %(count)s secondary outcome.",
                    "The study also measures %(count)s secondary outcomes.",
                    len(secondary),
                ),
                cites,
                count=len(secondary),
            )
        if not outcomes:
            yield sentence(_("The registry record lists no outcome measures."), cites)

    return page.section(SummarySection.OUTCOMES, page.per_trial(sentences))

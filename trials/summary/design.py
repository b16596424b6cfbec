"""“Study design and phase”: study type, phase, allocation, masking, status and enrollment."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.labels import country_names, status_label
from trials.models import (
    Allocation,
    CtisPublicStatus,
    EnrollmentType,
    Masking,
    Phase,
    StudyType,
    SummarySection,
)

from .phrases import join_list, sentence
from .types import Text

PHASE_SENTENCES = {
    Phase.EARLY_PHASE1: lambda: _(
        "It is an Early Phase 1 trial, which usually means a very small first test of the "
        "treatment in people."
    ),
    Phase.PHASE1: lambda: _(
        "It is a Phase 1 trial, which usually means the treatment is tested for the first time "
        "in a small group of people, to check its safety and find the right dose."
    ),
    Phase.PHASE1_PHASE2: lambda: _(
        "It is a Phase 1/2 trial, which combines a first safety test of the treatment with a "
        "first look at whether it works."
    ),
    Phase.PHASE2: lambda: _(
        "It is a Phase 2 trial, which usually means the treatment is tested in a larger group "
        "to see whether it works and to check its safety further."
    ),
    Phase.PHASE2_PHASE3: lambda: _(
        "It is a Phase 2/3 trial, which first checks whether the treatment works and then, in a "
        "larger group, how well it works."
    ),
    Phase.PHASE3: lambda: _(
        "It is a Phase 3 trial, which usually means the treatment is being tested in a larger "
        "group to see how well it works in real patients."
    ),
    Phase.PHASE4: lambda: _(
        "It is a Phase 4 trial, which usually means the treatment is already approved and is "
        "studied further in everyday use."
    ),
    Phase.NOT_APPLICABLE: lambda: _(
        "The registry gives the trial no phase, which is usual for studies that do not test a "
        "medicine, such as studies of devices, procedures or behaviour."
    ),
}

STUDY_TYPE_SENTENCES = {
    StudyType.INTERVENTIONAL: lambda: _(
        "This is an interventional study, which means the researchers give a treatment and then "
        "measure the result."
    ),
    StudyType.OBSERVATIONAL: lambda: _(
        "This is an observational study, which means the researchers observe people and measure "
        "results without assigning a treatment."
    ),
    StudyType.EXPANDED_ACCESS: lambda: _(
        "This is an expanded access programme, which means a treatment still under study is made "
        "available to patients outside a clinical trial."
    ),
}

ALLOCATION_SENTENCES = {
    Allocation.SINGLE_ARM: lambda: _(
        "The trial is single-arm, so all enrolled patients receive the study treatment rather "
        "than being split into different treatment groups."
    ),
    Allocation.RANDOMISED: lambda: _(
        "The trial is randomised: participants are put into treatment groups by chance, so that "
        "the groups can be compared fairly."
    ),
    Allocation.NON_RANDOMISED: lambda: _(
        "Participants are put into treatment groups, but not by chance (the trial is not "
        "randomised)."
    ),
}

MASKING_SENTENCES = {
    Masking.NONE: lambda: _(
        "The study is open-label: participants and researchers know which treatment is given."
    ),
    Masking.SINGLE: lambda: _(
        "The study is single-blind: one group of the people involved, often the participants, "
        "does not know who receives which treatment."
    ),
    Masking.DOUBLE: lambda: _(
        "The study is double-blind: two groups of the people involved, often the participants "
        "and the researchers, do not know who receives which treatment."
    ),
    Masking.TRIPLE: lambda: _(
        "The study is triple-blind: three groups of the people involved, such as the "
        "participants, the researchers and those who assess the results, do not know who "
        "receives which treatment."
    ),
    Masking.QUADRUPLE: lambda: _(
        "The study is quadruple-blind: the participants, their care providers, the researchers and "
        "those who assess the results do not know who receives which treatment."
    ),
}


def design(page):
    def sentences(trial):
        cites = page.cite[trial.pk]
        if trial.study_type:
            yield sentence(STUDY_TYPE_SENTENCES[trial.study_type](), cites)
        if trial.phase:
            yield sentence(PHASE_SENTENCES[trial.phase](), cites)
        if trial.allocation:
            yield sentence(ALLOCATION_SENTENCES[trial.allocation](), cites)
        if trial.masking:
            yield sentence(MASKING_SENTENCES[trial.masking](), cites)
        yield sentence(
            _("The registry lists the trial as “%(status)s”."),
            cites,
            status=str(trial.registry_status_label)
            if trial.registry_status_code
            else status_label(trial.status),
        )
        yield from country_decisions(trial, cites)
        if trial.enrollment is not None:
            count = trial.enrollment
            if trial.enrollment_type == EnrollmentType.ACTUAL:
                template = ngettext(
                    "The actual enrollment was %(count)s participant.",
                    "The actual enrollment was %(count)s participants.",
                    count,
                )
            elif trial.enrollment_type == EnrollmentType.PLANNED:
                template = ngettext(
                    "The planned enrollment is %(count)s participant.",
                    "The planned enrollment is %(count)s participants.",
                    count,
                )
            else:
                template = ngettext(
                    "The enrollment is %(count)s participant.",
                    "The enrollment is %(count)s participants.",
                    count,
                )
            yield sentence(template, cites, count=count)

    return page.section(SummarySection.DESIGN, page.per_trial(sentences))


def country_decisions(trial, cites):
    """One sentence per group of countries that took the same decision (CTIS)."""
    groups = {}
    for decision in trial.countries.all():
        key = (decision.authorisation.strip(), decision.status_code)
        groups.setdefault(key, []).append(decision)
    for (words, status_code), decisions in groups.items():
        if not words:
            continue
        countries = join_list(country_names(decisions))
        label = decisions[0].authorisation_label
        authorisation = Text(str(label)) if label else Text(words, "en")
        if status_code:
            yield sentence(
                _(
                    "In %(countries)s the trial is %(authorisation)s, and its status there is "
                    "“%(status)s”."
                ),
                cites,
                countries=countries,
                authorisation=authorisation,
                status=str(CtisPublicStatus(status_code).label),
            )
        else:
            yield sentence(
                _("In %(countries)s the trial is %(authorisation)s."),
                cites,
                countries=countries,
                authorisation=authorisation,
            )

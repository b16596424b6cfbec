"""“Study design and phase”: study type, phase, allocation, masking, the groups (arms) and
what each receives, the status and what it means for taking part, and the enrolment."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trials.labels import country_names, name, number_label, registry_status_label, status_label
from trials.models import (
    Allocation,
    ArmKind,
    CtisPublicStatus,
    EnrollmentType,
    Masking,
    Phase,
    RecruitmentStatus,
    StudyType,
    SummarySection,
)

from .phrases import join_list, sentence
from .statuses import (
    PAST_STAGES,
    Stage,
    ctis_status_meaning,
    is_observational,
    stage,
    status_meaning,
)
from .types import Text

PHASE_SENTENCES = {
    Phase.EARLY_PHASE1: lambda: _(
        "It is an Early Phase 1 trial: such trials are a very small first test of a treatment "
        "in people."
    ),
    Phase.PHASE1: lambda: _(
        "It is a Phase 1 trial: such trials usually test a treatment in people for the first "
        "time, in a small group, to check its safety and find the right dose."
    ),
    Phase.PHASE1_PHASE2: lambda: _(
        "It is a Phase 1/2 trial: such trials combine a first safety test of a treatment with a "
        "first look at whether it works."
    ),
    Phase.PHASE2: lambda: _(
        "It is a Phase 2 trial: such trials usually test a treatment in a larger group, to see "
        "whether it works and to check its safety further."
    ),
    Phase.PHASE2_PHASE3: lambda: _(
        "It is a Phase 2/3 trial: such trials first check whether a treatment works and then, "
        "in a larger group, how well it works."
    ),
    Phase.PHASE3: lambda: _(
        "It is a Phase 3 trial: such trials usually test a treatment in a larger group of "
        "people, to see how well it works."
    ),
    Phase.PHASE3_PHASE4: lambda: _(
        "It is a Phase 3/4 trial: such trials combine a test of how well a treatment works in a "
        "large group with a study of its everyday use."
    ),
    Phase.PHASE4: lambda: _(
        "It is a Phase 4 trial: such trials usually study a treatment that is already approved, "
        "in everyday use."
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

# CT.gov statuses after which the record says why the trial stopped, if it does.
STOPPED_STATUSES = {
    RecruitmentStatus.SUSPENDED,
    RecruitmentStatus.TERMINATED,
    RecruitmentStatus.WITHDRAWN,
}


def design(page):
    def sentences(trial):
        cites = page.cite[trial.pk]
        if trial.study_type:
            yield sentence(
                STUDY_TYPE_SENTENCES[trial.study_type](),
                cites,
                page.sources(trial, "Trial.study_type"),
            )
        if trial.phase:
            yield sentence(
                PHASE_SENTENCES[trial.phase](), cites, page.sources(trial, "Trial.phase")
            )
        elif trial.study_type == StudyType.INTERVENTIONAL:
            yield sentence(
                _("The registry does not give the trial's phase."),
                cites,
                page.absent(trial, "Trial.phase"),
            )
        if trial.allocation:
            yield sentence(
                ALLOCATION_SENTENCES[trial.allocation](),
                cites,
                page.sources(trial, "Trial.allocation"),
            )
        if trial.masking:
            yield sentence(
                MASKING_SENTENCES[trial.masking](), cites, page.sources(trial, "Trial.masking")
            )
        yield from arms(page, trial, cites)
        yield from status(page, trial, cites)
        yield from country_decisions(page, trial, cites)
        yield from enrollment(page, trial, cites)

    return page.section(SummarySection.DESIGN, page.per_trial(sentences))


def arms(page, trial, cites):
    groups = list(trial.arms.all())
    if not groups:
        return
    yield sentence(
        ngettext(
            "The registry lists %(count)s group of participants (arm):",
            "The registry lists %(count)s groups of participants (arms):",
            len(groups),
        )
        if not is_observational(trial)
        else ngettext(
            "The registry lists %(count)s group of participants that the study observes:",
            "The registry lists %(count)s groups of participants that the study observes:",
            len(groups),
        ),
        cites,
        page.sources(trial, "Arm.label"),
        count=len(groups),
    )
    for arm in groups:
        label = name(page.text(arm, "label"))
        given = page.intervention_names(trial, list(arm.interventions.all()))
        fields = ["Arm.label", "Arm.kind"] if arm.kind else ["Arm.label"]
        if given:
            fields += ["Arm.interventions", "TrialIntervention.intervention"]
        if arm.kind == ArmKind.NO_INTERVENTION:
            template = _("“%(label)s”: a group that receives no intervention.")
        elif arm.kind and given:
            template = _("“%(label)s”, %(kind)s group: %(interventions)s.")
        elif arm.kind:
            template = _("“%(label)s”, %(kind)s group.")
        elif given:
            template = _("“%(label)s”: %(interventions)s.")
        else:
            template = _("“%(label)s”.")
        yield sentence(
            template,
            cites,
            page.sources(trial, *fields),
            label=label,
            kind=name(arm.get_kind_display()) if arm.kind else "",
            interventions=given,
        )


def status(page, trial, cites):
    if trial.registry_status_code:
        yield sentence(
            ctis_status_meaning(trial.registry_status_code),
            cites,
            page.sources(trial, "Trial.registry_status_code"),
            status=name(registry_status_label(trial)),
        )
    elif (
        trial.registry_status
        and trial.status == RecruitmentStatus.UNKNOWN
        and (trial.registry_status not in ("Unknown status", ""))
    ):
        # A status the registry words in its own way (expanded access: "Available").
        yield sentence(
            _("The registry lists it as “%(status)s”."),
            cites,
            page.sources(trial, "Trial.registry_status"),
            status=Text(trial.registry_status, linkable=False),
        )
    else:
        yield sentence(
            status_meaning(trial.status),
            cites,
            page.sources(trial, "Trial.status"),
            status=name(status_label(trial.status)),
        )
    if trial.status == RecruitmentStatus.UNKNOWN and trial.last_known_status:
        yield sentence(
            _("Its last known status was “%(status)s”."),
            cites,
            page.sources(trial, "Trial.last_known_status"),
            status=name(status_label(trial.last_known_status)),
        )
    reason = page.text(trial, "why_stopped")
    if reason.text:
        yield sentence(
            _("The registry gives this reason for stopping: “%(reason)s”."),
            cites,
            page.sources(trial, "Trial.why_stopped"),
            reason=name(reason),
        )
    elif trial.status in STOPPED_STATUSES and not trial.registry_status_code:
        yield sentence(
            _("The registry does not give a reason for stopping."),
            cites,
            page.absent(trial, "Trial.why_stopped"),
        )


def country_decisions(page, trial, cites):
    """The decision of each member state concerned (CTIS), grouped where they are the same;
    the authorisation and the trial's status in a country are two facts, named as such."""
    groups = {}
    for decision in trial.countries.all():
        if decision.is_member_state:
            key = (decision.authorisation.strip(), decision.status_code)
            groups.setdefault(key, []).append(decision)
    for (words, status_code), decisions in groups.items():
        countries = join_list(country_names(decisions))
        label = decisions[0].authorisation_label
        authorisation = name(Text(str(label)) if label else Text(words, "en"))
        fields = ["TrialCountry.country"]
        if words and status_code:
            template = _(
                "%(countries)s: the national authorities' decision is “%(authorisation)s”, "
                "and the trial's status there is “%(status)s”."
            )
            fields += ["TrialCountry.authorisation", "TrialCountry.status_code"]
        elif words:
            template = _(
                "%(countries)s: the national authorities' decision is “%(authorisation)s”."
            )
            fields.append("TrialCountry.authorisation")
        elif status_code:
            template = _("%(countries)s: the trial's status there is “%(status)s”.")
            fields.append("TrialCountry.status_code")
        else:
            continue
        yield sentence(
            template,
            cites,
            page.sources(trial, *fields),
            countries=countries,
            authorisation=authorisation,
            status=name(str(CtisPublicStatus(status_code).label)) if status_code else "",
        )


def enrollment(page, trial, cites):
    count = trial.enrollment
    if count is None:
        yield sentence(
            _("The registry does not give the number of participants."),
            cites,
            page.absent(trial, "Trial.enrollment"),
        )
        return
    current = stage(trial)
    fields = ["Trial.enrollment", "Trial.enrollment_type"]
    values = {"count": number_label(count)}
    if trial.enrollment_type == EnrollmentType.ACTUAL:
        if count == 0:
            template = _("No one took part in the study.")
        elif current in PAST_STAGES:
            template = ngettext(
                "%(count)s person took part in the study.",
                "%(count)s people took part in the study.",
                count,
            )
        elif current in (Stage.ONGOING, Stage.PAUSED):
            template = ngettext(
                "%(count)s person has joined the study.",
                "%(count)s people have joined the study.",
                count,
            )
        else:
            template = ngettext(
                "The registry gives the actual number of participants as %(count)s.",
                "The registry gives the actual number of participants as %(count)s.",
                count,
            )
    elif trial.enrollment_type == EnrollmentType.PLANNED:
        planned = current in (Stage.PLANNED, Stage.ONGOING, Stage.PAUSED)
        elsewhere = count - trial.enrollment_eea if trial.enrollment_eea is not None else None
        if elsewhere:
            fields.append("Trial.enrollment_eea")
            values.update(eea=number_label(trial.enrollment_eea), elsewhere=number_label(elsewhere))
            template = (
                _(
                    "The study plans to include %(count)s participants: %(eea)s in the European "
                    "Economic Area and %(elsewhere)s in other countries."
                )
                if planned
                else _(
                    "The study planned to include %(count)s participants: %(eea)s in the "
                    "European Economic Area and %(elsewhere)s in other countries."
                )
            )
        elif planned:
            template = ngettext(
                "The study plans to include %(count)s participant.",
                "The study plans to include %(count)s participants.",
                count,
            )
        else:
            template = ngettext(
                "The study planned to include %(count)s participant.",
                "The study planned to include %(count)s participants.",
                count,
            )
    else:
        fields = ["Trial.enrollment"]
        template = ngettext(
            "The registry gives the number of participants as %(count)s, without saying whether "
            "it is the planned or the actual number.",
            "The registry gives the number of participants as %(count)s, without saying whether "
            "it is the planned or the actual number.",
            count,
        )
    yield sentence(template, cites, page.sources(trial, *fields), **values)

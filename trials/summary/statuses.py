"""What a trial's status means: the stage of its life that the verbs of its sentences follow,
and, for every status of both registries, a plain explanation and what it means for someone
who would like to take part."""

from enum import Enum

from django.utils.translation import gettext as _

from trials.models import CtisPublicStatus, RecruitmentStatus, StudyType


class Stage(Enum):
    PLANNED = "planned"  # not started yet: "will investigate"
    ONGOING = "ongoing"  # running: "is investigating"
    PAUSED = "paused"  # suspended or halted, may start again
    FINISHED = "finished"  # ended: "investigated"
    STOPPED = "stopped"  # ended early (terminated, authorisation revoked): "investigated"
    WITHDRAWN = "withdrawn"  # stopped before anyone took part: "was planned to investigate"
    NOT_RUN = "not_run"  # will not take place (CTIS: not authorised, expired, cancelled)
    UNKNOWN = "unknown"  # the registry does not know its status


_STAGE_OF_STATUS = {
    RecruitmentStatus.NOT_YET_RECRUITING: Stage.PLANNED,
    RecruitmentStatus.RECRUITING: Stage.ONGOING,
    RecruitmentStatus.ENROLLING_BY_INVITATION: Stage.ONGOING,
    RecruitmentStatus.ACTIVE_NOT_RECRUITING: Stage.ONGOING,
    RecruitmentStatus.SUSPENDED: Stage.PAUSED,
    RecruitmentStatus.TERMINATED: Stage.STOPPED,
    RecruitmentStatus.COMPLETED: Stage.FINISHED,
    RecruitmentStatus.WITHDRAWN: Stage.WITHDRAWN,
    RecruitmentStatus.ENDED: Stage.FINISHED,
    RecruitmentStatus.UNKNOWN: Stage.UNKNOWN,
}

_STAGE_OF_CTIS_STATUS = {
    CtisPublicStatus.UNDER_EVALUATION: Stage.PLANNED,
    CtisPublicStatus.AUTHORISED_RECRUITMENT_PENDING: Stage.PLANNED,
    CtisPublicStatus.AUTHORISED_RECRUITING: Stage.ONGOING,
    CtisPublicStatus.ONGOING_RECRUITING: Stage.ONGOING,
    CtisPublicStatus.ONGOING_RECRUITMENT_ENDED: Stage.ONGOING,
    CtisPublicStatus.TEMPORARILY_HALTED: Stage.PAUSED,
    CtisPublicStatus.SUSPENDED: Stage.PAUSED,
    CtisPublicStatus.ENDED: Stage.FINISHED,
    CtisPublicStatus.EXPIRED: Stage.NOT_RUN,
    CtisPublicStatus.REVOKED: Stage.STOPPED,
    CtisPublicStatus.NOT_AUTHORISED: Stage.NOT_RUN,
    CtisPublicStatus.CANCELLED: Stage.NOT_RUN,
}

# Stages whose trials take no participants, now or later.
CLOSED_STAGES = {Stage.FINISHED, Stage.STOPPED, Stage.WITHDRAWN, Stage.NOT_RUN}
# Stages in which a trial ended, after someone took part (or may have).
PAST_STAGES = {Stage.FINISHED, Stage.STOPPED}


def stage(trial):
    """The stage the trial is at, by its registry's own status (CTIS) or the normalised one."""
    return stage_of(trial.status, trial.registry_status_code)


def stage_of(status, registry_status_code=None):
    if registry_status_code:
        return _STAGE_OF_CTIS_STATUS[CtisPublicStatus(registry_status_code)]
    return _STAGE_OF_STATUS.get(status, Stage.UNKNOWN)


def is_recruiting(trial):
    return trial.is_recruiting


def is_observational(trial):
    return trial.study_type == StudyType.OBSERVATIONAL


def status_meaning(status):
    """What a ClinicalTrials.gov status means, as a sentence with %(status)s for its name."""
    return {
        RecruitmentStatus.NOT_YET_RECRUITING: _(
            "The registry lists the study as “%(status)s”: it has not started to take "
            "participants yet."
        ),
        RecruitmentStatus.RECRUITING: _(
            "The registry lists the study as “%(status)s”: it is looking for participants."
        ),
        RecruitmentStatus.ENROLLING_BY_INVITATION: _(
            "The registry lists the study as “%(status)s”: it takes only people whom the "
            "researchers invite, from a group they decided on in advance."
        ),
        RecruitmentStatus.ACTIVE_NOT_RECRUITING: _(
            "The registry lists the study as “%(status)s”: it is running, but it takes no new "
            "participants."
        ),
        RecruitmentStatus.SUSPENDED: _(
            "The registry lists the study as “%(status)s”: it has stopped for now and may start "
            "again."
        ),
        RecruitmentStatus.TERMINATED: _(
            "The registry lists the study as “%(status)s”: it stopped early and will not start "
            "again."
        ),
        RecruitmentStatus.COMPLETED: _(
            "The registry lists the study as “%(status)s”: it has ended as planned."
        ),
        RecruitmentStatus.WITHDRAWN: _(
            "The registry lists the study as “%(status)s”: it stopped before its first "
            "participant joined."
        ),
        RecruitmentStatus.ENDED: _(
            "The registry lists the study as “%(status)s”: it has ended, and the registry does "
            "not say whether as planned or early."
        ),
        RecruitmentStatus.UNKNOWN: _(
            "The registry lists the study's status as “%(status)s”: its record has not been "
            "confirmed as up to date for more than two years, so the registry does not know "
            "whether it is still running."
        ),
    }[RecruitmentStatus(status)]


def ctis_status_meaning(code):
    """What a CTIS public status means, with %(status)s for its name."""
    return {
        CtisPublicStatus.UNDER_EVALUATION: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: the authorities are "
            "still assessing the application, and the trial cannot start before they "
            "authorise it."
        ),
        CtisPublicStatus.AUTHORISED_RECRUITMENT_PENDING: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: it has been "
            "authorised but has not started to take participants."
        ),
        CtisPublicStatus.AUTHORISED_RECRUITING: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: it has been "
            "authorised and is looking for participants."
        ),
        CtisPublicStatus.ONGOING_RECRUITING: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: it has started and "
            "is looking for participants."
        ),
        CtisPublicStatus.ONGOING_RECRUITMENT_ENDED: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: it is running, but it "
            "takes no new participants."
        ),
        CtisPublicStatus.TEMPORARILY_HALTED: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: the sponsor has "
            "paused it, and it may start again."
        ),
        CtisPublicStatus.SUSPENDED: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: the authorities have "
            "stopped it for now."
        ),
        CtisPublicStatus.ENDED: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: it has ended in every "
            "country."
        ),
        CtisPublicStatus.EXPIRED: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: its authorisation "
            "expired because it did not take its first participant in time."
        ),
        CtisPublicStatus.REVOKED: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: the authorities "
            "withdrew its authorisation."
        ),
        CtisPublicStatus.NOT_AUTHORISED: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: the authorities did "
            "not authorise it."
        ),
        CtisPublicStatus.CANCELLED: _(
            "The trial's status in the EU registry (CTIS) is “%(status)s”: its application was "
            "cancelled."
        ),
    }[CtisPublicStatus(code)]


def is_by_invitation(trial):
    """Whether the trial takes only the people its researchers invite (ClinicalTrials.gov)."""
    return (
        not trial.registry_status_code and trial.status == RecruitmentStatus.ENROLLING_BY_INVITATION
    )


def taking_part(trial):
    """What the trial's status means for someone who would like to take part, or None."""
    if is_recruiting(trial):
        return _looking_for_participants()
    if is_by_invitation(trial):
        return _(
            "You cannot ask to join this trial yourself: the researchers invite the people who "
            "take part."
        )
    current = stage(trial)
    if current == Stage.PLANNED:
        return _(
            "It does not take participants yet: your doctor or the study team can tell you "
            "whether and when it will."
        )
    if current == Stage.ONGOING:
        return _("It takes no new participants.")
    if current == Stage.PAUSED:
        return _("It takes no participants while it is stopped.")
    if current in CLOSED_STAGES:
        return _("It takes no participants.")
    return _(
        "Before thinking of taking part, ask the study team or your doctor whether it is still "
        "running."
    )


def _looking_for_participants():
    return _(
        "If you would like to take part, talk to your doctor or to the study team: they decide "
        "who can join."
    )

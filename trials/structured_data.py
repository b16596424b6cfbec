"""schema.org descriptions (JSON-LD) of trial and intervention pages, for search engines."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .labels import localized, phase_label, trial_title
from .models import InterventionKind, RecruitmentStatus

STUDY_STATUS = {
    RecruitmentStatus.NOT_YET_RECRUITING: "NotYetRecruiting",
    RecruitmentStatus.RECRUITING: "Recruiting",
    RecruitmentStatus.ENROLLING_BY_INVITATION: "EnrollingByInvitation",
    RecruitmentStatus.ACTIVE_NOT_RECRUITING: "ActiveNotRecruiting",
    RecruitmentStatus.SUSPENDED: "Suspended",
    RecruitmentStatus.TERMINATED: "Terminated",
    RecruitmentStatus.COMPLETED: "Completed",
    RecruitmentStatus.WITHDRAWN: "Withdrawn",
}

INTERVENTION_TYPES = {
    InterventionKind.DRUG: "Drug",
    InterventionKind.BIOLOGICAL: "Drug",
    InterventionKind.DEVICE: "MedicalDevice",
    InterventionKind.PROCEDURE: "MedicalProcedure",
    InterventionKind.RADIATION: "RadiationTherapy",
    InterventionKind.DIETARY_SUPPLEMENT: "DietarySupplement",
    InterventionKind.MEDICINE: "Drug",
    InterventionKind.ADVANCED_THERAPY: "Drug",
}

DESCRIPTION_LENGTH = 300

# As Django's json_script: nothing in the data can close the <script> element or open a comment.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data):
    """A <script type="application/ld+json"> element with the data, safe inside HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _shortened(text):
    text = " ".join(text.split())
    if len(text) <= DESCRIPTION_LENGTH:
        return text
    return text[:DESCRIPTION_LENGTH].rsplit(" ", 1)[0] + "…"


def _without_empty(data):
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def trial_data(trial, language, absolute_url, nested=False):
    """A schema.org MedicalTrial; `absolute_url(path)` makes the page addresses absolute."""
    title = trial_title(trial, language).text
    status = STUDY_STATUS.get(trial.status)
    data = {
        "@type": "MedicalTrial",
        "@id": absolute_url(trial.get_absolute_url()),
        "url": absolute_url(trial.get_absolute_url()),
        "name": title or trial.primary_identifier,
        "alternateName": trial.acronym,
        "identifier": trial.primary_identifier,
        "status": f"https://schema.org/{status}" if status else None,
        "phase": phase_label(trial.phase) if trial.phase else None,
    }
    if nested:
        return _without_empty(data)
    data.update(
        {
            "description": _shortened(localized(trial, "brief_summary", language).text),
            "sameAs": trial.registry_url,
            "sponsor": {"@type": "Organization", "name": trial.sponsor} if trial.sponsor else None,
            "healthCondition": [
                {
                    "@type": "MedicalCondition",
                    "name": localized(condition, "name", language).text,
                    "url": absolute_url(condition.get_absolute_url()),
                }
                for condition in trial.conditions.all()
                if condition.is_published
            ],
            "studyLocation": [
                _without_empty(
                    {
                        "@type": "AdministrativeArea",
                        "name": site.facility,
                        "address": _without_empty(
                            {
                                "@type": "PostalAddress",
                                "addressLocality": site.city,
                                "addressCountry": str(site.country.code or ""),
                            }
                        ),
                    }
                )
                for site in trial.sites.all()
            ],
        }
    )
    return {"@context": "https://schema.org", **_without_empty(data)}


def _schema_type(intervention, trials):
    """Drug, MedicalDevice...: the type these trials give the intervention, if they agree."""
    kinds = {
        link.kind
        for trial in trials
        for link in trial.trial_interventions.all()
        if link.intervention_id == intervention.pk
    }
    types = {INTERVENTION_TYPES.get(kind, "MedicalTherapy") for kind in kinds}
    return types.pop() if len(types) == 1 else "MedicalTherapy"


def intervention_data(intervention, trials, language, absolute_url):
    """The intervention as a schema.org Drug or therapy, with the trials its page describes
    (`featured_trials()`) as `subjectOf`."""
    data = {
        "@context": "https://schema.org",
        "@type": _schema_type(intervention, trials),
        "@id": absolute_url(intervention.get_absolute_url()),
        "url": absolute_url(intervention.get_absolute_url()),
        "name": localized(intervention, "name", language).text,
        "alternateName": [name for name in intervention.other_names if isinstance(name, str)],
        "description": _shortened(localized(intervention, "description", language).text),
        "subjectOf": [trial_data(trial, language, absolute_url, nested=True) for trial in trials],
    }
    return _without_empty(data)

"""Where each fact of a trial comes from: the model field that holds it and, for a trial that
was imported, the registry field paths it was read from.

Paths are written as in the record, with `[*]` for "any item of this list". A fact read from
one of several places (CTIS gives sex both as words and as two flags) lists them all; the
fidelity tests check, on every real record, that a stated fact is found at one of them.
"""

from dataclasses import dataclass

_CTGOV = "protocolSection"
_DESIGN = f"{_CTGOV}.designModule"
_STATUS = f"{_CTGOV}.statusModule"
_IDENTIFICATION = f"{_CTGOV}.identificationModule"
_ELIGIBILITY = f"{_CTGOV}.eligibilityModule"
_ARMS = f"{_CTGOV}.armsInterventionsModule"
_OUTCOMES = f"{_CTGOV}.outcomesModule"
_FLOW = "resultsSection.participantFlowModule"
_BASELINE = "resultsSection.baselineCharacteristicsModule"
_MEASURES = "resultsSection.outcomeMeasuresModule.outcomeMeasures[*]"
_EVENTS = "resultsSection.adverseEventsModule"
_MEASUREMENTS = f"{_MEASURES}.classes[*].categories[*].measurements[*]"
_MILESTONE_COUNTS = f"{_FLOW}.periods[*].milestones[*].achievements[*].numSubjects"
_CONTACTS = f"{_CTGOV}.contactsLocationsModule"
# Where each kind of contact is, and its fields there.
_CTGOV_CONTACTS = (
    f"{_CONTACTS}.centralContacts[*]",
    f"{_CONTACTS}.overallOfficials[*]",
    f"{_CONTACTS}.locations[*].contacts[*]",
)
_CTGOV_REACHABLE = (_CTGOV_CONTACTS[0], _CTGOV_CONTACTS[2])


def _contact_paths(places, keys):
    return tuple(f"{place}.{key}" for place in places for key in keys)


CTGOV_PATHS = {
    "Trial.public_title": (f"{_IDENTIFICATION}.briefTitle",),
    "Trial.official_title": (f"{_IDENTIFICATION}.officialTitle",),
    "Trial.acronym": (f"{_IDENTIFICATION}.acronym",),
    "Trial.brief_summary": (f"{_CTGOV}.descriptionModule.briefSummary",),
    "Trial.study_type": (f"{_DESIGN}.studyType",),
    "Trial.phase": (f"{_DESIGN}.phases",),
    "Trial.allocation": (
        f"{_DESIGN}.designInfo.allocation",
        f"{_DESIGN}.designInfo.interventionModel",
    ),
    "Trial.masking": (f"{_DESIGN}.designInfo.maskingInfo.masking",),
    "Trial.status": (f"{_STATUS}.overallStatus",),
    "Trial.registry_status": (f"{_STATUS}.overallStatus",),
    "Trial.last_known_status": (f"{_STATUS}.lastKnownStatus",),
    "Trial.why_stopped": (f"{_STATUS}.whyStopped",),
    "Trial.enrollment": (f"{_DESIGN}.enrollmentInfo.count",),
    "Trial.enrollment_type": (f"{_DESIGN}.enrollmentInfo.type",),
    "Trial.minimum_age": (f"{_ELIGIBILITY}.minimumAge",),
    "Trial.maximum_age": (f"{_ELIGIBILITY}.maximumAge",),
    "Trial.sex": (f"{_ELIGIBILITY}.sex",),
    "Trial.healthy_volunteers": (f"{_ELIGIBILITY}.healthyVolunteers",),
    "Trial.study_population": (f"{_ELIGIBILITY}.studyPopulation",),
    "Trial.inclusion_criteria": (f"{_ELIGIBILITY}.eligibilityCriteria",),
    "Trial.exclusion_criteria": (f"{_ELIGIBILITY}.eligibilityCriteria",),
    "Trial.start_date": (f"{_STATUS}.startDateStruct.date",),
    "Trial.start_date_type": (f"{_STATUS}.startDateStruct.type",),
    "Trial.primary_completion_date": (f"{_STATUS}.primaryCompletionDateStruct.date",),
    "Trial.primary_completion_date_type": (f"{_STATUS}.primaryCompletionDateStruct.type",),
    "Trial.completion_date": (f"{_STATUS}.completionDateStruct.date",),
    "Trial.completion_date_type": (f"{_STATUS}.completionDateStruct.type",),
    "Trial.last_update": (f"{_STATUS}.lastUpdatePostDateStruct.date",),
    "Trial.sponsor": (f"{_CTGOV}.sponsorCollaboratorsModule.leadSponsor.name",),
    "Trial.conditions": (f"{_CTGOV}.conditionsModule.conditions",),
    "TrialIdentifier.value": (
        f"{_IDENTIFICATION}.orgStudyIdInfo.id",
        f"{_IDENTIFICATION}.secondaryIdInfos[*].id",
    ),
    "TrialIdentifier.kind": (
        f"{_IDENTIFICATION}.orgStudyIdInfo",
        f"{_IDENTIFICATION}.secondaryIdInfos[*].type",
        f"{_IDENTIFICATION}.secondaryIdInfos[*].domain",
    ),
    "TrialIntervention.intervention": (f"{_ARMS}.interventions[*].name",),
    "TrialIntervention.role": (
        f"{_ARMS}.armGroups[*].type",
        f"{_ARMS}.interventions[*].name",
    ),
    "TrialIntervention.kind": (f"{_ARMS}.interventions[*].type",),
    "TrialIntervention.description": (f"{_ARMS}.interventions[*].description",),
    "TrialIntervention.other_names": (f"{_ARMS}.interventions[*].otherNames",),
    "Arm.label": (f"{_ARMS}.armGroups[*].label",),
    "Arm.kind": (f"{_ARMS}.armGroups[*].type",),
    "Arm.description": (f"{_ARMS}.armGroups[*].description",),
    "Arm.interventions": (
        f"{_ARMS}.armGroups[*].interventionNames",
        f"{_ARMS}.interventions[*].armGroupLabels",
    ),
    "Outcome.measure": (
        f"{_OUTCOMES}.primaryOutcomes[*].measure",
        f"{_OUTCOMES}.secondaryOutcomes[*].measure",
        f"{_OUTCOMES}.otherOutcomes[*].measure",
    ),
    "Outcome.time_frame": (
        f"{_OUTCOMES}.primaryOutcomes[*].timeFrame",
        f"{_OUTCOMES}.secondaryOutcomes[*].timeFrame",
        f"{_OUTCOMES}.otherOutcomes[*].timeFrame",
    ),
    "Outcome.description": (
        f"{_OUTCOMES}.primaryOutcomes[*].description",
        f"{_OUTCOMES}.secondaryOutcomes[*].description",
        f"{_OUTCOMES}.otherOutcomes[*].description",
    ),
    "Site.country": (f"{_CTGOV}.contactsLocationsModule.locations[*].country",),
    "Site.facility": (f"{_CTGOV}.contactsLocationsModule.locations[*].facility",),
    "Site.city": (f"{_CTGOV}.contactsLocationsModule.locations[*].city",),
    "Site.status": (f"{_CTGOV}.contactsLocationsModule.locations[*].status",),
    "TrialResults.first_posted": (f"{_STATUS}.resultsFirstPostDateStruct.date",),
    "TrialResults.adverse_events_time_frame": (f"{_EVENTS}.timeFrame",),
    "TrialResults.adverse_events_description": (f"{_EVENTS}.description",),
    "TrialResults.baseline_population": (f"{_BASELINE}.populationDescription",),
    "TrialResults.other_events_threshold": (f"{_EVENTS}.frequencyThreshold",),
    "ResultGroup.title": (
        f"{_FLOW}.groups[*].title",
        f"{_BASELINE}.groups[*].title",
        f"{_EVENTS}.eventGroups[*].title",
    ),
    "ResultGroup.period": (f"{_FLOW}.periods[*].title",),
    "ResultGroup.started": (_MILESTONE_COUNTS,),
    "ResultGroup.completed": (_MILESTONE_COUNTS,),
    "ResultGroup.participants": (f"{_BASELINE}.denoms[*].counts[*].value",),
    "ResultGroup.serious_affected": (f"{_EVENTS}.eventGroups[*].seriousNumAffected",),
    "ResultGroup.serious_at_risk": (f"{_EVENTS}.eventGroups[*].seriousNumAtRisk",),
    "ResultGroup.other_affected": (f"{_EVENTS}.eventGroups[*].otherNumAffected",),
    "ResultGroup.other_at_risk": (f"{_EVENTS}.eventGroups[*].otherNumAtRisk",),
    "ResultGroup.deaths": (f"{_EVENTS}.eventGroups[*].deathsNumAffected",),
    "ResultGroup.deaths_at_risk": (f"{_EVENTS}.eventGroups[*].deathsNumAtRisk",),
    "OutcomeResult.title": (f"{_MEASURES}.title",),
    "OutcomeResult.time_frame": (f"{_MEASURES}.timeFrame",),
    "OutcomeResult.unit": (f"{_MEASURES}.unitOfMeasure",),
    "OutcomeResult.param_type": (f"{_MEASURES}.paramType",),
    "OutcomeResult.dispersion_type": (f"{_MEASURES}.dispersionType",),
    "OutcomeResult.groups": (
        f"{_MEASURES}.groups[*].title",
        f"{_MEASURES}.denoms[*].counts[*].value",
    ),
    "OutcomeResult.measurements": (
        f"{_MEASURES}.classes[*].title",
        f"{_MEASURES}.classes[*].categories[*].title",
        f"{_MEASUREMENTS}.value",
        f"{_MEASUREMENTS}.spread",
        f"{_MEASUREMENTS}.lowerLimit",
        f"{_MEASUREMENTS}.upperLimit",
    ),
    "OutcomeResult.analyses": tuple(
        f"{_MEASURES}.analyses[*].{key}"
        for key in (
            "statisticalMethod",
            "paramType",
            "paramValue",
            "ciPctValue",
            "ciLowerLimit",
            "ciUpperLimit",
            "pValue",
        )
    ),
    "Contact.kind": _CTGOV_CONTACTS,
    "Contact.name": _contact_paths(_CTGOV_CONTACTS, ("name",)),
    "Contact.role": _contact_paths(_CTGOV_CONTACTS, ("role",)),
    "Contact.organisation": (f"{_CONTACTS}.overallOfficials[*].affiliation",),
    # Officials have no phone or e-mail in the record.
    "Contact.phone": _contact_paths(_CTGOV_REACHABLE, ("phone",)),
    "Contact.phone_extension": _contact_paths(_CTGOV_REACHABLE, ("phoneExt",)),
    "Contact.email": _contact_paths(_CTGOV_REACHABLE, ("email",)),
}


def _ctis_paths(app):
    """The CTIS paths; `app` is where the authorised application sits: "" (CTIS1, before the
    June 2024 portal) or "authorizedApplication." (CTIS2)."""
    part1 = f"{app}authorizedPartI"
    details = f"{part1}.trialDetails"
    info = f"{details}.trialInformation"
    ids = f"{details}.clinicalTrialIdentifiers"
    population = f"{info}.populationOfTrialSubjects"
    products = (f"{part1}.productRoleGroupInfos[*].products[*]", f"{part1}.products[*]")
    contacts = tuple(
        f"{part1}.sponsors[*].{key}[*]" for key in ("publicContacts", "scientificContacts")
    )
    status = ("ctPublicStatusCode", "ctStatus")
    documents = ("summaryResults", "laypersonResults", "clinicalStudyReports")
    # Results are first posted when their first document is submitted.
    submitted = tuple(
        f"results.{key}[*].{date}" for key in documents for date in ("submissionDate", "submitDate")
    )
    return {
        "TrialResults.first_posted": submitted,
        "ResultDocument.kind": tuple(f"results.{key}" for key in documents),
        "ResultDocument.submitted": submitted,
        "Trial.public_title": (f"{ids}.publicTitle",),
        "Trial.official_title": (f"{ids}.fullTitle",),
        "Trial.acronym": (f"{ids}.acronym",),
        "Trial.short_title": (f"{ids}.shortTitle", "shortTitle"),
        "Trial.brief_summary": (f"{info}.trialObjective.mainObjective",),
        # CTIS holds clinical trials of medicines only: interventional by definition.
        "Trial.study_type": ("ctNumber",),
        "Trial.phase": (f"{info}.trialCategory.trialPhase", "trialPhase"),
        "Trial.allocation": (f"{details}.protocolInformation.studyDesign.periodDetails",),
        "Trial.masking": (f"{details}.protocolInformation.studyDesign.periodDetails",),
        "Trial.status": status,
        "Trial.registry_status": status,
        "Trial.registry_status_code": status,
        "Trial.enrollment": (
            "totalNumberEnrolled",
            f"{app}authorizedPartsII[*].recruitmentSubjectCount",
            f"{part1}.rowSubjectCount",
        ),
        "Trial.enrollment_eea": (
            "totalNumberEnrolled",
            f"{app}authorizedPartsII[*].recruitmentSubjectCount",
        ),
        "Trial.enrollment_type": ("totalNumberEnrolled",),
        "Trial.age_groups": (f"{population}.ageRanges[*].ageRangeCategory", "ageGroup"),
        "Trial.sex": ("gender", f"{population}.isFemaleSubjects", f"{population}.isMaleSubjects"),
        "Trial.healthy_volunteers": (f"{population}.clinicalTrialGroups[*].name",),
        "Trial.inclusion_criteria": (
            f"{info}.eligibilityCriteria.principalInclusionCriteria[*].principalInclusionCriteria",
        ),
        "Trial.exclusion_criteria": (
            f"{info}.eligibilityCriteria.principalExclusionCriteria[*].principalExclusionCriteria",
        ),
        "Trial.start_date": (
            "startDateEU",
            f"{app}authorizedPartsII[*].mscInfo.trialPeriod[*].trialStartDate",
            f"{info}.trialDuration.estimatedRecruitmentStartDate",
        ),
        "Trial.start_date_type": (
            "startDateEU",
            f"{app}authorizedPartsII[*].mscInfo.trialPeriod[*].trialStartDate",
            f"{info}.trialDuration.estimatedRecruitmentStartDate",
        ),
        "Trial.completion_date": (
            f"{info}.trialDuration.estimatedGlobalEndDate",
            f"{info}.trialDuration.estimatedEndDate",
        ),
        "Trial.completion_date_type": (
            f"{info}.trialDuration.estimatedGlobalEndDate",
            f"{info}.trialDuration.estimatedEndDate",
        ),
        "Trial.last_update": ("lastUpdated",),
        "Trial.sponsor": (
            f"{part1}.sponsors[*].organisation.name",
            "primarySponsor.organisation.name",
        ),
        "Trial.conditions": (
            f"{part1}.medicalConditions[*].medicalCondition",
            f"{info}.medicalCondition.partIMedicalConditions[*].medicalCondition",
        ),
        "TrialCountry.country": (
            "trialCountries",
            f"{app}memberStatesConcerned[*].organisationInfo.memberStateCountryCode",
            f"{app}memberStatesConcerned[*].mscName",
            f"{app}authorizedPartsII[*].mscInfo.countryName",
            f"{part1}.rowCountriesInfo[*].isoAlpha2Code",
        ),
        "TrialCountry.authorisation": (
            f"{app}memberStatesConcerned[*].trialStatus",
            f"{app}authorizedPartsII[*].mscInfo.trialStatus",
        ),
        "TrialCountry.status_code": (
            "trialCountries",
            f"{app}memberStatesConcerned[*].mscPublicStatusCode",
        ),
        "TrialCountry.is_member_state": (f"{part1}.rowCountriesInfo[*].isoAlpha2Code",),
        "TrialCountry.planned_participants": (
            f"{app}authorizedPartsII[*].recruitmentSubjectCount",
        ),
        "TrialIdentifier.value": (
            f"{app}eudraCt.eudraCtCode",
            "eudraCtInfo.eudraCtCode",
            f"{ids}.secondaryIdentifyingNumbers.nctNumber.number",
            f"{ids}.secondaryIdentifyingNumbers.isrctnNumber.number",
            f"{ids}.secondaryIdentifyingNumbers.whoUniversalTrialNumber.number",
            f"{ids}.secondaryIdentifyingNumbers.additionalRegistries[*].number",
        ),
        "TrialIdentifier.kind": (
            f"{app}eudraCt.eudraCtCode",
            "eudraCtInfo.eudraCtCode",
            f"{ids}.secondaryIdentifyingNumbers.nctNumber.number",
            f"{ids}.secondaryIdentifyingNumbers.isrctnNumber.number",
            f"{ids}.secondaryIdentifyingNumbers.whoUniversalTrialNumber.number",
            f"{ids}.secondaryIdentifyingNumbers.additionalRegistries[*].otherRegistryName",
        ),
        "TrialIntervention.intervention": tuple(
            f"{product}.{key}"
            for product in products
            for key in (
                "productDictionaryInfo.activeSubstanceName",
                "jsonActiveSubstanceNames",
                "productName",
            )
        ),
        "TrialIntervention.role": (
            f"{part1}.productRoleGroupInfos[*].productRoleName",
            f"{part1}.products[*].mpRoleInTrial",
        ),
        "TrialIntervention.kind": tuple(
            f"{product}.{key}"
            for product in products
            for key in ("anAdvancedTherapyMedicinalProduct", "allSubstancesChemicals")
        ),
        "TrialIntervention.other_names": tuple(
            f"{product}.{key}"
            for product in products
            for key in ("productName", "productDictionaryInfo.prodName", "sponsorProductCodeEdit")
        ),
        "TrialIntervention.route": tuple(f"{product}.routes" for product in products),
        "TrialIntervention.max_daily_dose": tuple(
            f"{product}.{key}" for product in products for key in ("maxDailyDoseAmount", "doseUom")
        ),
        "Outcome.measure": (
            f"{info}.endPoint.primaryEndPoints[*].endPoint",
            f"{info}.endPoint.secondaryEndPoints[*].endPoint",
        ),
        "Outcome.time_frame": (
            f"{info}.endPoint.primaryEndPoints[*].timeFrame",
            f"{info}.endPoint.secondaryEndPoints[*].timeFrame",
        ),
        "Site.country": (
            f"{app}authorizedPartsII[*].trialSites[*].organisationAddressInfo.address.countryName",
        ),
        "Site.facility": (
            f"{app}authorizedPartsII[*].trialSites[*].organisationAddressInfo.organisation.name",
        ),
        "Site.city": (
            f"{app}authorizedPartsII[*].trialSites[*].organisationAddressInfo.address.city",
        ),
        "Contact.kind": contacts,
        "Contact.name": _contact_paths(contacts, ("functionalName",)),
        "Contact.organisation": (
            *_contact_paths(contacts, ("organisation.name",)),
            f"{part1}.sponsors[*].organisation.name",
        ),
        "Contact.phone": _contact_paths(contacts, ("telephone",)),
        "Contact.email": _contact_paths(contacts, ("functionalEmailAddress",)),
    }


REGISTRY_PATHS = {
    "ctgov": CTGOV_PATHS,
    "ctis1": _ctis_paths(""),
    "ctis2": _ctis_paths("authorizedApplication."),
}


# The models whose rows an editor may keep, by the trial's relation that holds them.
KEPT_ROWS = {"Contact": "contacts"}


@dataclass(frozen=True)
class Source:
    """A fact's source: a model field (`Trial.enrollment`) and, for an imported trial, the
    record it was read from and the paths in that record. A source that is `absent` backs a
    sentence saying that the registry does not give the field."""

    field: str
    record: str = ""
    paths: tuple[str, ...] = ()
    absent: bool = False


def sources_of(trial, fields, *, absent=False):
    """The sources of these fields (`Trial.enrollment`, `Outcome.measure`...) of a trial. A
    field an editor corrected (kept) comes from the editor, not the registry; a field another
    registry's record filled comes from that record."""
    filled_from = (trial.registry_values or {}).get("filled_from", {})
    kept = set(trial.kept_fields or ())
    kept_models = {model for model, rows in KEPT_ROWS.items() if rows in kept}
    found = []
    for field in fields:
        model, _dot, name = field.partition(".")
        registry_format, record = trial.registry_format, trial.primary_identifier
        if model == "Trial" and name in filled_from:
            registry_format, record = filled_from[name]
        paths = REGISTRY_PATHS.get(registry_format, {}).get(field, ())
        if (model == "Trial" and name in kept) or model in kept_models or not paths:
            found.append(Source(field, absent=absent))
        else:
            found.append(Source(field, record, paths, absent))
    return tuple(found)

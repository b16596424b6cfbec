"""Map the `resultsSection` of a ClinicalTrials.gov API v2 study onto a `ResultsRecord`.

Counts are written as numbers or as texts of digits ("158"); a count that is neither is left
out rather than refused, because the rest of the results (and of the record) is still good.
Values measured for an outcome are kept as the registry writes them ("7.0", "<0.001", "NA").
"""

import re

from trials.models import OutcomeKind

from .reader import Reader
from .records import OutcomeResultRecord, ResultGroupRecord, ResultsRecord

_OUTCOME_KINDS = {
    "PRIMARY": OutcomeKind.PRIMARY,
    "SECONDARY": OutcomeKind.SECONDARY,
    "OTHER_PRE_SPECIFIED": OutcomeKind.OTHER,
    "POST_HOC": OutcomeKind.OTHER,
}
_WHOLE_NUMBER = re.compile(r"\s*\d{1,9}\s*")
# Milestones of the participant flow, by their ResultGroupRecord field.
_MILESTONES = {"STARTED": "started", "COMPLETED": "completed", "NOT COMPLETED": "not_completed"}
_TEXT_LIMIT = 2000


def _count(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        return int(value)
    return None


def _code(text: str) -> str:
    """A registry code as API v2 writes it, from either of its spellings ("Standard Deviation",
    "STANDARD_DEVIATION", "95% Confidence Interval")."""
    text = text.strip().upper().replace("%", "").replace("-", "_")
    text = re.sub(r"[^A-Z0-9]+", "_", text).strip("_")
    if re.fullmatch(r"(\d+)_CONFIDENCE_INTERVAL", text):
        number = text.split("_", 1)[0]
        return f"CONFIDENCE_INTERVAL_{number}"
    return text


def _value(reader: Reader, key: str) -> str:
    """A value as written; numbers given as JSON numbers are written back as text."""
    value = reader.data.get(key)
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return reader.text(key)[:100]


def _denominators(module: Reader) -> dict[str, int]:
    """The number of participants of each group, from the first denominator counting them."""
    denoms = module.objs("denoms")
    chosen = next(
        (d for d in denoms if d.text("units").casefold() == "participants"),
        denoms[0] if denoms else None,
    )
    if chosen is None:
        return {}
    found = {}
    for count in chosen.objs("counts"):
        number = _count(count.data.get("value"))
        if number is not None and count.text("groupId"):
            found[count.text("groupId")] = number
    return found


def _groups(module: Reader) -> dict[str, Reader]:
    return {group.text("id"): group for group in module.objs("groups") if group.text("id")}


def _participant_flow(module: Reader) -> list[ResultGroupRecord]:
    groups = _groups(module)
    found = []
    for period in module.objs("periods"):
        counts: dict[str, dict[str, int]] = {}
        for milestone in period.objs("milestones"):
            field = _MILESTONES.get(milestone.text("type").upper())
            if field is None:
                continue
            for achievement in milestone.objs("achievements"):
                number = _count(achievement.data.get("numSubjects"))
                group_id = achievement.text("groupId")
                if number is not None and group_id in groups:
                    counts.setdefault(group_id, {})[field] = number
        for group_id, group in groups.items():
            if group_id not in counts:
                continue
            found.append(
                ResultGroupRecord(
                    module="participant_flow",
                    registry_id=group_id,
                    title=group.text("title"),
                    description=group.text("description")[:_TEXT_LIMIT],
                    period=period.text("title"),
                    **counts[group_id],
                )
            )
    return found


def _baseline(module: Reader) -> list[ResultGroupRecord]:
    participants = _denominators(module)
    return [
        ResultGroupRecord(
            module="baseline",
            registry_id=group_id,
            title=group.text("title"),
            description=group.text("description")[:_TEXT_LIMIT],
            participants=participants.get(group_id),
        )
        for group_id, group in _groups(module).items()
    ]


def _adverse_event_groups(module: Reader) -> list[ResultGroupRecord]:
    return [
        ResultGroupRecord(
            module="adverse_events",
            registry_id=group.text("id"),
            title=group.text("title"),
            description=group.text("description")[:_TEXT_LIMIT],
            serious_affected=_count(group.data.get("seriousNumAffected")),
            serious_at_risk=_count(group.data.get("seriousNumAtRisk")),
            other_affected=_count(group.data.get("otherNumAffected")),
            other_at_risk=_count(group.data.get("otherNumAtRisk")),
            deaths=_count(group.data.get("deathsNumAffected")),
            deaths_at_risk=_count(group.data.get("deathsNumAtRisk")),
        )
        for group in module.objs("eventGroups")
        if group.text("title")
    ]


def _measurements(measure: Reader, groups) -> list[dict]:
    found = []
    for measure_class in measure.objs("classes"):
        class_title = measure_class.text("title")
        for category in measure_class.objs("categories"):
            category_title = category.text("title")
            for measurement in category.objs("measurements"):
                group_id = measurement.text("groupId")
                if group_id not in groups:
                    continue
                found.append(
                    {
                        "group": group_id,
                        "class": class_title,
                        "category": category_title,
                        "value": _value(measurement, "value"),
                        "spread": _value(measurement, "spread"),
                        "lower": _value(measurement, "lowerLimit"),
                        "upper": _value(measurement, "upperLimit"),
                        "comment": measurement.text("comment")[:_TEXT_LIMIT],
                    }
                )
    return found


def _analyses(measure: Reader, groups) -> list[dict]:
    return [
        {
            "groups": [group_id for group_id in analysis.texts("groupIds") if group_id in groups],
            "method": analysis.text("statisticalMethod")[:300],
            "p_value": _value(analysis, "pValue"),
            "estimate": analysis.text("paramType")[:300],
            "estimate_value": _value(analysis, "paramValue"),
            "ci_percent": _value(analysis, "ciPctValue"),
            "ci_lower": _value(analysis, "ciLowerLimit"),
            "ci_upper": _value(analysis, "ciUpperLimit"),
            "description": analysis.text("groupDescription")[:_TEXT_LIMIT],
        }
        for analysis in measure.objs("analyses")
    ]


def _outcome(measure: Reader) -> OutcomeResultRecord | None:
    kind = _OUTCOME_KINDS.get(measure.text("type").upper())
    title = measure.text("title")
    if kind is None or not title:
        return None
    denominators = _denominators(measure)
    group_readers = _groups(measure)
    groups = tuple(
        {
            "id": group_id,
            "title": group.text("title")[:300],
            "description": group.text("description")[:_TEXT_LIMIT],
            "analysed": denominators.get(group_id),
        }
        for group_id, group in group_readers.items()
    )
    return OutcomeResultRecord(
        kind=str(kind),
        title=title,
        description=measure.text("description"),
        time_frame=measure.text("timeFrame"),
        unit=measure.text("unitOfMeasure")[:300],
        population=measure.text("populationDescription"),
        param_type=_code(measure.text("paramType"))[:40],
        dispersion_type=_code(measure.text("dispersionType"))[:40],
        is_posted=measure.text("reportingStatus").upper() != "NOT_POSTED",
        groups=groups,
        measurements=tuple(_measurements(measure, group_readers)),
        analyses=tuple(_analyses(measure, group_readers)),
    )


def map_results(study: Reader, first_posted: str) -> ResultsRecord | None:
    """The results of the study; None when it has posted none."""
    section = study.obj("resultsSection")
    if not section.data:
        return None
    flow = section.obj("participantFlowModule")
    baseline = section.obj("baselineCharacteristicsModule")
    adverse = section.obj("adverseEventsModule")
    measures = section.obj("outcomeMeasuresModule").objs("outcomeMeasures")
    outcomes = [_outcome(measure) for measure in measures]
    return ResultsRecord(
        first_posted=first_posted,
        adverse_events_time_frame=adverse.text("timeFrame"),
        adverse_events_description=adverse.text("description"),
        other_events_threshold=_value(adverse, "frequencyThreshold")[:10],
        baseline_population=baseline.text("populationDescription"),
        groups=[*_participant_flow(flow), *_baseline(baseline), *_adverse_event_groups(adverse)],
        outcomes=[outcome for outcome in outcomes if outcome is not None],
    )

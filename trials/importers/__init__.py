"""Registry importers: read files, detect each record's format, map it onto a `TrialRecord`."""

from .ctgov import is_ctgov_study, map_ctgov_study
from .ctis import is_ctis_record, map_ctis_record
from .records import RecordError, TrialRecord


def record_label(payload) -> str:
    """The record's identifier if one can be read, for error messages."""
    if not isinstance(payload, dict):
        return ""
    protocol = payload.get("protocolSection")
    identification = protocol.get("identificationModule") if isinstance(protocol, dict) else None
    value = identification.get("nctId") if isinstance(identification, dict) else None
    value = value or payload.get("ctNumber")
    return value if isinstance(value, str) else ""


def map_record(payload) -> TrialRecord:
    """Detect the registry format of one record and map it; RecordError says why it cannot."""
    if is_ctgov_study(payload):
        return map_ctgov_study(payload)
    if is_ctis_record(payload):
        return map_ctis_record(payload)
    if isinstance(payload, dict) and "protocolSection" in payload:
        raise RecordError("a ClinicalTrials.gov study without an NCT identifier (nctId)")
    if isinstance(payload, dict) and any(k in payload for k in ("ctStatus", "authorizedPartI")):
        raise RecordError("an EU CTIS record without a valid EU CT number (ctNumber)")
    raise RecordError(
        "unknown record format: neither a ClinicalTrials.gov API v2 study nor an EU CTIS record"
    )

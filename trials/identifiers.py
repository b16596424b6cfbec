"""Trial registry identifiers: every accepted format and where its public record lives."""

import re
from dataclasses import dataclass
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

WHO_TRIAL_SEARCH = "https://trialsearch.who.int/Trial2.aspx?TrialID={id}"


@dataclass(frozen=True)
class Registry:
    code: str
    name: str  # lazily translated
    pattern: re.Pattern
    example: str
    url_template: str | None
    # A number of the registry written inside other text ("EudraCT no. 2015-001894-41"): not
    # part of a longer number, nor, where the number starts with letters, of a longer word.
    in_text: re.Pattern

    def url(self, identifier: str) -> str | None:
        if self.url_template is None:
            return None
        return self.url_template.format(id=quote(identifier, safe=""))


def _registry(code, name, pattern, example, url_template=WHO_TRIAL_SEARCH):
    edge = r"\w-" if pattern.lstrip("(?:")[0].isalpha() else r"\d-"
    in_text = re.compile(rf"(?<![{edge}])(?:{pattern})(?![{edge}])", re.IGNORECASE)
    return Registry(code, name, re.compile(rf"^(?:{pattern})$"), example, url_template, in_text)


# Order matters only where formats could overlap: none of these do.
REGISTRIES = (
    _registry(
        "EUCT",
        _("EU Clinical Trials Information System (CTIS)"),
        r"\d{4}-\d{6}-\d{2}-\d{2}",
        "2025-520841-60-00",
        "https://euclinicaltrials.eu/ctis-public/view/{id}",
    ),
    _registry(
        "NCT",
        _("ClinicalTrials.gov"),
        r"NCT\d{8}",
        "NCT01234567",
        "https://clinicaltrials.gov/study/{id}",
    ),
    _registry(
        "EUDRACT",
        _("EU Clinical Trials Register (EudraCT)"),
        r"\d{4}-\d{6}-\d{2}",
        "2015-001894-41",
        "https://www.clinicaltrialsregister.eu/ctr-search/search?query={id}",
    ),
    _registry(
        "ISRCTN",
        _("ISRCTN registry"),
        r"ISRCTN\d{8}",
        "ISRCTN96912679",
        "https://www.isrctn.com/{id}",
    ),
    _registry("DRKS", _("German Clinical Trials Register (DRKS)"), r"DRKS\d{8}", "DRKS00012345"),
    _registry(
        "ACTRN",
        _("Australian New Zealand Clinical Trials Registry"),
        r"ACTRN\d{14}",
        "ACTRN12615000123456",
    ),
    _registry(
        "JRCT",
        _("Japan Registry of Clinical Trials (jRCT)"),
        r"JRCT[A-Z]?\d{9,10}",
        "jRCT2031210123",
    ),
    _registry(
        "CHICTR",
        _("Chinese Clinical Trial Registry"),
        r"CHICTR(?:-[A-Z]{2,5}-)?\d{8,10}",
        "ChiCTR2000012345",
    ),
    _registry(
        "CTRI",
        _("Clinical Trials Registry – India"),
        r"CTRI/\d{4}/\d{2,3}/\d{6}",
        "CTRI/2020/05/025123",
    ),
    _registry(
        "IRCT", _("Iranian Registry of Clinical Trials"), r"IRCT\d{11,}N\d+", "IRCT20200101045981N1"
    ),
    _registry("KCT", _("Clinical Research Information Service (Korea)"), r"KCT\d{7}", "KCT0005123"),
    _registry(
        "PACTR", _("Pan African Clinical Trials Registry"), r"PACTR\d{15}", "PACTR202001123456789"
    ),
    _registry("CTR_NL", _("Netherlands Trial Register"), r"(?:NL|NTR)\d{1,5}", "NL7654"),
    _registry("TCTR", _("Thai Clinical Trials Registry"), r"TCTR\d{11}", "TCTR20200101001"),
    _registry(
        "REBEC", _("Brazilian Clinical Trials Registry (ReBEC)"), r"RBR-[0-9A-Z]{6,8}", "RBR-7bqxm2"
    ),
    _registry(
        "SLCTR", _("Sri Lanka Clinical Trials Registry"), r"SLCTR/\d{4}/\d{3}", "SLCTR/2020/012"
    ),
    _registry(
        "RPCEC", _("Cuban Public Registry of Clinical Trials"), r"RPCEC\d{8}", "RPCEC00000123"
    ),
    _registry("LBCTR", _("Lebanese Clinical Trials Registry"), r"LBCTR\d{10}", "LBCTR2020013456"),
    _registry(
        "ITMCTR",
        _("International Traditional Medicine Clinical Trial Registry"),
        r"ITMCTR\d{10,}",
        "ITMCTR2100004567",
    ),
    _registry(
        "REPEC", _("Peruvian Clinical Trials Registry (REPEC)"), r"PER-\d{3}-\d{2}", "PER-012-20"
    ),
    _registry(
        "WHO_UTN", _("WHO Universal Trial Number"), r"U\d{4}-\d{4}-\d{4}", "U1111-1234-5678", None
    ),
)
REGISTRIES_BY_CODE = {registry.code: registry for registry in REGISTRIES}
# How each registry is named for short, beside one of its numbers: “2015-001894-41 (EudraCT)”.
SHORT_NAMES = {
    "EUCT": "CTIS",
    "NCT": "ClinicalTrials.gov",
    "EUDRACT": "EudraCT",
    "ISRCTN": "ISRCTN",
    "DRKS": "DRKS",
    "ACTRN": "ANZCTR",
    "JRCT": "jRCT",
    "CHICTR": "ChiCTR",
    "CTRI": "CTRI",
    "IRCT": "IRCT",
    "KCT": "CRIS",
    "PACTR": "PACTR",
    "CTR_NL": "NTR",
    "TCTR": "TCTR",
    "REBEC": "ReBEC",
    "SLCTR": "SLCTR",
    "RPCEC": "RPCEC",
    "LBCTR": "LBCTR",
    "ITMCTR": "ITMCTR",
    "REPEC": "REPEC",
    "WHO_UTN": "UTN",
}

# Registries that print their prefix in mixed case (jRCT, ChiCTR): matched upper-cased and
# written back in the registry's own spelling, keeping the rest as typed (jRCTs031190001).
_CANONICAL_PREFIXES = {"JRCT": "jRCT", "CHICTR": "ChiCTR"}
# ReBEC writes its prefix in capitals and the code after it in lower case (RBR-7bqxm2).
_LOWER_CASE_CODES = {"REBEC": "RBR-"}


@dataclass(frozen=True)
class Identifier:
    value: str
    registry: Registry

    @property
    def url(self) -> str | None:
        return self.registry.url(self.value)

    def __str__(self):
        return self.value


def accepted_formats() -> str:
    return ", ".join(f"{r.name} ({r.example})" for r in REGISTRIES)


# Written out (in the active language) only when the error message is.
accepted_formats_lazy = lazy(accepted_formats, str)


def find_identifier(raw: str) -> Identifier | None:
    """The registry identifier that `raw` is, written as its registry writes it; or None."""
    candidate = re.sub(r"\s+", "", str(raw or ""))
    upper = candidate.upper()
    for registry in REGISTRIES:
        if registry.pattern.match(upper):
            prefix = next((p for p in _CANONICAL_PREFIXES if upper.startswith(p)), None)
            if prefix:
                value = _CANONICAL_PREFIXES[prefix] + candidate[len(prefix) :]
            elif registry.code in _LOWER_CASE_CODES:
                prefix = _LOWER_CASE_CODES[registry.code]
                value = prefix + candidate[len(prefix) :].lower()
            else:
                value = upper
            return Identifier(value, registry)
    return None


def find_identifier_in_text(text: str, code: str) -> Identifier | None:
    """The first number of the registry `code` written inside `text`, as its registry writes it;
    or None."""
    match = REGISTRIES_BY_CODE[code].in_text.search(text)
    identifier = find_identifier(match.group()) if match else None
    return identifier if identifier is not None and identifier.registry.code == code else None


def parse_identifier(raw: str) -> Identifier:
    """Recognise a registry identifier, or raise ValidationError listing the accepted formats."""
    identifier = find_identifier(raw)
    if identifier is None:
        raise ValidationError(
            _("“%(value)s” is not a trial registry identifier. Accepted formats: %(formats)s."),
            code="invalid_identifier",
            params={"value": str(raw)[:80], "formats": accepted_formats_lazy()},
        )
    return identifier


# Numbers issued by national authorities or registries that parse_identifier does not know.
_NATIONAL_PATTERNS = (
    re.compile(r"^\d{4}-A\d{5}-\d{2}$", re.IGNORECASE),  # French ID-RCB, 2023-A00386-39
    re.compile(r"^NL\d+\.\d+\.\d+$", re.IGNORECASE),  # Dutch CCMO (ABR), NL12345.078.15
    re.compile(r"^UMIN\d{9}$", re.IGNORECASE),  # Japanese UMIN-CTR
    re.compile(r"^JapicCTI-\d+$", re.IGNORECASE),  # Japanese JAPIC
)
_NATIONAL_ISSUERS = re.compile(
    r"\b(?:ID[\s-]?RCB|ANSM|CCMO|ABR|BASEC|swissethics|BfArM|AEMPS|AIFA|UMIN|JAPIC|JAPICCTI"
    r"|CTRI|ANZCTR|NMPA|PMDA|Health\s+Canada|TGA)\b",
    re.IGNORECASE,
)


def is_national_number(value: str, issuer: str = "") -> bool:
    """Whether a number is a national authority's or registry's, by its issuer or its form."""
    return bool(_NATIONAL_ISSUERS.search(issuer)) or any(
        pattern.match(value) for pattern in _NATIONAL_PATTERNS
    )


def validate_registry_identifier(value: str) -> None:
    parse_identifier(value)


def registry_url(identifier: str) -> str | None:
    return parse_identifier(identifier).url

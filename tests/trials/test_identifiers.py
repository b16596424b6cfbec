from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError

from trials.identifiers import (
    REGISTRIES,
    WHO_TRIAL_SEARCH,
    find_identifier_in_text,
    parse_identifier,
    registry_url,
)

WHO = "https://trialsearch.who.int/Trial2.aspx?TrialID="


@pytest.mark.parametrize(
    ("raw", "registry", "url"),
    [
        (
            "2025-520841-60-00",
            "EUCT",
            "https://euclinicaltrials.eu/ctis-public/view/2025-520841-60-00",
        ),
        ("NCT01234567", "NCT", "https://clinicaltrials.gov/study/NCT01234567"),
        (
            "2015-001894-41",
            "EUDRACT",
            "https://www.clinicaltrialsregister.eu/ctr-search/search?query=2015-001894-41",
        ),
        ("ISRCTN96912679", "ISRCTN", "https://www.isrctn.com/ISRCTN96912679"),
        ("DRKS00012345", "DRKS", f"{WHO}DRKS00012345"),
        ("ACTRN12615000123456", "ACTRN", f"{WHO}ACTRN12615000123456"),
        ("jRCT2031210123", "JRCT", f"{WHO}jRCT2031210123"),
        ("jRCTs031190001", "JRCT", f"{WHO}jRCTs031190001"),
        ("ChiCTR2000012345", "CHICTR", f"{WHO}ChiCTR2000012345"),
        ("ChiCTR-IOR-17012345", "CHICTR", f"{WHO}ChiCTR-IOR-17012345"),
        ("CTRI/2020/05/025123", "CTRI", f"{WHO}CTRI%2F2020%2F05%2F025123"),
        ("IRCT20200101045981N1", "IRCT", f"{WHO}IRCT20200101045981N1"),
        ("KCT0005123", "KCT", f"{WHO}KCT0005123"),
        ("PACTR202001123456789", "PACTR", f"{WHO}PACTR202001123456789"),
        ("NL7654", "CTR_NL", f"{WHO}NL7654"),
        ("NTR1234", "CTR_NL", f"{WHO}NTR1234"),
        ("TCTR20200101001", "TCTR", f"{WHO}TCTR20200101001"),
        ("RBR-7bqxm2", "REBEC", f"{WHO}RBR-7bqxm2"),
        ("SLCTR/2020/012", "SLCTR", f"{WHO}SLCTR%2F2020%2F012"),
        ("RPCEC00000123", "RPCEC", f"{WHO}RPCEC00000123"),
        ("LBCTR2020013456", "LBCTR", f"{WHO}LBCTR2020013456"),
        ("ITMCTR2100004567", "ITMCTR", f"{WHO}ITMCTR2100004567"),
        ("PER-012-20", "REPEC", f"{WHO}PER-012-20"),
        ("U1111-1234-5678", "WHO_UTN", None),
    ],
)
def test_identifier_is_recognised_and_linked_to_its_registry(raw, registry, url):
    identifier = parse_identifier(raw)

    assert identifier.value == raw
    assert identifier.registry.code == registry
    assert identifier.url == url
    assert registry_url(raw) == url


def test_every_registry_format_is_covered_by_the_link_table():
    # Guards the table above: a registry added to REGISTRIES needs a row there too.
    covered = {
        "EUCT", "NCT", "EUDRACT", "ISRCTN", "DRKS", "ACTRN", "JRCT", "CHICTR", "CTRI", "IRCT",
        "KCT", "PACTR", "CTR_NL", "TCTR", "REBEC", "SLCTR", "RPCEC", "LBCTR", "ITMCTR", "REPEC",
        "WHO_UTN",
    }  # fmt: skip
    assert {registry.code for registry in REGISTRIES} == covered


@pytest.mark.parametrize("registry", REGISTRIES, ids=lambda registry: registry.code)
def test_registry_example_is_written_back_unchanged(registry):
    identifier = parse_identifier(registry.example)

    assert identifier.registry == registry
    assert identifier.value == registry.example


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("nct01234567", "NCT01234567"),
        ("NCT 0123 4567", "NCT01234567"),
        ("  NCT01234567\n", "NCT01234567"),
        ("isrctn96912679", "ISRCTN96912679"),
        ("drks00012345", "DRKS00012345"),
        ("JRCT2031210123", "jRCT2031210123"),
        ("chictr2000012345", "ChiCTR2000012345"),
        ("2025 - 520841 - 60 - 00", "2025-520841-60-00"),
        ("ctri/2020/05/025123", "CTRI/2020/05/025123"),
        ("rbr-7bqxm2", "RBR-7bqxm2"),
        ("u1111-1234-5678", "U1111-1234-5678"),
    ],
)
def test_identifier_is_normalised_to_the_registry_spelling(raw, canonical):
    assert parse_identifier(raw).value == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "NCT1234567",  # seven digits
        "NCT012345678",  # nine digits
        "NCT0123456X",
        "2025-52084-60-00",
        "2025-520841-60-000",
        "25-520841-60-00",
        "ISRCTN1234567",
        "DRKS0001234",
        "ACTRN1261500012345",
        "CTRI/2020/5/025123",
        "U1111-1234-567",
        "RBR-7bq",
        "clinicaltrials.gov/study/NCT01234567",
        "<script>alert(1)</script>",
        "NCT01234567; DROP TABLE trials",
    ],
)
def test_malformed_identifier_is_refused_with_the_accepted_formats(raw):
    with pytest.raises(ValidationError) as raised:
        parse_identifier(raw)

    (message,) = raised.value.messages
    assert "is not a trial registry identifier" in message
    assert "Accepted formats:" in message
    for registry in REGISTRIES:
        assert f"{registry.name} ({registry.example})" in message


@pytest.mark.parametrize(
    ("text", "code", "found"),
    [
        ("EudraCT no. 2015-001894-41 (protocol v2)", "EUDRACT", "2015-001894-41"),
        ("EU CT 2025-520841-60-00", "EUCT", "2025-520841-60-00"),
        ("EU CT 2025-520841-60-00", "EUDRACT", None),
        ("UTN: u1111-1234-5678", "WHO_UTN", "U1111-1234-5678"),
        ("XU1111-1234-5678", "WHO_UTN", None),
        ("12015-001894-41", "EUDRACT", None),
    ],
)
def test_a_number_is_found_inside_other_text_only_whole(text, code, found):
    identifier = find_identifier_in_text(text, code)

    assert (identifier.value if identifier else None) == found


# Where the project's code, templates and scripts live; tests hold expected addresses on purpose,
# and migrations are frozen history that must not import code that changes.
PROJECT = Path(__file__).resolve().parents[2]
SOURCE_SUFFIXES = {".py", ".html", ".txt", ".xml", ".js", ".css", ".sh", ".toml", ".cfg"}
NOT_SOURCE = {"tests", "locale", "migrations", "vendor", "node_modules", "staticfiles"}
THE_ONE_PLACE = {PROJECT / "trials" / "identifiers.py", PROJECT / "config" / "settings.py"}


def registry_needles():
    """What may be written only in trials/identifiers.py: every registry's host (its record
    pages; settings may name the APIs' base addresses) and every number's pattern."""
    hosts = {
        urlsplit(template).hostname.removeprefix("www.")
        for template in [WHO_TRIAL_SEARCH, *(r.url_template for r in REGISTRIES)]
        if template
    }
    patterns = {
        registry.pattern.pattern.removeprefix("^(?:").removesuffix(")$") for registry in REGISTRIES
    }
    return sorted(hosts) + sorted(patterns)


def source_files():
    for path in sorted(PROJECT.rglob("*")):
        parts = set(path.relative_to(PROJECT).parts)
        if (
            path.is_file()
            and (path.suffix in SOURCE_SUFFIXES or path.name == "Makefile")
            and not parts & NOT_SOURCE
            and not any(part.startswith(".") and part != ".ci" for part in parts)
        ):
            yield path


def written_in(text, needle):
    # Character classes written out ("[0-9]") count as the shorthand ("\d").
    return needle in text.replace("[0-9]", r"\d")


def test_registry_addresses_and_number_patterns_are_written_in_identifiers_only():
    needles = registry_needles()
    identifiers = (PROJECT / "trials" / "identifiers.py").read_text(encoding="utf-8")
    assert "clinicaltrials.gov" in needles and r"NCT\d{8}" in needles
    assert all(written_in(identifiers, needle) for needle in needles)

    repeated = [
        f"{path.relative_to(PROJECT)}: {needle}"
        for path in source_files()
        if path not in THE_ONE_PLACE
        for needle in needles
        if written_in(path.read_text(encoding="utf-8", errors="replace"), needle)
    ]

    assert repeated == []

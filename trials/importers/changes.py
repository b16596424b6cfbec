"""What an import changes in a trial that a reader would want to know: its status, its
enrolment, its dates, its sites and recruiting countries, its results. Plain functions over
values, so that the writer (`writer.py`) can note them in bulk with the rows it writes; the
words are the summary package's (`trials.summary.changes`)."""

from ..models import ChangeKind, RecruitmentStatus

# The dates a reader follows, by the kind of change that notes them.
DATE_FIELDS = {
    ChangeKind.START_DATE: "start_date",
    ChangeKind.PRIMARY_COMPLETION_DATE: "primary_completion_date",
    ChangeKind.COMPLETION_DATE: "completion_date",
}
# How many sites a note keeps by name; it counts them all.
NAMED_SITES = 20


def trial_facts(trial):
    """The facts of a trial whose changes are noted, as the JSON values a note stores."""
    facts = {
        ChangeKind.STATUS: {"status": trial.status, "code": trial.registry_status_code},
        ChangeKind.ENROLLMENT: (
            None
            if trial.enrollment is None
            else {"count": trial.enrollment, "type": trial.enrollment_type}
        ),
    }
    for kind, name in DATE_FIELDS.items():
        value = getattr(trial, name)
        facts[kind] = {"date": value, "type": getattr(trial, f"{name}_type")} if value else None
    return facts


def fact_changes(before, after):
    """(kind, before, after) of each fact that changed; one that is no longer given is not
    noted (a record that drops a value says nothing a reader can follow)."""
    for kind, old in before.items():
        new = after[kind]
        if new is not None and new != old:
            yield kind, old, new


def site_changes(old_sites, new_sites):
    """(kind, before, after) for the sites a record adds and the recruiting sites it closes
    (no longer recruiting, or no longer listed), and for the countries where the trial starts
    or stops recruiting. Sites are (country, city, facility, status)."""
    old = {site[:3]: site[3] for site in old_sites}
    new = {site[:3]: site[3] for site in new_sites}
    recruiting = RecruitmentStatus.RECRUITING
    added = [key for key in new if key not in old]
    closed = [
        key for key, status in old.items() if status == recruiting and new.get(key) != recruiting
    ]
    if added:
        yield ChangeKind.SITES_ADDED, None, _sites(added)
    if closed:
        yield ChangeKind.SITES_CLOSED, None, _sites(closed)
    old_countries = _recruiting_countries(old)
    new_countries = _recruiting_countries(new)
    if opened := [code for code in new_countries if code not in old_countries]:
        yield ChangeKind.COUNTRIES_ADDED, None, {"countries": opened}
    if ended := [code for code in old_countries if code not in new_countries]:
        yield ChangeKind.COUNTRIES_CLOSED, None, {"countries": ended}


def results_change(old_results, new_results):
    """The note of results posted for the first time, if they are."""
    if old_results is None and new_results is not None:
        return ChangeKind.RESULTS_POSTED, None, {"first_posted": new_results.first_posted or ""}
    return None


def _sites(keys):
    return {"count": len(keys), "sites": [list(key) for key in keys[:NAMED_SITES]]}


def _recruiting_countries(sites):
    return list(
        dict.fromkeys(
            key[0] for key, status in sites.items() if status == RecruitmentStatus.RECRUITING
        )
    )

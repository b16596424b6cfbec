"""The table of every trial of an intervention or a condition: filtered by status, phase and
country, the most relevant first, one page at a time, whatever the number of trials."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from config.languages import LANGUAGE_CODES

from .folding import sort_key
from .labels import country_name, localized, phase_label, status_label, trial_title
from .models import Condition, Phase, RecruitmentStatus, Trial

PER_PAGE = 25


class TrialTableForm(forms.Form):
    """The filters of the table; it offers only the values that its trials have."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    has_results = forms.BooleanField(label=_("Only trials with posted results"), required=False)

    def __init__(self, data, *, statistics):
        super().__init__(data)
        statuses = {}
        for status, _code, count in statistics.get("statuses", ()):
            statuses[status] = statuses.get(status, 0) + count
        self.fields["status"].choices = self._choices(
            (status, status_label(status), count)
            for status, count in statuses.items()
            if status in RecruitmentStatus.values
        )
        self.fields["phase"].choices = self._choices(
            (phase, phase_label(phase), count)
            for phase, count in sorted(
                statistics.get("phases", ()), key=lambda item: _phase_order(item[0])
            )
            if phase in Phase.values
        )
        countries = [
            (code, country_name(code), count)
            for code, count in statistics.get("countries", ())
            if code
        ]
        self.fields["country"].choices = self._choices(
            sorted(countries, key=lambda item: sort_key(item[1]))
        )

    @staticmethod
    def _choices(values):
        return [("", _("All")), *((value, f"{label} ({count})") for value, label, count in values)]

    def filters(self):
        """{phase, status, country, has_results} of the valid filters; an unknown value
        filters nothing."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name)
            for name in ("phase", "status", "country", "has_results")
            if self.cleaned_data.get(name)
        }


def _phase_order(phase):
    return Phase.values.index(phase) if phase in Phase.values else len(Phase.values)


@dataclass(frozen=True)
class TableRow:
    identifier: str
    page_url: str
    title: object
    phase: str
    conditions: tuple
    status: str
    enrollment: int | None
    has_results: bool


@dataclass(frozen=True)
class TrialTable:
    form: TrialTableForm
    page: object
    rows: tuple[TableRow, ...]

    @property
    def is_filtered(self):
        return bool(self.form.filters())


def trial_table(data, *, trials, statistics, language, id_field="pk", known=()):
    """One page of `trials` (a queryset with `matching()` and `most_relevant()`: the trials,
    or the links of an intervention to them, whose trial is `id_field`) filtered by `data`.
    `known` trials (those the page has read already, with their conditions) are not read
    again: an intervention with a few trials lists the ones its page describes."""
    form = TrialTableForm(data, statistics=statistics)
    ids = trials.matching(**form.filters()).most_relevant().values_list(id_field, flat=True)
    page = Paginator(ids, PER_PAGE).get_page(data.get("page"))
    by_pk = {trial.pk: trial for trial in known}
    missing = [pk for pk in page.object_list if pk not in by_pk]
    if missing:
        found = (
            Trial.objects.filter(pk__in=missing)
            .flagging_results()
            .only("primary_identifier", "phase", "status", "enrollment", *_translations(TITLES))
            .prefetch_related(
                Prefetch(
                    "conditions",
                    queryset=Condition.objects.only("state", "slug", *_translations(["name"])),
                )
            )
        )
        by_pk.update((trial.pk, trial) for trial in found)
    rows = tuple(_row(by_pk[pk], language) for pk in page.object_list if pk in by_pk)
    return TrialTable(form=form, page=page, rows=rows)


# What a row shows of its trial.
TITLES = ["public_title", "official_title"]


def _translations(names):
    return [f"{name}_{language}" for name in names for language in LANGUAGE_CODES]


def _row(trial, language):
    return TableRow(
        identifier=trial.primary_identifier,
        page_url=trial.get_absolute_url(),
        title=trial_title(trial, language),
        phase=phase_label(trial.phase),
        conditions=tuple(
            localized(condition, "name", language)
            for condition in trial.conditions.all()
            if condition.is_published
        ),
        status=status_label(trial.status),
        enrollment=trial.enrollment,
        has_results=_has_results(trial),
    )


def _has_results(trial):
    """Annotated on the trials read for the table; prefetched on those the page read."""
    flag = getattr(trial, "has_results", None)
    return flag if flag is not None else hasattr(trial, "results")

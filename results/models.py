"""The results a registry posts for a trial: who took part and finished, who they were at the
start, what each outcome measure found in each group, the adverse events, and the documents
a sponsor posted. Registry data, written by the import; editors translate the texts."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from trials.characters import CheckedTextModel
from trials.models import OutcomeKind, Trial, partial_date_validator


class ResultModule(models.TextChoices):
    PARTICIPANT_FLOW = "participant_flow", _("participant flow")
    BASELINE = "baseline", _("baseline characteristics")
    ADVERSE_EVENTS = "adverse_events", _("adverse events")


class DocumentKind(models.TextChoices):
    SUMMARY_RESULTS = "summary_results", _("summary of the results")
    LAY_SUMMARY = "lay_summary", _("summary of the results for laypersons")
    CLINICAL_STUDY_REPORT = "clinical_study_report", _("clinical study report")


class TrialResults(CheckedTextModel, models.Model):
    """That a trial's record has results, with what the results say of all groups at once."""

    trial = models.OneToOneField(Trial, on_delete=models.CASCADE, related_name="results")
    first_posted = models.CharField(
        _("results first posted"),
        max_length=10,
        blank=True,
        validators=[partial_date_validator],
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD, as the registry gives it."),
    )
    adverse_events_time_frame = models.TextField(_("adverse events: time frame"), blank=True)
    adverse_events_description = models.TextField(_("adverse events: description"), blank=True)
    # Other (not serious) adverse events are listed when at least this percentage of a group had
    # them, as the registry gives it ("5").
    other_events_threshold = models.CharField(
        _("adverse events: frequency threshold (%)"), max_length=10, blank=True
    )
    baseline_population = models.TextField(_("baseline: population"), blank=True)

    class Meta:
        verbose_name = _("results")
        verbose_name_plural = _("results")

    def __str__(self):
        return str(self.trial)

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#results"


class ResultGroup(CheckedTextModel, models.Model):
    """A group of participants as one module of the results reports it. Participant flow
    reports each group once per period of the trial."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="result_groups")
    module = models.CharField(_("module"), max_length=20, choices=ResultModule.choices)
    registry_id = models.CharField(_("registry identifier"), max_length=20, blank=True)
    period = models.CharField(_("period"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    started = models.PositiveIntegerField(_("started"), null=True, blank=True)
    completed = models.PositiveIntegerField(_("completed"), null=True, blank=True)
    not_completed = models.PositiveIntegerField(_("did not complete"), null=True, blank=True)
    participants = models.PositiveIntegerField(_("participants at baseline"), null=True, blank=True)
    serious_affected = models.PositiveIntegerField(
        _("people with serious adverse events"), null=True, blank=True
    )
    serious_at_risk = models.PositiveIntegerField(
        _("people at risk of serious adverse events"), null=True, blank=True
    )
    other_affected = models.PositiveIntegerField(
        _("people with other adverse events"), null=True, blank=True
    )
    other_at_risk = models.PositiveIntegerField(
        _("people at risk of other adverse events"), null=True, blank=True
    )
    deaths = models.PositiveIntegerField(_("deaths"), null=True, blank=True)
    deaths_at_risk = models.PositiveIntegerField(
        _("people at risk of death"), null=True, blank=True
    )

    class Meta:
        ordering = ["trial", "module", "order", "id"]
        verbose_name = _("result group")
        verbose_name_plural = _("result groups")

    def __str__(self):
        return self.title[:80]

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#results"


class OutcomeResult(CheckedTextModel, models.Model):
    """What one outcome measure found. Its groups, the values measured in each, and the
    statistical analyses are kept as the registry tables them:

    - groups: [{"id": "OG000", "title": ..., "description": ..., "analysed": 97}]
    - measurements: [{"group": "OG000", "class": ..., "category": ..., "value": "7.0",
      "spread": ..., "lower": ..., "upper": ...}], values as the registry writes them
    - analyses: [{"groups": ["OG000", "OG001"], "method": ..., "p_value": "<0.001",
      "estimate": "Odds Ratio (OR)", "estimate_value": "15.2", "ci_percent": "95",
      "ci_lower": ..., "ci_upper": ..., "description": ...}]
    """

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="outcome_results")
    kind = models.CharField(_("kind"), max_length=10, choices=OutcomeKind.choices)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    time_frame = models.TextField(_("time frame"), blank=True)
    unit = models.CharField(_("unit of measure"), max_length=300, blank=True)
    population = models.TextField(_("analysis population"), blank=True)
    param_type = models.CharField(_("measure type"), max_length=40, blank=True)
    dispersion_type = models.CharField(_("dispersion type"), max_length=40, blank=True)
    is_posted = models.BooleanField(_("results posted"), default=True)
    groups = models.JSONField(_("groups"), default=list, blank=True)
    measurements = models.JSONField(_("measurements"), default=list, blank=True)
    analyses = models.JSONField(_("statistical analyses"), default=list, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["trial", "order", "id"]
        verbose_name = _("outcome result")
        verbose_name_plural = _("outcome results")

    def __str__(self):
        return self.title[:80]

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#results"

    def group_titles(self):
        return {group["id"]: group.get("title", "") for group in self.groups}


class ResultDocument(CheckedTextModel, models.Model):
    """A results document the sponsor posted on the registry (EU CTIS)."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="result_documents")
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    submitted = models.DateField(_("submitted"), null=True, blank=True)
    url = models.URLField(_("address"), max_length=500, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["trial", "order", "id"]
        verbose_name = _("results document")
        verbose_name_plural = _("results documents")

    def __str__(self):
        return self.title or self.get_kind_display()

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#results"

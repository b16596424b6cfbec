"""Registry searches the site follows: run daily, their new and changed trials imported."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Registry(models.TextChoices):
    CTGOV = "ctgov", "ClinicalTrials.gov"
    CTIS = "ctis", _("EU CTIS")


class SearchKind(models.TextChoices):
    CONDITION = "condition", _("Condition")
    INTERVENTION = "intervention", _("Intervention")
    SPONSOR = "sponsor", _("Sponsor")
    COUNTRY = "country", _("Country")
    QUERY = "query", _("Any words")


class FollowedSearchQuerySet(models.QuerySet):
    def enabled(self):
        return self.filter(enabled=True)


class FollowedSearch(models.Model):
    registry = models.CharField(_("registry"), max_length=10, choices=Registry.choices)
    kind = models.CharField(_("search by"), max_length=20, choices=SearchKind.choices)
    value = models.CharField(_("search for"), max_length=300)
    publish = models.BooleanField(
        _("publish new trials"),
        default=False,
        help_text=_(
            "New trials, conditions and interventions are published at once; otherwise they "
            "are drafts for a publisher to review. Existing ones keep their state."
        ),
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    # Where the next run starts: {"since": "YYYY-MM-DD"} after a complete run; a run stopped
    # midway also keeps the page it stopped at ("page_token" or "page") and its own start.
    cursor = models.JSONField(_("cursor"), default=dict, blank=True)
    running_since = models.DateTimeField(_("running since"), null=True, blank=True)
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    records_done = models.PositiveIntegerField(_("records done"), default=0)
    records_failed = models.PositiveIntegerField(_("records failed"), default=0)
    last_result = models.TextField(_("last result"), blank=True)

    objects = FollowedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("followed search")
        verbose_name_plural = _("followed searches")
        ordering = ["registry", "kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "kind", "value"], name="unique_followed_search"
            )
        ]

    def __str__(self):
        return f"{self.get_registry_display()}: {self.get_kind_display()} “{self.value}”"

    def clean(self):
        if self.registry == Registry.CTIS and self.kind == SearchKind.COUNTRY:
            raise ValidationError({"kind": _("EU CTIS searches cannot be followed by country.")})

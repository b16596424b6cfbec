"""API representations. Translated fields are named once (`title`) and come in the
response's language, falling back to English; `fallback_fields` names the ones that fell back.
Summaries serialise the summary builder's structure, the same one the HTML pages render."""

from functools import cache, cached_property
from urllib.parse import quote

from django.urls import reverse
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from glossary.models import Term

from ..labels import localized
from ..models import (
    Arm,
    ChangeKind,
    Condition,
    Contact,
    Intervention,
    Outcome,
    Site,
    Trial,
    TrialCountry,
    TrialIdentifier,
    TrialIntervention,
)
from ..summary.changes import change_notes

# What `reverse` leaves unquoted in a path argument.
_URL_SAFE = "!$&'()*+,;=/~:@"
_PLACEHOLDER = "00placeholder00"


def absolute_url(context, view_name, key, value):
    """The absolute address of `view_name` with `key` = `value`: reversed once per response
    (a list of 100 trials names some 500 addresses), then filled in."""
    templates = context.setdefault("url_templates", {})
    template = templates.get((view_name, key))
    if template is None:
        path = reverse(view_name, kwargs={key: _PLACEHOLDER})
        template = templates[(view_name, key)] = context["request"].build_absolute_uri(path)
    return template.replace(_PLACEHOLDER, quote(str(value), safe=_URL_SAFE))


@cache
def _choice_labels(model, field_name):
    return dict(model._meta.get_field(field_name).flatchoices)


class ChoiceLabelField(serializers.CharField):
    """The label of a choice in the active language (what `get_<field>_display` gives, without
    building the choices again for every value)."""

    def __init__(self, choice_field, **kwargs):
        self.choice_field = choice_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        value = getattr(instance, self.choice_field)
        label = _choice_labels(type(instance), self.choice_field).get(value, value)
        return None if label is None else str(label)


class TranslatedField(serializers.CharField):
    """A modeltranslation field in the active language, or in English."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        return localized(instance, self.field_name, get_language()).text


class TranslatedSerializer(serializers.ModelSerializer):
    fallback_fields = serializers.SerializerMethodField(
        help_text="Translated fields shown in English because no translation exists yet."
    )

    def get_fallback_fields(self, instance) -> list[str]:
        language = get_language()
        return [
            name
            for name, field in self.fields.items()
            if isinstance(field, TranslatedField) and localized(instance, name, language).lang
        ]


class LinkedSerializer(TranslatedSerializer):
    """Carries `url` (this object in the API) and `html_url` (its public page)."""

    url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()
    api_view_name = ""
    html_view_name = ""
    lookup = ("slug", "slug")

    @extend_schema_field(serializers.URLField())
    def get_url(self, instance):
        key, attribute = self.lookup
        return absolute_url(self.context, self.api_view_name, key, getattr(instance, attribute))

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, instance):
        key, attribute = self.lookup
        return absolute_url(self.context, self.html_view_name, key, getattr(instance, attribute))


class ConditionBriefSerializer(LinkedSerializer):
    name = TranslatedField()
    api_view_name = "api:condition-detail"
    html_view_name = "condition_detail"

    class Meta:
        model = Condition
        fields = ["id", "url", "html_url", "slug", "name", "fallback_fields"]


class ConditionSerializer(ConditionBriefSerializer):
    explanation = TranslatedField()
    trial_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Condition
        fields = [
            "id",
            "url",
            "html_url",
            "slug",
            "name",
            "explanation",
            "trial_count",
            "fallback_fields",
        ]


class InterventionSerializer(LinkedSerializer):
    name = TranslatedField()
    description = TranslatedField()
    other_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    trial_count = serializers.IntegerField(read_only=True)
    api_view_name = "api:intervention-detail"
    html_view_name = "intervention_detail"

    class Meta:
        model = Intervention
        fields = [
            "id",
            "url",
            "html_url",
            "slug",
            "name",
            "other_names",
            "description",
            "trial_count",
            "fallback_fields",
        ]


class TrialInterventionSerializer(TranslatedSerializer):
    """An intervention as this trial's record describes it."""

    usage = TranslatedField()
    description = TranslatedField()
    route = TranslatedField()
    slug = serializers.CharField(source="intervention.slug", read_only=True)
    name = serializers.SerializerMethodField()
    role_label = ChoiceLabelField("role")
    kind_label = ChoiceLabelField("kind")
    other_names = serializers.ListField(child=serializers.CharField(), read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = TrialIntervention
        fields = [
            "id",
            "url",
            "slug",
            "name",
            "role",
            "role_label",
            "kind",
            "kind_label",
            "other_names",
            "description",
            "route",
            "max_daily_dose",
            "usage",
            "fallback_fields",
        ]

    def get_name(self, instance) -> str:
        return localized(instance.intervention, "name", get_language()).text

    @extend_schema_field(serializers.URLField())
    def get_url(self, instance):
        return absolute_url(
            self.context, "api:intervention-detail", "slug", instance.intervention.slug
        )


class ArmSerializer(TranslatedSerializer):
    label = TranslatedField()
    description = TranslatedField()
    kind_label = ChoiceLabelField("kind")
    interventions = serializers.SerializerMethodField(
        help_text="The slugs of the interventions this group receives."
    )

    class Meta:
        model = Arm
        fields = ["label", "kind", "kind_label", "description", "interventions", "fallback_fields"]

    def get_interventions(self, arm) -> list[str]:
        return [link.intervention.slug for link in arm.interventions.all()]


class OutcomeSerializer(TranslatedSerializer):
    measure = TranslatedField()
    time_frame = TranslatedField()
    description = TranslatedField()

    class Meta:
        model = Outcome
        fields = ["id", "kind", "measure", "time_frame", "description", "fallback_fields"]


class SiteSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    status_label = ChoiceLabelField("status")

    class Meta:
        model = Site
        fields = [
            "id",
            "facility",
            "city",
            "country",
            "country_name",
            "status",
            "status_label",
            "latitude",
            "longitude",
        ]


class ContactSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind")
    site = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The `id` of the site in `sites`, if any."
    )

    class Meta:
        model = Contact
        fields = [
            "kind",
            "kind_label",
            "name",
            "role",
            "organisation",
            "phone",
            "phone_extension",
            "email",
            "site",
        ]


class CountryDecisionSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", read_only=True)
    country_name = serializers.CharField(source="country.name", read_only=True)
    status_label = ChoiceLabelField("status_code", allow_null=True)

    class Meta:
        model = TrialCountry
        fields = [
            "country",
            "country_name",
            "is_member_state",
            "authorisation",
            "status_code",
            "status_label",
            "planned_participants",
        ]


class IdentifierSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind")
    registry_url = serializers.URLField(source="url", read_only=True, allow_null=True)

    class Meta:
        model = TrialIdentifier
        fields = ["value", "kind", "kind_label", "issuer", "registry_url"]


class TrialInterventionBriefSerializer(serializers.Serializer):
    """An intervention of a trial in a list: which one, and its role in this trial."""

    slug = serializers.CharField(source="intervention.slug", read_only=True)
    name = serializers.SerializerMethodField()
    role = serializers.CharField(read_only=True)

    def get_name(self, link) -> str:
        return localized(link.intervention, "name", get_language()).text


NEAR_FIELDS = ["distance_km", "nearest_site"]


class TrialListSerializer(LinkedSerializer):
    """A trial in a list: what a client needs to choose it; its `url` gives all of it. Near a
    place (`near`, `near_city`), also how far its nearest site is, and which site that is."""

    identifier = serializers.CharField(source="primary_identifier", read_only=True)
    registry_url = serializers.URLField(read_only=True)
    public_title = TranslatedField()
    phase_label = ChoiceLabelField("phase")
    status_label = ChoiceLabelField("status")
    registry_status = serializers.CharField(source="registry_status_label", read_only=True)
    conditions = ConditionBriefSerializer(many=True, read_only=True)
    interventions = TrialInterventionBriefSerializer(
        source="trial_interventions", many=True, read_only=True
    )
    has_results = serializers.BooleanField(
        read_only=True, help_text="The trial's registry record has posted results."
    )
    distance_km = serializers.SerializerMethodField(
        help_text="With `near` or `near_city`: the great-circle distance, in kilometres, from "
        "that place to the trial's nearest site; otherwise null."
    )
    nearest_site = serializers.SerializerMethodField(
        help_text="With `near` or `near_city`: the trial's site nearest to that place; "
        "otherwise null."
    )
    api_view_name = "api:trial-detail"
    html_view_name = "trial_detail"
    lookup = ("identifier", "primary_identifier")

    def get_distance_km(self, trial) -> float | None:
        distance = getattr(trial, "distance_km", None)
        return None if distance is None else round(distance, 2)

    @extend_schema_field(SiteSerializer(allow_null=True))
    def get_nearest_site(self, trial):
        site = getattr(trial, "nearest_site", None)
        return None if site is None else self.site_serializer.to_representation(site)

    @cached_property
    def site_serializer(self):
        # One for the list (this serializer is its child): building a serializer's fields
        # for each row took longer than the page's queries.
        return SiteSerializer(context=self.context)

    class Meta:
        model = Trial
        fields = [
            "id",
            "url",
            "html_url",
            "identifier",
            "registry_url",
            "public_title",
            "acronym",
            "study_type",
            "phase",
            "phase_label",
            "status",
            "status_label",
            "registry_status",
            "registry_status_code",
            "enrollment",
            "enrollment_type",
            "start_date",
            "start_date_type",
            "last_update",
            "sponsor",
            "conditions",
            "interventions",
            "has_results",
            *NEAR_FIELDS,
            "fallback_fields",
        ]


class TrialSerializer(TrialListSerializer):
    """A trial with all that its record gives."""

    distance_km = nearest_site = None  # a list's, near a place

    secondary_identifiers = IdentifierSerializer(source="identifiers", many=True, read_only=True)
    official_title = TranslatedField()
    brief_summary = TranslatedField()
    why_stopped = TranslatedField()
    study_population = TranslatedField()
    inclusion_criteria = TranslatedField()
    exclusion_criteria = TranslatedField()
    interventions = TrialInterventionSerializer(
        source="trial_interventions", many=True, read_only=True
    )
    arms = ArmSerializer(many=True, read_only=True)
    outcomes = OutcomeSerializer(many=True, read_only=True)
    sites = SiteSerializer(many=True, read_only=True)
    contacts = ContactSerializer(
        many=True,
        read_only=True,
        help_text="The contacts the registry record gives, as it gives them (not translated).",
    )
    country_decisions = CountryDecisionSerializer(source="countries", many=True, read_only=True)
    changes = serializers.SerializerMethodField(
        help_text="The latest changes the registry made to the record, the newest first."
    )

    class Meta:
        model = Trial
        fields = [
            *(name for name in TrialListSerializer.Meta.fields[:-1] if name not in NEAR_FIELDS),
            "secondary_identifiers",
            "official_title",
            "short_title",
            "brief_summary",
            "allocation",
            "masking",
            "last_known_status",
            "why_stopped",
            "enrollment_eea",
            "minimum_age",
            "maximum_age",
            "age_groups",
            "sex",
            "healthy_volunteers",
            "study_population",
            "inclusion_criteria",
            "exclusion_criteria",
            "primary_completion_date",
            "primary_completion_date_type",
            "completion_date",
            "completion_date_type",
            "arms",
            "outcomes",
            "sites",
            "contacts",
            "country_decisions",
            "changes",
            "fallback_fields",
        ]

    def get_changes(self, trial):
        notes = change_notes(trial.recent_changes, get_language())
        return ChangeSerializer(notes, many=True, context=self.context).data


class TermSerializer(LinkedSerializer):
    term = TranslatedField()
    definition = TranslatedField()
    aliases = serializers.SerializerMethodField()
    api_view_name = "api:term-detail"
    html_view_name = "glossary_term"

    class Meta:
        model = Term
        fields = [
            "id",
            "url",
            "html_url",
            "slug",
            "term",
            "definition",
            "aliases",
            "fallback_fields",
        ]

    def get_aliases(self, instance) -> list[str]:
        return instance.spellings(get_language())[1:]


# The summary structure -------------------------------------------------------------------


class TermMentionSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text="The glossary term (see `glossary`).")
    offset = serializers.IntegerField(help_text="Where the mention starts in `text`.")
    length = serializers.IntegerField()

    def to_representation(self, instance):
        slug, offset, length = instance
        return {"slug": slug, "offset": offset, "length": length}


class LinkSerializer(serializers.Serializer):
    href = serializers.CharField(
        help_text="Where the text links: a page of this site (a path), `tel:` or `mailto:`."
    )
    offset = serializers.IntegerField(help_text="Where the linked text starts in `text`.")
    length = serializers.IntegerField()

    def to_representation(self, instance):
        href, offset, length = instance
        return {"href": href, "offset": offset, "length": length}


class SourceSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text="The model field the sentence states, such as `Trial.enrollment`."
    )
    record = serializers.CharField(
        help_text="The registry record it was read from (empty for a field of our own)."
    )
    registry_paths = serializers.ListField(
        source="paths",
        child=serializers.CharField(),
        help_text="Where the record holds it, such as "
        "`protocolSection.statusModule.overallStatus`; `[*]` is any item of a list. A fact "
        "read from one of several places lists them all.",
    )
    absent = serializers.BooleanField(
        help_text="The sentence says that the registry does not give this field."
    )


class SentenceSerializer(serializers.Serializer):
    text = serializers.CharField()
    cites = serializers.ListField(child=serializers.IntegerField())
    sources = SourceSerializer(
        many=True, help_text="The record fields this sentence states, where they were read."
    )
    fallback = serializers.BooleanField(
        source="is_fallback", help_text="Part of the sentence is shown in English."
    )
    terms = TermMentionSerializer(
        many=True,
        help_text="The page's first mention of each glossary term, which the page links.",
    )
    links = LinkSerializer(many=True, help_text="The parts of the sentence that link elsewhere.")


class ChangeSerializer(serializers.Serializer):
    """One change the registry made to a trial's record, noted when it was imported."""

    changed_at = serializers.DateTimeField(help_text="When the import noted the change.")
    date = serializers.CharField(help_text="Its day, as the response's language writes it.")
    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    before = serializers.JSONField(
        help_text="The value before (its shape depends on `kind`); null if none was given."
    )
    after = serializers.JSONField(help_text="The value after (its shape depends on `kind`).")
    sentence = SentenceSerializer(
        help_text="The change in words, in the response's language, with its sources."
    )


class TrialChangeSerializer(ChangeSerializer):
    """A change, with the trial it was made to."""

    identifier = serializers.CharField(help_text="The trial's primary registry identifier.")
    title = serializers.CharField(source="title.text", help_text="The trial's title.")
    trial_url = serializers.SerializerMethodField()
    html_url = serializers.SerializerMethodField()

    def to_representation(self, change):
        [note] = change_notes([change], get_language())
        return super().to_representation(note)

    @extend_schema_field(serializers.URLField())
    def get_trial_url(self, note):
        return absolute_url(self.context, "api:trial-detail", "identifier", note.identifier)

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, note):
        return absolute_url(self.context, "trial_detail", "identifier", note.identifier)


# Its schema, now that the change's serializer is defined.
extend_schema_field(ChangeSerializer(many=True))(TrialSerializer.get_changes)


class BarSerializer(serializers.Serializer):
    label = serializers.CharField(source="label.text", help_text="The group.")
    value = serializers.FloatField(help_text="The length of its bar (negative: to the left).")
    cells = serializers.ListField(
        child=serializers.CharField(),
        help_text="Its row of the chart's table after the group, as the page writes them.",
    )


class ChartSerializer(serializers.Serializer):
    title = serializers.CharField(source="title.text")
    columns = serializers.ListField(
        child=serializers.CharField(), help_text="The headings of the chart's table."
    )
    bars = BarSerializer(many=True)
    unit = serializers.CharField()
    maximum = serializers.FloatField(
        allow_null=True, help_text="The end of the axis whatever the bars (100 for shares)."
    )


class ParagraphSerializer(serializers.Serializer):
    trial = serializers.CharField(
        allow_null=True, help_text="The trial this paragraph is about, on pages of several."
    )
    is_list = serializers.BooleanField(help_text="Its sentences are the items of a list.")
    sentences = SentenceSerializer(many=True)
    chart = ChartSerializer(
        allow_null=True,
        help_text="A bar chart of the numbers the paragraph states (the pages draw it), if any.",
    )


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    heading = serializers.CharField()
    edited = serializers.BooleanField(help_text="The text was written by an editor.")
    paragraphs = ParagraphSerializer(many=True)


class ReferenceSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    identifier = serializers.CharField()
    registry = serializers.CharField()
    url = serializers.URLField(allow_null=True)


class TrialRowSerializer(serializers.Serializer):
    identifier = serializers.CharField()
    html_url = serializers.SerializerMethodField()
    title = serializers.CharField(source="title.text")
    phase = serializers.CharField()
    conditions = serializers.SerializerMethodField()
    status = serializers.CharField()
    enrollment = serializers.IntegerField(allow_null=True)
    countries = serializers.ListField(child=serializers.CharField())
    ongoing = serializers.BooleanField(source="is_ongoing")
    reference = serializers.IntegerField()
    has_results = serializers.BooleanField(help_text="Its registry record has posted results.")

    @extend_schema_field(serializers.URLField())
    def get_html_url(self, row):
        return self.context["request"].build_absolute_uri(row.page_url)

    def get_conditions(self, row) -> list[str]:
        return [condition.text for condition in row.conditions]


class GlossaryEntrySerializer(serializers.Serializer):
    slug = serializers.CharField()
    term = serializers.CharField(source="term.text")
    definition = serializers.CharField(source="definition.text")
    fallback = serializers.SerializerMethodField()

    def get_fallback(self, entry) -> bool:
        return bool(entry.term.lang or entry.definition.lang)


class SummarySerializer(serializers.Serializer):
    language = serializers.CharField()
    title = serializers.CharField(source="title.text")
    introduction = SectionSerializer()
    sections = SectionSerializer(many=True)
    trials = TrialRowSerializer(many=True)
    glossary = GlossaryEntrySerializer(many=True)
    references = ReferenceSerializer(many=True)
    has_untranslated_text = serializers.BooleanField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class BadRequestSerializer(serializers.Serializer):
    """An unsupported language (`detail`, `supported_languages`) or invalid filters (one list
    of messages per filter)."""

    detail = serializers.CharField(required=False)
    supported_languages = serializers.ListField(child=serializers.CharField(), required=False)

"""The read-only public API. Querysets are built per request, each with an explicit order and
a prefetch plan whose query count does not grow with the number of rows."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.languages import LANGUAGE_CODES
from glossary.models import Term

from ..models import (
    Condition,
    Intervention,
    Trial,
    TrialChange,
    TrialIntervention,
    attach_nearest_sites,
)
from ..summary import build_intervention_summary, build_trial_summary
from ..summary.changes import RECENT_CHANGES
from .filters import ChangeFilter, ConditionFilter, InterventionFilter, TermFilter, TrialFilter
from .language import LanguageNegotiationMixin
from .schema import ERROR_RESPONSES
from .serializers import (
    ConditionSerializer,
    InterventionSerializer,
    SummarySerializer,
    TermSerializer,
    TrialChangeSerializer,
    TrialListSerializer,
    TrialSerializer,
)


class ReadOnlyViewSet(LanguageNegotiationMixin, viewsets.ReadOnlyModelViewSet):
    pass


NAMES = [f"name_{language}" for language in LANGUAGE_CODES]
# What a trial in a list does not show: its long texts, read only by its own page.
LONG_TRIAL_TEXTS = [
    f"{name}_{language}"
    for name in (
        "official_title",
        "brief_summary",
        "why_stopped",
        "study_population",
        "inclusion_criteria",
        "exclusion_criteria",
    )
    for language in LANGUAGE_CODES
]


class InterventionViewSet(ReadOnlyViewSet):
    serializer_class = InterventionSerializer
    filterset_class = InterventionFilter
    lookup_field = "slug"

    def get_queryset(self):
        return Intervention.objects.published().order_by("slug", "id")

    @extend_schema(responses={200: SummarySerializer, **ERROR_RESPONSES}, filters=False)
    @action(detail=True, filter_backends=[])
    def summary(self, request, slug=None):
        """The intervention's summary page as data: the same content as its HTML page."""
        intervention = get_object_or_404(Intervention.objects.published().for_summary(), slug=slug)
        summary = build_intervention_summary(intervention, self.language)
        return Response(SummarySerializer(summary, context=self.get_serializer_context()).data)


class TrialViewSet(ReadOnlyViewSet):
    serializer_class = TrialSerializer
    filterset_class = TrialFilter
    lookup_field = "identifier"

    def get_serializer_class(self):
        return TrialListSerializer if self.action == "list" else TrialSerializer

    def get_queryset(self):
        if self.action == "list":
            return (
                Trial.objects.published()
                .defer("translation_sources", *LONG_TRIAL_TEXTS)
                .prefetch_related(
                    Prefetch("conditions", queryset=Condition.objects.only("slug", *NAMES)),
                    Prefetch(
                        "trial_interventions",
                        queryset=TrialIntervention.objects.select_related("intervention").only(
                            "trial_id",
                            "role",
                            "intervention__slug",
                            *(f"intervention__{name}" for name in NAMES),
                        ),
                    ),
                )
                .flagging_results()
                .order_by("primary_identifier", "id")
            )
        return (
            Trial.objects.for_summary()
            .with_contacts()
            .prefetch_related(
                Prefetch(
                    "changes",
                    queryset=TrialChange.objects.newest_first()[:RECENT_CHANGES],
                    # A sliced prefetch can only be a list: a manager's cache would filter it.
                    to_attr="recent_changes",
                )
            )
            .flagging_results()
            .order_by("primary_identifier", "id")
        )

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None and self.action == "list":
            page = attach_nearest_sites(page)
        return page

    def get_object(self):
        """A trial by its primary identifier or any of its secondary ones."""
        trial = self.get_queryset().with_identifier(self.kwargs["identifier"]).first()
        if trial is None:
            raise Http404
        return trial

    @extend_schema(responses={200: SummarySerializer, **ERROR_RESPONSES}, filters=False)
    @action(detail=True, filter_backends=[])
    def summary(self, request, identifier=None):
        """The trial's summary page as data: the same content as its HTML page."""
        summary = build_trial_summary(self.get_object(), self.language)
        return Response(SummarySerializer(summary, context=self.get_serializer_context()).data)


class ConditionViewSet(ReadOnlyViewSet):
    serializer_class = ConditionSerializer
    filterset_class = ConditionFilter
    lookup_field = "slug"

    def get_queryset(self):
        return Condition.objects.published().order_by("slug", "id")


class TermViewSet(ReadOnlyViewSet):
    serializer_class = TermSerializer
    filterset_class = TermFilter
    lookup_field = "slug"

    def get_queryset(self):
        return Term.objects.published().order_by("slug", "id")


class ChangeViewSet(LanguageNegotiationMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """What the registries changed in published trials, the newest first, each change with
    its trial and its words in the response's language."""

    serializer_class = TrialChangeSerializer
    filterset_class = ChangeFilter

    def get_queryset(self):
        return TrialChange.objects.published().for_notes().newest_first()


class ApiDocsView(SpectacularSwaggerSplitView):
    """The Swagger UI under the site's CSP: its start-up script is a separate response (no
    inline script), its style a file. It keeps the site's Cross-Origin-Opener-Policy:
    drf-spectacular relaxes it for OAuth2 pop-ups, and the API has no authentication."""

    template_name = "api/swagger_ui.html"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        del response["Cross-Origin-Opener-Policy"]
        return response

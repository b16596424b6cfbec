"""OpenAPI documentation of what every endpoint can answer, errors included."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .language import SUPPORTED_LANGUAGES
from .serializers import BadRequestSerializer, ErrorSerializer

# Every operation can answer these; views that declare their own `responses` add them too,
# because `extend_schema(responses=...)` replaces `get_response_serializers` altogether.
ERROR_RESPONSES = {
    304: OpenApiResponse(description="Not modified: the `ETag` matches."),
    400: OpenApiResponse(
        BadRequestSerializer, description="Unsupported language or invalid filter."
    ),
    404: OpenApiResponse(ErrorSerializer, description="No such object, or no such page of a list."),
    429: OpenApiResponse(
        ErrorSerializer, description="Too many requests; see the `Retry-After` header."
    ),
}


# Django's form fields refuse text with NUL characters (400): the filters' schema says so.
NO_NULL_CHARACTERS = "^[^\\u0000]*$"


class TrialSummariesSchema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            schema = parameter["schema"]
            if parameter["in"] == "query" and schema.get("type") == "string":
                if not {"enum", "format", "pattern"} & schema.keys():
                    schema["pattern"] = NO_NULL_CHARACTERS
        return operation

    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                "lang",
                OpenApiTypes.STR,
                enum=SUPPORTED_LANGUAGES,
                description="Language of the texts; without it, Accept-Language decides. "
                "Texts missing in that language come in English and are listed in "
                "`fallback_fields`.",
            ),
            OpenApiParameter(
                "Accept-Language",
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                description="Used when `lang` is not given.",
            ),
        ]

    def get_response_serializers(self):
        return {200: super().get_response_serializers(), **ERROR_RESPONSES}

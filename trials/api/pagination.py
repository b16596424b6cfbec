"""Pages of 20 by default; clients may ask for up to 100 a page. Lists are counted up to
`COUNT_CAP` rows: a count of millions costs a scan of millions."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from ..search import NEAR_CANDIDATES, NearestTrials

COUNT_CAP = 10_000
# Trials near a place are the nearest `NEAR_CANDIDATES` (`TrialSearchQuerySet.nearest`).
NEAR_COUNT_CAP = NEAR_CANDIDATES - 1


class CappedCountPaginator(Paginator):
    """Counts at most `COUNT_CAP` rows (`NEAR_COUNT_CAP` near a place); pages go as far as
    that."""

    @cached_property
    def cap(self):
        return NEAR_COUNT_CAP if isinstance(self.object_list, NearestTrials) else COUNT_CAP

    @cached_property
    def counted(self):
        if isinstance(self.object_list, NearestTrials):
            return len(self.object_list)  # found at once, counted without a query
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self.counted, self.cap)

    @property
    def is_capped(self):
        return self.counted > self.cap


class CappedPageNumberPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = CappedCountPaginator

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_capped": self.page.paginator.is_capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"How many rows match, counted up to {COUNT_CAP:,} ({NEAR_COUNT_CAP:,} near a place); "
            "pages go as far as that."
        )
        response["properties"]["count_is_capped"] = {
            "type": "boolean",
            "description": f"Whether more than {COUNT_CAP:,} ({NEAR_COUNT_CAP:,}) rows match: "
            "narrow the filters "
            "(such as updated_since) to reach them all.",
        }
        response["required"] = [*response.get("required", ()), "count_is_capped"]
        return response

    def get_page_size(self, request):
        """A `page_size` above the cap gets the cap; one that is not a count is an error.

        DRF would quietly use the default page size instead, hiding the client's mistake.
        """
        requested = request.query_params.get(self.page_size_query_param)
        if requested is None:
            return self.page_size
        digits = requested.lstrip("0")
        if not (requested.isascii() and requested.isdigit() and digits):
            raise ValidationError(
                {self.page_size_query_param: [_("Enter a whole number of at least 1.")]}
            )
        # Four digits are over the cap already; int() refuses numbers of thousands of digits.
        return min(int(digits[:4]), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters

"""Pages of 20 by default; clients may ask for up to 100 a page."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class CappedPageNumberPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

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

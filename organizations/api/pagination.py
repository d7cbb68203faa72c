from rest_framework import pagination
from rest_framework.exceptions import NotFound


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's numbered pages, read as the schema describes them: a whole number.

    DRF also reads ``?page=`` (nothing) as the first page and ``?page=last`` as the last; here
    both are an invalid page, the 404 that ``?page=0`` already is.
    """

    last_page_strings = ()

    def get_page_number(self, request, paginator):
        if request.query_params.get(self.page_query_param) == "":
            raise NotFound(self.invalid_page_message)
        return super().get_page_number(request, paginator)

from django.conf import settings
from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of PAGE_SIZE rows; clients may ask for up to API_MAX_PAGE_SIZE."""

    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

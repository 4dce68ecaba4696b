"""Limit/offset paging of the API's lists, with bounds the database can take.

django-ninja's own class leaves `offset` unbounded, so `offset=10**20` reached SQLite as an
integer it cannot hold (a 500); here both parameters have declared bounds (422 outside them).
"""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 1000
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=MAX_LIMIT, description="How many rows (1–1000).")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many rows to skip.")

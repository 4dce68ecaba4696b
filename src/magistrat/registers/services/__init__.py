"""Every write to the registers, one module per case type; the writes all cases share (register,
assign, extend, close) are `core.cases.services`."""

from magistrat.registers.services.complaints import (
    OUTCOMES_BY_KIND,
    complaint_assign,
    complaint_close,
    complaint_extend,
    complaint_forward,
    complaint_outcomes,
    complaint_register,
)
from magistrat.registers.services.info_requests import (
    info_request_assign,
    info_request_close,
    info_request_delivered,
    info_request_document_add,
    info_request_extend,
    info_request_fee,
    info_request_register,
)
from magistrat.registers.services.petitions import (
    petition_assign,
    petition_close,
    petition_extend,
    petition_register,
    petition_summary_draft,
    petition_summary_slug,
    petition_update,
    petition_year_summary,
)

__all__ = [
    "OUTCOMES_BY_KIND",
    "complaint_assign",
    "complaint_close",
    "complaint_extend",
    "complaint_forward",
    "complaint_outcomes",
    "complaint_register",
    "info_request_assign",
    "info_request_close",
    "info_request_delivered",
    "info_request_document_add",
    "info_request_extend",
    "info_request_fee",
    "info_request_register",
    "petition_assign",
    "petition_close",
    "petition_extend",
    "petition_register",
    "petition_summary_draft",
    "petition_summary_slug",
    "petition_update",
    "petition_year_summary",
]

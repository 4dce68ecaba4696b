"""PDF documents rendered from templates with WeasyPrint (no network: only local files are fetched)."""

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify

from magistrat.core.audit import log_action
from magistrat.core.text import strip_control_characters


def _local_only(url: str, *args, **kwargs):
    raise ValueError(f"PDF rendering fetches no external resources ({url})")


def pdf_response(
    request, *, template: str, context: dict, filename: str, action: str, data: dict | None = None
):
    """The template as a PDF download; producing it is recorded like any export."""
    from weasyprint import HTML  # imported here: it loads Pango, which only PDF views need

    # Values stored before text was checked may hold control characters, which are not valid in HTML.
    html = strip_control_characters(render_to_string(template, context, request=request))
    content = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_local_only).write_pdf()
    log_action(None, action, data=data or {})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.pdf"'
    return response

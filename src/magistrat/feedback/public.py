"""The rating page a resident opens from the QR code or short link at a desk: /ocena/<code>/."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.middleware import client_ip
from magistrat.core.permissions import public
from magistrat.feedback.forms import SurveyForm
from magistrat.feedback.models import Response, ServicePoint, Survey
from magistrat.feedback.services import ratings, tokens
from magistrat.services.models import Service


@public
def rate(request, code: str):
    """The rating page of a desk (QR code or short link at the desk)."""
    point = get_object_or_404(
        ServicePoint.objects.select_related("survey", "unit"), code=code.upper(), is_active=True
    )
    return _rate(
        request,
        point=point,
        service=None,
        subject=f"{point.name} · {point.unit.name}",
        thanks=reverse("feedback_public:thanks", args=[point.code]),
    )


@public
def rate_service(request, slug: str):
    """The rating page of a service (QR code or link on its card), whoever handled it."""
    service = get_object_or_404(Service.objects.select_related("unit"), slug=slug, is_published=True)
    return _rate(
        request,
        point=None,
        service=service,
        subject=f"{service} · {service.unit.name}",
        thanks=reverse("feedback_public:thanks_service", args=[service.slug]),
    )


def _rate(request, *, point: ServicePoint | None, service: Service | None, subject: str, thanks: str):
    survey = point.survey if point is not None else Survey.objects.get(slug=ratings.SERVICE_SURVEY)
    version = survey.current_version()
    form = SurveyForm(request.POST or None, version=version)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            ratings.response_submit(
                client_id=form.cleaned_data["client_id"],
                point=point,
                service=service,
                channel=Response.Channel.QR,
                answers=form.answers(),
                version=version.number,
                client_key=client_ip(request) or "",
            )
        except ratings.RateLimited as exc:
            add_to_form(form, exc)
            status = 429
        except ServiceError as exc:
            add_to_form(form, exc)
            status = 400
        else:
            return redirect(thanks)
    return render(request, "feedback/rate.html", {"subject": subject, "form": form}, status=status)


@public
def thanks(request, code: str = "", slug: str = ""):
    return render(request, "feedback/thanks.html", {})


@public
def post_case_survey(request, token: str):
    """The one-time survey a resident gets after their case was closed."""
    try:
        survey_token = tokens.survey_token_check(token)
    except ServiceError as exc:
        return render(request, "feedback/survey_closed.html", {"message": exc.message}, status=410)
    form = SurveyForm(request.POST or None, version=survey_token.survey.current_version())
    if request.method == "POST" and form.is_valid():
        try:
            tokens.response_submit_with_token(
                token=token, client_id=form.cleaned_data["client_id"], answers=form.answers()
            )
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            return render(request, "feedback/thanks.html", {"unit": survey_token.unit})
    return render(request, "feedback/post_case.html", {"form": form, "unit": survey_token.unit})

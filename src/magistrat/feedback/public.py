"""The rating page a resident opens from the QR code or short link at a desk: /ocena/<code>/."""

from django.shortcuts import get_object_or_404, redirect, render

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.middleware import client_ip
from magistrat.feedback import services
from magistrat.feedback.forms import SurveyForm
from magistrat.feedback.models import Response, ServicePoint


def rate(request, code: str):
    point = get_object_or_404(
        ServicePoint.objects.select_related("survey", "unit"), code=code.upper(), is_active=True
    )
    version = point.survey.current_version()
    form = SurveyForm(request.POST or None, version=version)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                client_id=form.cleaned_data["client_id"],
                point=point,
                channel=Response.Channel.QR,
                answers=form.answers(),
                version=version,
                client_key=client_ip(request) or "",
            )
        except services.RateLimited as exc:
            add_to_form(form, exc)
            status = 429
        except ServiceError as exc:
            add_to_form(form, exc)
            status = 400
        else:
            return redirect("feedback_public:thanks", code=point.code)
    return render(request, "feedback/rate.html", {"point": point, "form": form}, status=status)


def thanks(request, code: str):
    point = get_object_or_404(ServicePoint, code=code.upper())
    return render(request, "feedback/thanks.html", {"point": point})


def post_case_survey(request, token: str):
    """The one-time survey a resident gets after their case was closed."""
    try:
        survey_token = services.survey_token_check(token)
    except ServiceError as exc:
        return render(request, "feedback/survey_closed.html", {"message": exc.message}, status=410)
    form = SurveyForm(request.POST or None, version=survey_token.survey.current_version())
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit_with_token(
                token=token, client_id=form.cleaned_data["client_id"], answers=form.answers()
            )
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            return render(request, "feedback/thanks.html", {"unit": survey_token.unit})
    return render(request, "feedback/post_case.html", {"form": form, "unit": survey_token.unit})

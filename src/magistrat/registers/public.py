"""Resident-facing pages: submit a complaint or motion or a request for public information, check
a case's status, read the register's statistics; the petitions register on the BIP."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.middleware import client_ip
from magistrat.core.permissions import public
from magistrat.core.ratelimit import allow
from magistrat.registers import selectors, services
from magistrat.registers.forms import PublicComplaintForm, PublicInfoRequestForm, StatusForm
from magistrat.registers.models import Complaint, InfoRequest, Petition

SUBMISSIONS_PER_HOUR = 10


@dataclass(frozen=True)
class ResidentIntake:
    """A register residents file with on the website: its form, service and pages."""

    model: Any
    form: type
    register: Callable
    namespace: str  # the URL namespace of its submit and submitted pages
    limit_key: str  # the rate limit's key
    session_key: str  # the resident's last case, for the "submitted" page
    template: str
    submitted_template: str
    refused_status: int = 400


COMPLAINTS = ResidentIntake(
    model=Complaint,
    form=PublicComplaintForm,
    register=services.complaint_register,
    namespace="registers_public",
    limit_key="complaint",
    session_key="last_complaint",
    template="registers/public_submit.html",
    submitted_template="registers/public_submitted.html",
    refused_status=200,  # as the complaint form has always answered
)
REQUESTS = ResidentIntake(
    model=InfoRequest,
    form=PublicInfoRequestForm,
    register=services.info_request_register,
    namespace="requests_public",
    limit_key="info-request",
    session_key="last_info_request",
    template="registers/request_public_submit.html",
    submitted_template="registers/request_public_submitted.html",
)


def _submit(request, spec: ResidentIntake):
    """A resident's form: a bot's (the hidden field filled in) stores nothing, an address sending
    too much waits an hour (a resend of the same form is not counted), the service registers it."""
    form = spec.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.pop("website"):
            return redirect(f"{spec.namespace}:submit")  # a bot filled in the hidden field: store nothing
        existing = spec.model.objects.filter(submission_key=form.cleaned_data["submission_key"]).exists()
        if not existing and not allow(
            f"{spec.limit_key}:{client_ip(request)}", limit=SUBMISSIONS_PER_HOUR, window_seconds=3600
        ):
            form.add_error(None, _("Too many submissions from this address. Try again in an hour."))
            return render(request, spec.template, {"form": form}, status=429)
        try:
            case = spec.register(channel=spec.model.Channel.WEB, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            request.session[spec.session_key] = case.pk
            return redirect(f"{spec.namespace}:submitted")
    return render(request, spec.template, {"form": form}, status=spec.refused_status if form.errors else 200)


def _submitted(request, spec: ResidentIntake):
    case = spec.model.objects.filter(pk=request.session.get(spec.session_key)).first()
    if case is None:
        return redirect(f"{spec.namespace}:submit")
    return render(request, spec.submitted_template, {"case": case, "clock": case.clock})


@public
def submit(request):
    return _submit(request, COMPLAINTS)


@public
def submitted(request):
    return _submitted(request, COMPLAINTS)


@public
def status(request):
    form = StatusForm(request.GET or None)
    case = None
    if form.is_valid():
        case = selectors.complaint_public_status(**form.cleaned_data)
        if case is None:
            form.add_error(None, _("No case matches this number and tracking code."))
    elif request.GET:
        messages.error(request, _("Enter the case number and the tracking code."))
    return render(request, "registers/public_status.html", {"form": form, "case": case})


@public
def statistics(request):
    this_year = timezone.localdate().year
    years = [selectors.complaint_year_stats(year) for year in range(this_year, this_year - 3, -1)]
    return render(
        request,
        "registers/public_statistics.html",
        {"years": years, "kinds": dict(Complaint.Kind.choices), "outcomes": dict(Complaint.Outcome.choices)},
    )


@public
def request_submit(request):
    """A resident's request for public information (udip art. 10): no reason or interest needed."""
    return _submit(request, REQUESTS)


@public
def request_submitted(request):
    return _submitted(request, REQUESTS)


@public
def petition_register_public(request):
    """The petitions register on the BIP: every petition from the moment it is registered (art. 8)."""
    page = Paginator(Petition.objects.order_by("-received_at"), 30).get_page(request.GET.get("page"))
    years = sorted(
        {p.year for p in Petition.objects.filter(closed_at__isnull=False).dates("closed_at", "year")},
        reverse=True,
    )
    return render(request, "registers/petition_public_list.html", {"page": page, "years": years})


@public
def petition_public(request, number: str):
    petition = get_object_or_404(Petition, number=number)
    return render(
        request,
        "registers/petition_public_detail.html",
        {"petition": petition, "clock": petition.clock, "updates": petition.updates.all()},
    )


@public
def petition_summary_public(request, year: int):
    return render(
        request, "registers/petition_public_summary.html", {"summary": services.petition_year_summary(year)}
    )


@public
def petition_scan(request, number: str):
    petition = get_object_or_404(Petition.objects.exclude(scan=""), number=number)
    return FileResponse(petition.scan.open("rb"), filename=(petition.scan.name or "").rsplit("/", 1)[-1])

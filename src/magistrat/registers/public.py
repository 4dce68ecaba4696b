"""Resident-facing pages: submit a complaint or motion, check its status, read the register's statistics."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.middleware import client_ip
from magistrat.core.ratelimit import allow
from magistrat.registers import selectors, services
from magistrat.registers.forms import PublicComplaintForm, PublicInfoRequestForm, StatusForm
from magistrat.registers.models import Complaint, InfoRequest, Petition

SUBMISSIONS_PER_HOUR = 10


def submit(request):
    form = PublicComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.pop("website"):
            return redirect("registers_public:submit")  # a bot filled in the hidden field: store nothing
        existing = Complaint.objects.filter(submission_key=form.cleaned_data["submission_key"]).exists()
        if not existing and not allow(
            f"complaint:{client_ip(request)}", limit=SUBMISSIONS_PER_HOUR, window_seconds=3600
        ):
            form.add_error(None, _("Too many submissions from this address. Try again in an hour."))
            return render(request, "registers/public_submit.html", {"form": form}, status=429)
        case = services.complaint_register(channel=Complaint.Channel.WEB, **form.cleaned_data)
        request.session["last_complaint"] = case.pk
        return redirect("registers_public:submitted")
    return render(request, "registers/public_submit.html", {"form": form})


def submitted(request):
    case = Complaint.objects.filter(pk=request.session.get("last_complaint")).first()
    if case is None:
        return redirect("registers_public:submit")
    return render(request, "registers/public_submitted.html", {"case": case})


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


def statistics(request):
    this_year = timezone.localdate().year
    years = [selectors.complaint_year_stats(year) for year in range(this_year, this_year - 3, -1)]
    return render(
        request,
        "registers/public_statistics.html",
        {"years": years, "kinds": dict(Complaint.Kind.choices), "outcomes": dict(Complaint.Outcome.choices)},
    )


def request_submit(request):
    """A resident's request for public information (udip art. 10): no reason or interest needed."""
    form = PublicInfoRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data.pop("website"):
            return redirect("requests_public:submit")
        existing = InfoRequest.objects.filter(submission_key=form.cleaned_data["submission_key"]).exists()
        if not existing and not allow(
            f"info-request:{client_ip(request)}", limit=SUBMISSIONS_PER_HOUR, window_seconds=3600
        ):
            form.add_error(None, _("Too many submissions from this address. Try again in an hour."))
            return render(request, "registers/request_public_submit.html", {"form": form}, status=429)
        try:
            case = services.info_request_register(channel=InfoRequest.Channel.WEB, **form.cleaned_data)
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            request.session["last_info_request"] = case.pk
            return redirect("requests_public:submitted")
    return render(
        request, "registers/request_public_submit.html", {"form": form}, status=400 if form.errors else 200
    )


def request_submitted(request):
    case = InfoRequest.objects.filter(pk=request.session.get("last_info_request")).first()
    if case is None:
        return redirect("requests_public:submit")
    return render(request, "registers/request_public_submitted.html", {"case": case, "clock": case.clock})


def petition_register_public(request):
    """The petitions register on the BIP: every petition from the moment it is registered (art. 8)."""
    page = Paginator(Petition.objects.order_by("-filed_at"), 30).get_page(request.GET.get("page"))
    years = sorted(
        {p.year for p in Petition.objects.filter(closed_at__isnull=False).dates("closed_at", "year")},
        reverse=True,
    )
    return render(request, "registers/petition_public_list.html", {"page": page, "years": years})


def petition_public(request, number: str):
    petition = get_object_or_404(Petition, number=number)
    return render(
        request,
        "registers/petition_public_detail.html",
        {"petition": petition, "clock": petition.clock, "updates": petition.updates.all()},
    )


def petition_summary_public(request, year: int):
    return render(
        request, "registers/petition_public_summary.html", {"summary": services.petition_year_summary(year)}
    )


def petition_scan(request, number: str):
    petition = get_object_or_404(Petition.objects.exclude(scan=""), number=number)
    return FileResponse(petition.scan.open("rb"), filename=(petition.scan.name or "").rsplit("/", 1)[-1])

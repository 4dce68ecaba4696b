"""Staff pages: service points and their kiosk devices, the ratings list and exclusions."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.deadlines import add_months
from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.pdf import pdf_response
from magistrat.core.permissions import permission_required, unit_scope
from magistrat.core.reference import localized
from magistrat.feedback import charts, selectors, services
from magistrat.feedback.forms import (
    DeviceForm,
    ExcludeForm,
    QuestionForm,
    QuestionFormSet,
    ServicePointForm,
    SurveyEditForm,
    TargetForm,
)
from magistrat.feedback.models import KioskDevice, Response, SatisfactionTarget, ServicePoint, Survey
from magistrat.feedback.rollups import Scope
from magistrat.feedback.stats import MIN_RESPONSES, Share, change_direction
from magistrat.org.models import Unit
from magistrat.org.selectors import current_office


@permission_required("feedback.manage_points")
def point_list(request):
    points = ServicePoint.objects.select_related("unit", "staffed_by__user").order_by("code")
    return render(request, "feedback/point_list.html", {"points": points})


@permission_required("feedback.manage_points")
def point_edit(request, code: str | None = None):
    point = get_object_or_404(ServicePoint, code=code) if code else None
    form = ServicePointForm(request.POST or None, instance=point)
    if point is not None:
        form.fields["code"].disabled = True  # printed on QR sheets: a code never changes
    if request.method == "POST" and form.is_valid():
        point = services.point_save(point=form.save(commit=False))
        messages.success(request, _("Service point %(code)s saved.") % {"code": point.code})
        return redirect("feedback:point_detail", code=point.code)
    return render(request, "feedback/point_form.html", {"form": form, "point": point})


@permission_required("feedback.manage_points")
def point_detail(request, code: str):
    point = selectors.point_get(user=request.user, code=code)
    rate_url = request.build_absolute_uri(f"/ocena/{point.code}/")
    return render(
        request,
        "feedback/point_detail.html",
        {
            "point": point,
            "devices": point.devices.order_by("-created_at"),
            "device_form": DeviceForm(),
            "pair_form": DeviceForm(prefix="pair"),
            "rate_url": rate_url,
            "token": request.session.pop("kiosk_token", None),
            "pairing": _pairing_shown(request),
            "pairing_minutes": services.PAIRING_MINUTES,
        },
    )


def _pairing_shown(request) -> dict | None:
    """The pairing code issued on the previous request, shown once: link, QR code, code, expiry."""
    issued = request.session.pop("kiosk_pairing", None)
    if not issued:
        return None
    link = request.build_absolute_uri(reverse("kiosk") + "?pair=" + issued["code"])
    return {
        "code": issued["code"],
        "link": link,
        "expires_at": datetime.fromisoformat(issued["expires_at"]),
        "qr_svg": segno.make(link, error="m").svg_inline(scale=5, dark="#000", light="#fff"),
    }


@require_POST
@permission_required("feedback.manage_points")
def device_pair(request, code: str):
    """A one-time pairing link and code for a tablet at this point (instead of typing a token)."""
    point = selectors.point_get(user=request.user, code=code)
    form = DeviceForm(request.POST, prefix="pair")
    if form.is_valid():
        try:
            pairing, pairing_code = services.kiosk_pairing_issue(
                point=point, name=form.cleaned_data["name"], user=request.user
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            # shown once on the next page; only its hash is stored
            request.session["kiosk_pairing"] = {
                "code": pairing_code,
                "expires_at": pairing.expires_at.isoformat(),
            }
    else:
        messages.error(request, _("Give the device a name."))
    return redirect("feedback:point_detail", code=point.code)


@require_POST
@permission_required("feedback.manage_points")
def device_issue(request, code: str):
    point = selectors.point_get(user=request.user, code=code)
    form = DeviceForm(request.POST)
    if form.is_valid():
        _device, token = services.device_issue(point=point, name=form.cleaned_data["name"], user=request.user)
        request.session["kiosk_token"] = token  # shown once on the next page, never stored in clear
    else:
        messages.error(request, _("Give the device a name."))
    return redirect("feedback:point_detail", code=point.code)


@require_POST
@permission_required("feedback.manage_points")
def device_revoke(request, code: str, pk: int):
    point = selectors.point_get(user=request.user, code=code)
    device = get_object_or_404(KioskDevice, pk=pk, point=point)
    services.device_revoke(device=device)
    messages.success(request, _("Device %(name)s can no longer send ratings.") % {"name": device.name})
    return redirect("feedback:point_detail", code=code)


PERIOD_DAYS = {"7": 7, "30": 30, "90": 90, "365": 365}


def _rating_filters(request, default_days: int) -> tuple[Scope, dict]:
    """The period, unit and channel asked for in the query string, as a scope within the user's units."""
    days = PERIOD_DAYS.get(request.GET.get("days", ""), default_days)
    channel = request.GET.get("channel") if request.GET.get("channel") in Response.Channel.values else ""
    units = Unit.objects.active().order_by("code")
    allowed = unit_scope(request.user, "feedback.view_responses")
    if allowed is not None:
        units = units.filter(pk__in=allowed)
    unit_code = request.GET.get("unit", "").upper()
    known = Unit.objects.filter(code=unit_code)  # a closed unit still has its history
    if allowed is not None:
        known = known.filter(pk__in=allowed)
    if unit_code and not known.exists():
        unit_code = ""
    today = timezone.localdate()
    scope = selectors.rating_scope(
        user=request.user,
        first=today - timedelta(days=days - 1),
        last=today,
        channel=channel,
        unit_codes=[unit_code] if unit_code else None,
    )
    context = {
        "days": days,
        "channel": channel,
        "unit": unit_code,
        "units": units,
        "channels": Response.Channel.choices,
        "scores": request.GET.get("scores") if request.GET.get("scores") in selectors.SCORES else "",
        "q": request.GET.get("q", "")[:100],
    }
    return scope, context


def _listed_ratings(request):
    scope, context = _rating_filters(request, default_days=30)
    ratings = selectors.ratings_in(
        scope,
        point_code=request.GET.get("point", ""),
        flagged={"flagged": True, "clean": False}.get(request.GET.get("flag", "")),
        scores=context["scores"],
        query=context["q"],
        comments_only=request.GET.get("comments") == "1",
    )
    return ratings, context


@permission_required("feedback.view_responses")
def response_list(request):
    """Ratings and comments, filtered by period, unit, channel, score, words, point and flag."""
    ratings, context = _listed_ratings(request)
    context |= {
        "page": Paginator(ratings, 50).get_page(request.GET.get("page")),
        "exclude_form": ExcludeForm(),
    }
    template = "feedback/response_list.html#results" if request.htmx else "feedback/response_list.html"
    return render(request, template, context)


@require_POST
@permission_required("feedback.moderate_responses")
def response_exclude(request, pk: int):
    response = get_object_or_404(selectors.visible_responses(user=request.user), pk=pk)
    form = ExcludeForm(request.POST)
    if form.is_valid():
        try:
            services.response_exclude(
                response=response, reason=form.cleaned_data["reason"], user=request.user
            )
            messages.success(request, _("The rating is left out of statistics."))
        except ServiceError as exc:
            add_to_form(form, exc)
    if form.errors:
        messages.error(request, _("Give the reason for the exclusion."))
    return redirect("feedback:response_list")


CHART_WIDTH, BAR_HEIGHT, BAR_GAP = 480, 22, 10


def _chart(shares: list[Share]) -> dict:
    """Bar geometry for the server-rendered SVG: share with its 95% interval, grey when too few."""
    bars = []
    for index, share in enumerate(shares):
        y = index * (BAR_HEIGHT + BAR_GAP)
        bar = {"share": share, "y": y, "text_y": y + BAR_HEIGHT - 6, "mid_y": y + BAR_HEIGHT / 2}
        if share.value is not None and share.interval is not None:
            low, high = share.interval
            bar |= {
                "width": round(share.value * CHART_WIDTH, 1),
                "low": round(low * CHART_WIDTH, 1),
                "high": round(high * CHART_WIDTH, 1),
            }
        bars.append(bar)
    return {"bars": bars, "width": CHART_WIDTH, "height": max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)}


@permission_required("feedback.view_responses")
def dashboard(request):
    """CSAT and NPS by unit, point, service, month, week or channel, with intervals and trend tests,
    the trend over time against the target, the weekday × hour heatmap, reasons and comments."""
    scope, context = _rating_filters(request, default_days=90)
    group = request.GET.get("group") if request.GET.get("group") in selectors.GROUPS else "unit"
    overall, shares = selectors.satisfaction(scope, group)
    rows = [
        {
            "share": share,
            "change": change_direction(shares[index - 1], share)
            if group in ("month", "week") and index > 0
            else "",
        }
        for index, share in enumerate(shares)
    ]
    cells = selectors.heatmap(scope)
    hours = sorted({hour for _day, hour in cells}) or list(range(8, 16))
    heat_rows = [
        (WEEKDAYS_ABBR[day - 1], [cells.get((day, hour)) for hour in hours])
        for day in range(1, 8)
        if any((day, hour) in cells for hour in hours)
    ]
    comments = selectors.ratings_in(
        scope, scores=context["scores"], query=context["q"], comments_only=True
    ).exclude(excluded=True)[:COMMENTS_SHOWN]
    context |= {
        "overall": overall,
        "nps_asked": overall.nps is not None and overall.nps.n > 0 or selectors.nps_asked(scope),
        "rows": rows,
        "chart": _chart(shares),
        "group": group,
        "hours": hours,
        "heat_rows": heat_rows,
        "min_responses": MIN_RESPONSES,
        "reasons": selectors.top_reasons(scope),
        "comments": comments,
        "since": scope.first,
        "until": scope.last,
    }
    context |= _trend(request, scope, unit_code=context["unit"])
    template = "feedback/dashboard.html#results" if request.htmx else "feedback/dashboard.html"
    return render(request, template, context)


@dataclass(frozen=True)
class _Period:
    """One point of the trend: its axis tick, its name in the table, its share and the change."""

    tick: str
    label: str
    share: Share
    change: str  # "up", "down" or ""


def _trend(request, scope: Scope, *, unit_code: str) -> dict:
    """The line chart over time (with its table): share, 95% band and the target of the unit shown."""
    step, points = selectors.trend(scope)
    target = _target_shown(request.user, unit_code)
    buckets: list[_Period] = []
    compared: Share | None = None  # the latest earlier period with enough ratings
    for point in points:
        start = point.start
        if step == "month":
            tick, label = f"{start:%m.%Y}", date_format(start, "YEAR_MONTH_FORMAT")
        elif step == "week":
            end = min(start + timedelta(days=6), scope.last)
            tick = f"{start:%d.%m}"
            label = " – ".join(
                date_format(day, "SHORT_DATE_FORMAT") for day in (max(start, scope.first), end)
            )
        else:
            tick, label = f"{start:%d.%m}", date_format(start, "SHORT_DATE_FORMAT")
        change = change_direction(compared, point.share) if compared else ""
        if not point.share.too_few:
            compared = point.share
        buckets.append(_Period(tick=tick, label=label, share=point.share, change=change))
    chart = charts.line_chart(
        [(bucket.tick, bucket.share) for bucket in buckets], target.target_percent if target else None
    )
    shown = [bucket for bucket in buckets if not bucket.share.too_few]
    step_names = {"day": _("by day"), "week": _("by week"), "month": _("by month")}
    if shown:
        summary = _(
            "Share of satisfied residents %(step)s, %(count)d of %(total)d periods with enough ratings: "
            "from %(first)s%% (%(first_label)s) to %(last)s%% (%(last_label)s)."
        ) % {
            "step": step_names[step],
            "count": len(shown),
            "total": len(buckets),
            "first": shown[0].share.percent,
            "first_label": shown[0].label,
            "last": shown[-1].share.percent,
            "last_label": shown[-1].label,
        }
    else:
        summary = _("No period has enough ratings to show a share.")
    if target:
        summary += " " + _("Target of %(unit)s: %(target)d%%.") % {
            "unit": target.unit.code,
            "target": target.target_percent,
        }
    return {
        "trend": {"step": step, "step_name": step_names[step], "buckets": buckets, "chart": chart},
        "trend_summary": summary,
        "target": target,
    }


def _target_shown(user, unit_code: str) -> SatisfactionTarget | None:
    """The target drawn on the trend: the chosen unit's, or that of the one unit the user sees
    (with the units below it); none for a view of several units."""
    if unit_code:
        return SatisfactionTarget.objects.select_related("unit").filter(unit__code=unit_code).first()
    scope = unit_scope(user, "feedback.view_responses")
    if scope is None:
        return None
    roots = [
        pk
        for pk, parent in Unit.objects.filter(pk__in=scope).values_list("pk", "parent_id")
        if parent not in scope
    ]
    if len(roots) != 1:
        return None
    return SatisfactionTarget.objects.select_related("unit").filter(unit_id=roots[0]).first()


COMMENTS_SHOWN = 20


@permission_required("feedback.view_responses")
def response_export(request):
    """The filtered ratings as CSV or XLSX (anonymous by design; comments already scrubbed), with
    names and wording instead of codes and ids. A unit outside the user's scope: 404."""
    selectors.unit_asked(user=request.user, code=request.GET.get("unit", ""))
    responses, _context = _listed_ratings(request)
    responses = responses.select_related("service", "version__survey")
    headers = [
        _("time"),
        _("service point"),
        _("service"),
        _("unit"),
        _("channel"),
        _("survey"),
        _("rating (CSAT, 1–5)"),
        _("recommendation (NPS, 0–10)"),
        _("ease (CES, 1–7)"),
        _("reasons"),
        _("other answers"),
        _("comment"),
        _("flagged"),
        _("reason for the flag"),
        _("excluded"),
        _("reason for exclusion"),
    ]
    wording = _VersionWording()
    services_named: dict[int, str] = {}

    def service_name(response: Response) -> str:
        if response.service_id is None:
            return ""
        if response.service_id not in services_named:
            services_named[response.service_id] = str(response.service)
        return services_named[response.service_id]

    rows = (
        [
            r.submitted_at,
            f"{r.point.code} {r.point.name}" if r.point else "",
            service_name(r),
            f"{r.unit.code} {r.unit.name}" if r.unit else "",
            r.get_channel_display(),
            wording.survey(r.version),
            r.csat,
            r.nps,
            r.ces,
            ", ".join(
                wording.option(r.version, "reasons", reason) for reason in r.answers.get("reasons", [])
            ),
            wording.other_answers(r.version, r.answers),
            r.comment,
            r.flagged,
            r.flag_reason,
            r.excluded,
            r.exclusion_reason,
        ]
        for r in responses.iterator(chunk_size=2000)
    )
    return tabular_response(
        name="ratings",
        headers=headers,
        rows=rows,
        request=request,
        action="feedback.response.exported",
        filters=dict(request.GET.items()),
    )


class _VersionWording:
    """Survey titles, questions and options in the current language, per survey version (cached)."""

    SHOWN_APART = frozenset({"csat", "nps", "ces", "reasons", "comment"})

    def __init__(self):
        self._versions: dict[int, dict] = {}

    def _of(self, version) -> dict:
        if version.pk not in self._versions:
            questions = {question["id"]: question for question in version.questions}
            self._versions[version.pk] = {
                "survey": _("%(survey)s, version %(number)d")
                % {"survey": localized(version.name or version.survey.name), "number": version.number},
                "questions": questions,
            }
        return self._versions[version.pk]

    def survey(self, version) -> str:
        return self._of(version)["survey"]

    def option(self, version, question_id: str, option_id: str) -> str:
        question = self._of(version)["questions"].get(question_id, {})
        for option in question.get("options", []):
            if option["id"] == option_id:
                return localized(option["text"])
        return option_id

    def other_answers(self, version, answers: dict) -> str:
        """Answers to the survey's own questions (not the scores, reasons and comment), as
        "question: answer" in the survey's wording."""
        parts = []
        for question_id, value in answers.items():
            if question_id in self.SHOWN_APART:
                continue
            question = self._of(version)["questions"].get(question_id)
            if question is None:
                continue
            values = value if isinstance(value, list) else [value]
            shown = ", ".join(
                self.option(version, question_id, v) if isinstance(v, str) else str(v) for v in values
            )
            parts.append(f"{localized(question['text'])}: {shown}")
        return "; ".join(parts)


@permission_required("feedback.manage_points")
def targets(request):
    """Each unit's target share of satisfied residents, with its current traffic light (the same
    computation the home page and the daily alert read)."""
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.target_set(
            unit=form.cleaned_data["unit"], target_percent=form.cleaned_data["target_percent"]
        )
        messages.success(request, _("Target saved."))
        return redirect("feedback:targets")
    return render(
        request,
        "feedback/targets.html",
        {"form": form, "rows": selectors.target_statuses(), "days": selectors.ROLLING_DAYS},
    )


@permission_required("feedback.view_responses")
def point_sheet(request, code: str):
    """A printable A4 sheet for the desk: the QR code and short link to its rating page. For the
    points of the user's units; another unit's point: 404."""
    point = selectors.point_get(user=request.user, code=code, perm="feedback.view_responses")
    url = request.build_absolute_uri(f"/ocena/{point.code}/")
    qr_svg = segno.make(url, error="m").svg_inline(scale=8, dark="#000", light="#fff")
    return pdf_response(
        request,
        template="feedback/sheet.html",
        filename=f"ocena-{point.code}",
        context={"point": point, "url": url, "qr_svg": qr_svg, "office": current_office()},
        action="feedback.servicepoint.sheet_printed",
        data={"point": point.code},
    )


@permission_required("feedback.view_responses")
def monthly_report(request):
    """The month's satisfaction report (PDF) for the user's units or one unit, with the month before.
    A unit outside the user's scope: 404, not an empty report."""
    unit = selectors.unit_asked(user=request.user, code=request.GET.get("unit", ""))
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)  # last complete month
    last = add_months(first, 1) - timedelta(days=1)
    unit_code = unit.code if unit else ""
    units = [unit_code] if unit_code else []
    scope = selectors.rating_scope(user=request.user, first=first, last=last, unit_codes=units)
    before = selectors.rating_scope(
        user=request.user, first=add_months(first, -1), last=first - timedelta(days=1), unit_codes=units
    )
    overall, by_unit = selectors.satisfaction(scope, "unit")
    previous, _rows = selectors.satisfaction(before, "unit")
    _all, by_point = selectors.satisfaction(scope, "point")
    context = {
        "month": first,
        "overall": overall,
        "previous": previous,
        "by_unit": by_unit,
        "by_point": by_point,
        "change": change_direction(previous, overall),
        "office": current_office(),
        "unit_code": unit_code,
        "unit": unit,
        "reasons": selectors.top_reasons(scope),
        "min_responses": MIN_RESPONSES,
        "generated": timezone.localtime(),
    }
    return pdf_response(
        request,
        template="feedback/report.html",
        context=context,
        filename=f"oceny-{unit_code or 'urzad'}-{first:%Y-%m}",
        action="feedback.report.exported",
        data={"month": f"{first:%Y-%m}", "unit": unit_code},
    )


@login_required
def my_ratings(request):
    """An officer's own results at the desks they staff: visible to them and their superiors only."""
    staff = getattr(request.user, "staff", None)
    points = list(ServicePoint.objects.filter(staffed_by=staff)) if staff else []
    today = timezone.localdate()
    overall, by_month = selectors.officer_satisfaction(
        points=points, first=add_months(today, -12) + timedelta(days=1), last=today
    )
    return render(
        request,
        "feedback/my_ratings.html",
        {"points": points, "overall": overall, "rows": by_month, "min_responses": MIN_RESPONSES},
    )


@permission_required("feedback.manage_surveys")
def survey_list(request):
    surveys = Survey.objects.prefetch_related("versions").order_by("slug")
    counts = dict(Response.objects.values_list("version__survey").annotate(n=Count("id")).order_by())
    rows = [
        {"survey": s, "current": max(s.versions.all(), key=lambda v: v.number), "n": counts.get(s.pk, 0)}
        for s in surveys
    ]
    return render(request, "feedback/survey_list.html", {"rows": rows})


@permission_required("feedback.manage_surveys")
def survey_detail(request, slug: str):
    """Every version of a survey, newest first, with how many answers each collected."""
    survey = get_object_or_404(Survey, slug=slug)
    versions = (
        survey.versions.select_related("created_by").annotate(answers=Count("responses")).order_by("-number")
    )
    return render(request, "feedback/survey_detail.html", {"survey": survey, "versions": versions})


@permission_required("feedback.manage_surveys")
def survey_edit(request, slug: str):
    """A new version of the survey: change, add, remove or reorder questions."""
    survey = get_object_or_404(Survey, slug=slug)
    current = survey.current_version()
    name = current.name or survey.name
    form = SurveyEditForm(
        request.POST or None, initial={"name_pl": name.get("pl", ""), "name_en": name.get("en", "")}
    )
    # Bound without `initial`: every question posted counts, changed or not; blank extra forms do not.
    questions = (
        QuestionFormSet(request.POST, prefix="q")
        if request.method == "POST"
        else QuestionFormSet(
            initial=[
                QuestionForm.initial_of(q) | {"ORDER": n} for n, q in enumerate(current.questions, start=1)
            ],
            prefix="q",
        )
    )
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        name = {"pl": form.cleaned_data["name_pl"], "en": form.cleaned_data["name_en"]}
        try:
            version = services.survey_version_create(
                survey=survey,
                name={lang: text for lang, text in name.items() if text},
                questions=[question_form.question() for question_form in questions.ordered_forms],
                change_note=form.cleaned_data["change_note"],
                user=request.user,
            )
        except ServiceError as exc:
            add_to_form(form, exc)
        else:
            messages.success(
                request, _("Version %(n)d of the survey is in use from now on.") % {"n": version.number}
            )
            return redirect("feedback:survey_detail", slug=survey.slug)
    return render(
        request,
        "feedback/survey_form.html",
        {"survey": survey, "form": form, "questions": questions, "current": current},
    )

"""The ratings list (with comments), leaving a rating out of statistics, and the export."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.exports import tabular_response
from magistrat.core.permissions import permission_required
from magistrat.core.reference import localized
from magistrat.feedback import selectors
from magistrat.feedback.forms import ExcludeForm
from magistrat.feedback.models import Response
from magistrat.feedback.services import ratings
from magistrat.feedback.views.common import rating_filters


@permission_required("feedback.view_responses")
def response_list(request):
    """Ratings and comments, filtered by period, unit, channel, score, words, point and flag."""
    filters, _scope, context = rating_filters(request, default_days=30)
    context |= {
        "page": Paginator(selectors.ratings_listed(filters), 50).get_page(request.GET.get("page")),
        "exclude_form": ExcludeForm(),
    }
    template = "feedback/response_list.html#results" if request.htmx else "feedback/response_list.html"
    return render(request, template, context)


@require_POST
@permission_required("feedback.moderate_responses")
def response_exclude(request, pk: int):
    # Moderating is office-wide: the quality manager leaves out abuse whatever the unit.
    response = get_object_or_404(
        selectors.visible_responses(user=request.user, perm="feedback.moderate_responses"), pk=pk
    )
    form = ExcludeForm(request.POST)
    if form.is_valid():
        try:
            ratings.response_exclude(response=response, reason=form.cleaned_data["reason"], user=request.user)
            messages.success(request, _("The rating is left out of statistics."))
        except ServiceError as exc:
            add_to_form(form, exc)
    if form.errors:
        messages.error(request, _("Give the reason for the exclusion."))
    return redirect("feedback:response_list")


@permission_required("feedback.view_responses")
def response_export(request):
    """The filtered ratings as CSV or XLSX (anonymous by design; comments already scrubbed), with
    names and wording instead of codes and ids. A unit outside the user's scope: 404."""
    selectors.unit_asked(user=request.user, code=request.GET.get("unit", ""))
    filters, _scope, _context = rating_filters(request, default_days=30)
    responses = selectors.ratings_listed(filters).select_related("service", "version__survey")
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

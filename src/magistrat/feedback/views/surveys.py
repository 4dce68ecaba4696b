"""The surveys: their versions and writing a new one (change, add, remove or reorder questions)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from magistrat.core.exceptions import ServiceError, add_to_form
from magistrat.core.permissions import permission_required
from magistrat.feedback import selectors
from magistrat.feedback.forms import QuestionForm, QuestionFormSet, SurveyEditForm
from magistrat.feedback.models import Survey
from magistrat.feedback.services import surveys


@permission_required("feedback.manage_surveys")
def survey_list(request):
    return render(request, "feedback/survey_list.html", {"rows": selectors.survey_rows()})


@permission_required("feedback.manage_surveys")
def survey_detail(request, slug: str):
    """Every version of a survey, newest first, with how many answers each collected."""
    survey = get_object_or_404(Survey, slug=slug)
    return render(
        request,
        "feedback/survey_detail.html",
        {"survey": survey, "versions": selectors.survey_versions(survey)},
    )


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
            version = surveys.survey_version_create(
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

"""Surveys: the catalogue in feedback/data/surveys.yaml and the versions the office writes."""

import re
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from magistrat.core.audit import log_action
from magistrat.core.exceptions import ServiceError
from magistrat.core.permissions import require_may
from magistrat.core.reference import data_text
from magistrat.feedback.models import Survey, SurveyVersion

SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
SLUG = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
KINDS = (*SCALES, "choice", "tags", "text")


def surveys_load(*, text: str | None = None, using: str = "default") -> list[SurveyVersion]:
    """Store a new version of each survey in feedback/data/surveys.yaml whose questions changed."""
    if text is None:
        text = data_text("feedback", "surveys.yaml")
    with transaction.atomic(using=using):
        return _load(yaml.safe_load(text)["surveys"])


def _load(surveys: dict) -> list[SurveyVersion]:
    created = []
    for slug, spec in surveys.items():
        survey, _new = Survey.objects.get_or_create(slug=slug, defaults={"name": spec["name"]})
        latest = survey.versions.order_by("-number").first()
        if latest is not None and (latest.created_by_id or latest.change_note):
            continue  # the office edited this survey: its own wording wins over the package's
        if latest is None or latest.content_hash != SurveyVersion.hash_of(spec["questions"]):
            version = _new_version(survey, name=spec["name"], questions=spec["questions"])
            log_action(
                survey,
                "feedback.survey.version_loaded",
                data={"survey": survey.slug, "version": version.number, "hash": version.content_hash},
            )
            created.append(version)
    return created


def questions_check(questions: list[dict[str, Any]]) -> None:
    """ServiceError unless `questions` is a well-formed survey (the shape every version must have)."""
    if not questions:
        raise ServiceError(_("A survey needs at least one question."), field="questions")
    seen: set[str] = set()
    for question in questions:
        qid, kind = question.get("id", ""), question.get("type")
        if kind not in KINDS:
            raise ServiceError(_("Unknown question type: %(kind)s.") % {"kind": kind}, field="questions")
        if not isinstance(qid, str) or not SLUG.match(qid):
            raise ServiceError(
                _("Question ids are lower-case letters, digits and _ (e.g. waiting_time): %(id)s.")
                % {"id": qid},
                field="questions",
            )
        if kind in SCALES and qid != kind:
            # statistics read the scores from these ids (one CSAT, one NPS, one CES per survey)
            raise ServiceError(
                _("A %(kind)s question must have the id %(kind)s.") % {"kind": kind}, field="questions"
            )
        if qid in seen:
            raise ServiceError(_("Two questions have the id %(id)s.") % {"id": qid}, field="questions")
        seen.add(qid)
        if not (question.get("text") or {}).get("pl", "").strip():
            raise ServiceError(_("Question %(id)s has no Polish wording.") % {"id": qid}, field="questions")
        if kind in ("choice", "tags"):
            options = question.get("options") or []
            ids = [option.get("id", "") for option in options]
            if not options or len(set(ids)) != len(ids) or not all(SLUG.match(i or "") for i in ids):
                raise ServiceError(
                    _("Question %(id)s needs options with distinct ids.") % {"id": qid}, field="questions"
                )
        if kind == "text" and not 1 <= int(question.get("max_length", 1000)) <= 4000:
            raise ServiceError(_("A comment may be 1 to 4000 characters long."), field="questions")


def _new_version(
    survey: Survey, *, name: dict, questions: list, user=None, change_note: str = ""
) -> SurveyVersion:
    questions_check(questions)
    latest = survey.versions.order_by("-number").first()
    return SurveyVersion.objects.create(
        survey=survey,
        number=(latest.number + 1) if latest else 1,
        name=name,
        questions=questions,
        content_hash=SurveyVersion.hash_of(questions),
        created_by=user,
        change_note=change_note,
    )


@transaction.atomic
def survey_version_create(
    *, survey: Survey, name: dict[str, str], questions: list[dict[str, Any]], change_note: str, user
) -> SurveyVersion:
    """A new wording of a survey, used from now on; answers already given keep their version."""
    require_may(user, "feedback.manage_surveys", survey)
    if not change_note.strip():
        raise ServiceError(_("Say what changed and why."), field="change_note")
    if not name.get("pl", "").strip():
        raise ServiceError(_("Give the survey a Polish title."), field="name_pl")
    latest = survey.current_version()
    if latest.content_hash == SurveyVersion.hash_of(questions) and latest.name == name:
        raise ServiceError(_("Nothing changed: no new version was made."))
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    version = _new_version(survey, name=name, questions=questions, user=user, change_note=change_note.strip())
    survey.name = name
    survey.save(update_fields=["name"])
    log_action(
        survey,
        "feedback.survey.version_created",
        user=user,
        data={"version": version.number, "change_note": version.change_note},
    )
    return version

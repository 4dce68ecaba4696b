from django import template

from magistrat.isms.models.risks import STAGES

register = template.Library()


@register.filter
def risk_level(risk, stage: str) -> dict:
    """{{ risk|risk_level:"residual" }}: the level in the risk's assessment matrix."""
    return risk.level(stage)


@register.filter
def rating(risk, stage: str) -> tuple[int, int]:
    return risk.rating(stage)


@register.filter
def by_stage(data: dict) -> list[dict]:
    """A stored revision's ratings in the order inherent, current, residual."""
    return [data.get(stage, {}) for stage in STAGES]

"""The demo office's management reviews: last year's review held (its pack frozen, decisions with
their actions, one done) and this year's in preparation, planned for the coming days. Runs last:
the packs read every module's records. Through the services as the quality manager."""

from datetime import timedelta

from magistrat.core.audit import audit_context
from magistrat.core.deadlines import next_working_day
from magistrat.core.demo import DemoContext
from magistrat.quality.services import reviews as services
from magistrat.quality.services.actions import action_done

SUPPLIERS = "Dostawcy systemu kolejkowego i usług pocztowych dotrzymali warunków umów; jedna reklamacja."
CONCLUSIONS = (
    "System zarządzania jakością jest przydatny, adekwatny i skuteczny; "
    "potrzebne wzmocnienie obsługi w okresie urlopowym."
)
DECISIONS = [
    ("resources", "Zatrudnić dwóch pracowników do obsługi meldunków w sezonie urlopowym", "SA"),
    ("improvement", "Wdrożyć rezerwację wizyt online w punktach obsługi", "BOM"),
    ("qms_change", "Połączyć procedury obsługi skarg i wniosków w jedną procedurę", None),
]


def seed(context: DemoContext) -> None:
    heads, units, today = context.shared["heads"], context.shared["units"], context.today
    manager, mayor = heads["PJ"].user, heads["SM"].user
    with audit_context(user=manager):
        held = services.review_prepare(
            by=manager,
            title="Przegląd zarządzania za rok ubiegły",
            period_start=today - timedelta(days=700),
            period_end=today - timedelta(days=340),
            planned_on=today - timedelta(days=330),
            today=today,
        )
        services.review_comment(
            by=manager,
            review=held,
            clause="9.3.2 c) 7",
            text=SUPPLIERS,
        )
        held = services.review_hold(
            by=manager,
            review=held,
            held_on=today - timedelta(days=330),
            chair=mayor,
            participants="Sekretarz Miasta (przewodniczący), Pełnomocnik ds. SZJ, naczelnicy wydziałów",
            conclusions=CONCLUSIONS,
        )
        for index, (kind, text, code) in enumerate(DECISIONS):
            tracked = code is not None and code in units and code in heads
            decision = services.review_decide(
                by=manager,
                review=held,
                kind=kind,
                text=text,
                owner=heads[code].user if tracked else None,
                unit=units[code] if tracked else None,
                due_on=next_working_day(today + timedelta(days=20 + 30 * index)) if tracked else None,
            )
            if index == 0 and decision.action is not None:
                with audit_context(user=decision.action.owner):
                    action_done(
                        action=decision.action, by=decision.action.owner, note="Zatrudniono dwie osoby."
                    )
        services.review_prepare(
            by=manager,
            title="Przegląd zarządzania za rok bieżący",
            period_start=today - timedelta(days=339),
            period_end=today - timedelta(days=1),
            planned_on=today + timedelta(days=10),
            today=today,
        )

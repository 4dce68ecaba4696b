from magistrat.performance.models.kpis import Kpi, KpiValue, MethodChange, ValueComment
from magistrat.performance.models.objectives import Objective

__all__ = ["Kpi", "KpiValue", "MethodChange", "Objective", "ValueComment"]

"""Training needs from new and changed controlled documents (issue: "a new controlled document
addressed to positions creates a need"; ISO 9001 7.2–7.3, ISO 10015).

When a version of a controlled document takes effect, or a document in force is addressed to one
more position, everyone holding those positions gets a need in the plan of the year the version
took effect: "new or changed document", linked to the exact version. One need per person and
version (a database constraint too); HR assigns a training to it or drops it as for any need.
Followed from `quality.effects` (registered in `apps.py`), inside the quality change's transaction.
"""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from magistrat.competence.models import TrainingNeed
from magistrat.competence.schedule import primary_unit_id
from magistrat.competence.services.training_plan import needs_add, plan_for_year
from magistrat.org.models import Membership, Staff


@transaction.atomic
def needs_from_document(version, position_ids, *, by=None) -> int:
    """A need for everyone in `position_ids` who has none for this version yet; returns how many.
    Raised by whoever put the version in force (its approver when the daily job did)."""
    raised_by = by or version.approved_by
    document = version.document
    plan = plan_for_year(year=version.effective_on.year)
    has_one = TrainingNeed.objects.filter(document_version=version).values("staff_id")
    staff = (
        Staff.objects.filter(is_active=True, user__is_active=True, position_id__in=position_ids)
        .exclude(pk__in=has_one)
        .select_related("user")
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.filter(is_primary=True)))
        .order_by("pk")
    )
    description = _("New or changed document: %(document)s, version %(version)s") % {
        "document": document,
        "version": version.number,
    }
    new = [
        TrainingNeed(
            plan=plan,
            staff=person,
            unit_id=unit_id,
            description=description,
            source=TrainingNeed.Source.DOCUMENT,
            document_version=version,
            raised_by=raised_by,
        )
        for person in staff
        if (unit_id := primary_unit_id(person)) is not None
    ]
    if not new:
        return 0
    return needs_add(
        plan,
        new,
        user=raised_by,
        action="competence.plan.needs_from_document",
        data={"year": plan.year, "document": str(document), "version": version.number},
    )

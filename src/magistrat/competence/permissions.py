"""The competence module's rules for `core.permissions.may` (registered from `CompetenceConfig.ready()`).

Assessments are personal data of the personnel file. Seeing one (`competence.view_competence`):
the assessed person, the superior who assesses and the head of the office, always; otherwise the
permission's holders for the assessment's unit (HR, unit heads, leadership, auditors) through the
unit rule; nobody else (the selectors answer 404). Acting (`competence.manage_competence`): HR
on everything; the direct superior on their direct reports and the assessments they make; the
head of the office on appeals (art. 27 ust. 6). What each step needs beyond that (only the direct
superior assesses, only the employee appeals) the services check.
"""

from magistrat.competence.models import Appeal, Assessment, PreparatoryService
from magistrat.competence.schedule import direct_superior, office_head_user_id, primary_unit_id
from magistrat.core.permissions import handles, has_perm, rule
from magistrat.org.models import Staff

MANAGE = "competence.manage_competence"
VIEW = "competence.view_competence"


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rule("competence.view_competence")
def own_and_assessed_by_me(user, obj) -> bool | None:
    if isinstance(obj, Appeal):
        obj = obj.assessment
    if not isinstance(obj, Assessment):
        return None
    if _signed_in(user) and user.pk in (obj.employee.user_id, obj.superior_id, office_head_user_id()):
        return True  # the head of the office receives every assessment (art. 27 ust. 4)
    return None  # the unit rule: holders of the permission for the assessment's unit


@rule(MANAGE)
def superiors_act_on_their_reports(user, obj) -> bool | None:
    if not isinstance(obj, Appeal | Assessment | Staff):
        return None
    if not _signed_in(user):
        return False
    if has_perm(user, MANAGE):
        return True
    if isinstance(obj, Appeal):
        return user.pk == office_head_user_id()
    if isinstance(obj, Assessment):
        if obj.state == Assessment.State.APPEALED and user.pk == office_head_user_id():
            return True  # the head decides the appeal (art. 27 ust. 6)
        return obj.superior_id == user.pk
    superior = direct_superior(obj)
    return superior is not None and superior.user_id == user.pk


@rule(VIEW)
def own_profile_mentored_and_reports(user, obj) -> bool | None:
    """A person's competence profile (Staff) and preparatory service: the person, their direct
    superior (and the mentor of the service) always; otherwise the holders for the person's unit."""
    if isinstance(obj, PreparatoryService):
        if _signed_in(user) and user.pk in (obj.staff.user_id, obj.mentor.user_id):
            return True
        staff = obj.staff
    elif isinstance(obj, Staff):
        staff = obj
    else:
        return None
    if not _signed_in(user):
        return False
    if staff.user_id == user.pk:
        return True
    superior = direct_superior(staff)
    if superior is not None and superior.user_id == user.pk:
        return True
    if isinstance(obj, PreparatoryService):
        return None  # the unit rule: holders of the permission for the service's unit
    return handles(user, VIEW, primary_unit_id(staff))


# --- Trainings ---------------------------------------------------------------------------------------


@rule(VIEW)
def trainings_for_participants_and_superiors(user, obj) -> bool | None:
    """The training catalogue: every holder of the view permission (any unit), the participants and
    superiors (who enrol their reports). An enrolment or certificate: the person, their direct
    superior, and the holders for the person's unit."""
    from magistrat.competence.models import Certificate, Enrolment, Training
    from magistrat.competence.schedule import direct_reports

    if isinstance(obj, Training):
        if not _signed_in(user):
            return False
        if has_perm(user, VIEW) or obj.enrolments.filter(staff__user=user).exists():
            return True
        return bool(direct_reports(user))
    if isinstance(obj, Certificate):
        obj = obj.enrolment
    if not isinstance(obj, Enrolment):
        return None
    if not _signed_in(user):
        return False
    if obj.staff.user_id == user.pk:
        return True
    superior = direct_superior(obj.staff)
    if superior is not None and superior.user_id == user.pk:
        return True
    return None  # the unit rule: holders of the permission for the enrolment's unit

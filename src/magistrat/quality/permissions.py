"""The quality module's rules for `core.permissions.may` (registered from `QualityConfig.ready()`).

- `quality.manage_quality` (office-wide: the quality manager) acts on every record. Besides them,
  the owner of an action acts on their own action (marks it done): ISO 9001 5.3 makes the
  responsibilities for actions personal, and the owner needs no role for it.
- `quality.view_quality` (scoped: unit heads for their units, leadership and auditors office-wide)
  reads the records of their units; the owner of an action and the person who reported a
  nonconformity also read theirs.
Lists are narrowed by `selectors.py` with the same answers.
"""

from magistrat.core.permissions import has_perm, rule
from magistrat.quality.models import Action, EffectivenessCheck, Nonconformity


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rule("quality.manage_quality")
def owners_act_on_their_actions(user, obj) -> bool | None:
    if isinstance(obj, Action):
        return has_perm(user, "quality.manage_quality") or (_signed_in(user) and obj.owner_id == user.pk)
    if isinstance(obj, Nonconformity | EffectivenessCheck):
        return has_perm(user, "quality.manage_quality")
    return None


@rule("quality.view_quality")
def owners_and_reporters_read_theirs(user, obj) -> bool | None:
    if isinstance(obj, Action) and _signed_in(user) and obj.owner_id == user.pk:
        return True
    if isinstance(obj, Nonconformity) and _signed_in(user) and obj.reported_by_id == user.pk:
        return True
    if isinstance(obj, Action | Nonconformity) and has_perm(user, "quality.manage_quality"):
        return True
    return None  # the unit rule decides


# --- Documented information (ISO 9001 7.5) ----------------------------------------------------------


def _document_of(obj):
    from magistrat.quality.models import Acknowledgement, Distribution, Document, DocumentVersion

    if isinstance(obj, Document):
        return obj
    if isinstance(obj, DocumentVersion | Distribution):
        return obj.document
    if isinstance(obj, Acknowledgement):
        return obj.version.document
    return None


@rule("quality.manage_quality")
def owners_act_on_their_documents(user, obj) -> bool | None:
    """A document's owner writes its versions, distributes and reviews it (ISO 9001 5.3, 7.5.3)."""
    from magistrat.quality.models import ExternalDocument, MayorOrder

    document = _document_of(obj)
    if document is not None:
        return has_perm(user, "quality.manage_quality") or (_signed_in(user) and document.owner_id == user.pk)
    if isinstance(obj, ExternalDocument):
        return has_perm(user, "quality.manage_quality") or (_signed_in(user) and obj.owner_id == user.pk)
    if isinstance(obj, MayorOrder):
        return has_perm(user, "quality.manage_quality")
    return None


@rule("quality.view_quality")
def addressees_read_their_documents(user, obj) -> bool | None:
    """Everyone a document is addressed to reads it and its current version; the owner and the
    author read theirs; the mayor's orders bind the whole office, so every holder of
    `quality.view_quality` reads them."""
    from magistrat.quality.addressing import is_addressed
    from magistrat.quality.models import DocumentVersion, ExternalDocument, MayorOrder

    if not _signed_in(user):
        return None
    if isinstance(obj, MayorOrder):
        return has_perm(user, "quality.view_quality")
    if isinstance(obj, ExternalDocument) and obj.owner_id == user.pk:
        return True
    document = _document_of(obj)
    if document is None:
        return None
    if has_perm(user, "quality.manage_quality") or document.owner_id == user.pk:
        return True
    if isinstance(obj, DocumentVersion):
        if obj.author_id == user.pk:
            return True
        if obj.state == DocumentVersion.State.CURRENT and is_addressed(user, document):
            return True
        return None
    if is_addressed(user, document):
        return True
    return None  # the unit rule decides: unit heads their units, auditors everything


# --- Risks and opportunities (ISO 9001 6.1) ---------------------------------------------------------


@rule("quality.manage_quality")
def managers_act_on_risks(user, obj) -> bool | None:
    """Risks and opportunities are rated and treated by the quality manager, with their owners."""
    from magistrat.quality.models import QualityRisk

    if isinstance(obj, QualityRisk):
        return has_perm(user, "quality.manage_quality")
    return None


@rule("quality.view_quality")
def owners_read_their_risks(user, obj) -> bool | None:
    from magistrat.quality.models import QualityRisk

    if isinstance(obj, QualityRisk) and _signed_in(user) and obj.owner_id == user.pk:
        return True
    return None  # the unit rule decides


# --- Processes (ISO 9001 4.4) -------------------------------------------------------------------------


@rule("quality.manage_quality")
def owners_keep_their_processes(user, obj) -> bool | None:
    """A process owner keeps the description of their process (ISO 9001 5.3) with the quality manager."""
    from magistrat.quality.models import Process, ProcessLink

    process = obj.source if isinstance(obj, ProcessLink) else obj
    if isinstance(process, Process):
        return has_perm(user, "quality.manage_quality") or (_signed_in(user) and process.owner_id == user.pk)
    return None


@rule("quality.view_quality")
def the_process_map_is_the_whole_offices(user, obj) -> bool | None:
    """Every holder of `quality.view_quality`, whatever their units, reads every process: the map
    shows how the units' work hangs together. Owners read theirs."""
    from magistrat.quality.models import Process

    if isinstance(obj, Process):
        return has_perm(user, "quality.view_quality") or (_signed_in(user) and obj.owner_id == user.pk)
    return None

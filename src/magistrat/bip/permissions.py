"""Who may do what to a BIP item: the bulletin's rules, registered with `core.permissions`.

This is the one place to read them. Views (for their buttons), the API and the services (which
refuse on their own, whoever calls them) all ask `may(user, perm, item)`:

- **See** an item in the editors' pages (`bip.view_items`): a holder of the permission for the
  item's unit or a unit above it (the default unit rule of `core.permissions`).
- **Edit** an item, **submit** it for approval, **add or remove attachments** (`bip.edit_items`):
  the same unit rule, and never a removed item: its removal is final and its public record stays as
  it was removed (art. 8 ust. 6 udip: the metryczka of what was made available does not change).
- **Approve**, **return** to the editors, **publish**, **remove** (with a public record) and
  **archive** (`bip.approve_items`): a holder of the approver's permission, which is office-wide
  (not scoped to units, core/data/roles.yaml); the role that carries it (`bip_approver`) requires
  two-factor sign-in, which the sign-in middleware enforces before any view runs.
- **Bulletin settings** and the accessibility statement (`bip.manage_bulletin`): office-wide holders.

Which workflow step is possible in which state (only a submitted item is approved, …) is the
services' business: they say why with a message instead of a bare refusal.
"""

from magistrat.bip.models import Attachment, Item
from magistrat.core.permissions import handles, rule


@rule("bip.edit_items")
def edit_item(user, obj) -> bool | None:
    """Editing (and submitting, and the attachments of) an item: its unit, and not once removed."""
    item = obj.item if isinstance(obj, Attachment) else obj
    if not isinstance(item, Item):
        return None
    if item.state == Item.State.REMOVED:
        return False
    return handles(user, "bip.edit_items", item.unit_id)

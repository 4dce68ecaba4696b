"""The newsroom's rules for `core.permissions.may` (registered from `CommsConfig.ready()`).

The unit rule decides most questions (an editor of a unit edits that unit's news). Besides it:
an editor edits an item only before publication (a published item is withdrawn, never rewritten),
and an approver never approves their own item (also refused by the service, with its reason).
"""

from magistrat.comms.models import NewsItem
from magistrat.core.permissions import rule


@rule("comms.edit_news")
def published_news_is_not_edited(user, obj) -> bool | None:
    if (
        isinstance(obj, NewsItem)
        and obj.pk
        and obj.state
        not in (
            NewsItem.State.DRAFT,
            NewsItem.State.SUBMITTED,
            NewsItem.State.APPROVED,
        )
    ):
        return False
    return None  # the unit rule decides

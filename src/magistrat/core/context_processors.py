from django.conf import settings

from magistrat.core.permissions import has_perm


class PermissionLookup:
    """`{% if perms_m.org.view_staff %}` in templates, answered by the permission layer."""

    def __init__(self, user, prefix: str = ""):
        self.user, self.prefix = user, prefix

    def __getitem__(self, name: str):
        if not self.prefix:
            return PermissionLookup(self.user, name)
        return has_perm(self.user, f"{self.prefix}.{name}")

    def __getattr__(self, name: str):
        return self[name]


def magistrat(request):
    # The office (`office`) comes from the organisation app's context processor: core knows no app.
    user = getattr(request, "user", None)
    return {
        "perms_m": PermissionLookup(user) if user is not None else None,
        "unread_notifications": user.notifications.filter(read_at__isnull=True).count()
        if user is not None and user.is_authenticated
        else 0,
        "demo_mode": settings.MAGISTRAT_ENV == "demo",
    }

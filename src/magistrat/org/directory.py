"""Where the permission layer finds grants and the unit tree (core.permissions.Directory)."""

from magistrat.core.permissions import Directory


class OrgDirectory(Directory):
    def grants(self, user) -> list[tuple[str, int | None]]:
        from magistrat.org.models import RoleAssignment

        return list(RoleAssignment.objects.filter(user=user).values_list("role", "unit_id"))

    def subtree_ids(self, unit_ids) -> set[int]:
        from magistrat.org.models import Unit

        return Unit.objects.subtree_ids(unit_ids)

    def users_with_roles(self, codes: list[str]):
        from magistrat.org.models import RoleAssignment

        return RoleAssignment.objects.filter(role__in=codes).values("user")

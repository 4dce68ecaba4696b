"""API authentication: a signed-in browser session, or an integration's API key (Bearer).

Keys are created and revoked by `core.services.api_key_create`/`api_key_revoke`."""

from ninja.security import HttpBearer, SessionAuth

from magistrat.core.models import ApiKey
from magistrat.core.permissions import requires_two_factor
from magistrat.core.tokens import hash_token


class ApiKeyAuth(HttpBearer):
    def authenticate(self, request, token):
        key = (
            ApiKey.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        # Keys never act for roles that need two-factor sign-in: use a dedicated integration account.
        return key.user if key and not requires_two_factor(key.user) else None


SESSION_OR_KEY = [ApiKeyAuth(), SessionAuth()]

"""API authentication: a signed-in browser session, or an integration's API key (Bearer)."""

import secrets

from django.db import transaction
from django.utils import timezone
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


@transaction.atomic
def api_key_create(*, user, name: str) -> tuple[ApiKey, str]:
    # Hex, not URL-safe base64: a prefix starting with "-" would read as an option on the command line.
    key = "mgk_" + secrets.token_hex(32)
    api_key = ApiKey.objects.create(user=user, name=name, prefix=key[4:10], key_hash=hash_token(key))
    return api_key, key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    api_key.revoked_at = timezone.now()
    api_key.save()
    return api_key

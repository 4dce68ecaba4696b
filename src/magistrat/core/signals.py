"""Authentication events go to the audit trail. These are Django's own hooks, not business flow."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from magistrat.core.audit import log_action
from magistrat.core.middleware import client_ip


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_action(user, "auth.login", user=user, ip_address=client_ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_action(user, "auth.logout", user=user, ip_address=client_ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted user name is evidence; the password never is (Django already masks it).
    log_action(
        None,
        "auth.login_failed",
        data={"username": str(credentials.get("username", ""))[:150]},
        ip_address=client_ip(request) if request is not None else None,
    )

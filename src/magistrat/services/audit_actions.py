"""Names of the audit events the service catalogue writes."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "services.service.versioned": _("New version of a service card"),
}

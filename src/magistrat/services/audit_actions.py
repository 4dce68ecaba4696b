"""Names of the audit events the service catalogue writes."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTIONS = {
    "services.service.versioned": _("New version of a service card"),
    "services.service.published": _("Service card published"),
    "services.service.withdrawn": _("Service card withdrawn from the public catalogue"),
    "services.service.moved": _("Service card handed to another unit"),
}

DETAILS = {
    "from_unit": pgettext_lazy("audit detail", "previous unit"),
    "to_unit": pgettext_lazy("audit detail", "new unit"),
    "slug": pgettext_lazy("audit detail", "address"),
}

"""The office's quality policy on the BIP (ISO 9001 5.2.2 c: available to relevant interested
parties): the version in force, read from the quality module and registered as one of the
bulletin's public sources. Its approval ends the cached page (`BipConfig.ready()` listens to
`quality.PolicyVersion` saves, as it does for the office's own details).

The public BIP is Polish by design, as the bulletin's templates are.
"""

from django.shortcuts import render
from django.urls import path, reverse

from magistrat.bip.pagecache import cached_page
from magistrat.bip.sources import Page, register_source
from magistrat.core.permissions import public

QUALITY_POLICY = "quality-policy"


@public
def quality_policy_public(request):
    from magistrat.quality.risk_selectors import policy_in_force

    return render(request, "bip/public/quality_policy.html", {"policy": policy_in_force()})


def policy_pages(pk: int | None = None) -> list[Page]:
    return [Page(reverse("bip_public:quality_policy"))]


def register() -> None:
    register_source(
        QUALITY_POLICY,
        pages=policy_pages,
        urls=[path("polityka-jakosci/", cached_page(quality_policy_public), name="quality_policy")],
        links=[("Polityka jakości", "bip_public:quality_policy")],
    )


def policy_changed(sender, **kwargs):
    from magistrat.bip.changes import public_content_changed

    public_content_changed(reason="quality.policy", source=QUALITY_POLICY)

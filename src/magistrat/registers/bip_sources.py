"""What the registers publish on the BIP, registered with the bulletin's public sources
(`bip.sources`) from `RegistersConfig.ready()`: the bulletin knows no register.

- The petitions register (art. 8 ust. 1 ustawy o petycjach: information about every petition, from
  the day it is filed, on the website or in the BIP) and the yearly summary (art. 14: by 30 June).
- The bulletin's menu links to the register and to the form of a request for public information
  (art. 10 udip: information not in the BIP is made available on request).

The public BIP is Polish by design: the menu texts are Polish, as in the bulletin's templates.
"""

from django.urls import path, reverse

import magistrat.core.converters  # noqa: F401 - <year:…> (bounded: out of range is a 404)
from magistrat.bip.pagecache import cached_page
from magistrat.bip.sources import Page, register_source

PETITIONS = "petitions"


def petition_pages(pk: int | None = None) -> list[Page]:
    """The register's listing, the yearly summaries, and the page of petition `pk` (of every
    petition for None)."""
    from magistrat.registers.models import Petition

    petitions = Petition.objects.all() if pk is None else Petition.objects.filter(pk=pk)
    pages = [Page(reverse("bip_public:petitions"), rows=Petition.objects.count())]
    pages += [
        Page(reverse("bip_public:petition_summary", args=[day.year]))
        for day in Petition.objects.filter(closed_at__isnull=False).dates("closed_at", "year")
    ]
    return pages + [
        Page(reverse("bip_public:petition", args=[number]))
        for number in petitions.values_list("number", flat=True)
    ]


def register() -> None:
    from magistrat.registers import public

    register_source(
        PETITIONS,
        pages=petition_pages,
        urls=[
            path("rejestr-petycji/", cached_page(public.petition_register_public), name="petitions"),
            path(
                "rejestr-petycji/zestawienie/<year:year>/",
                cached_page(public.petition_summary_public),
                name="petition_summary",
            ),
            path("rejestr-petycji/<str:number>/", cached_page(public.petition_public), name="petition"),
            path("rejestr-petycji/<str:number>/skan/", public.petition_scan, name="petition_scan"),
        ],
        links=[
            ("Rejestr petycji", "bip_public:petitions"),
            ("Wniosek o udostępnienie informacji publicznej", "requests_public:submit"),
        ],
    )

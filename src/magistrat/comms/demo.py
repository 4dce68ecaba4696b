"""The demo office's newsroom, written through the services as the acting users: categories and
districts (comms/data/districts.yaml), about 60 news items over two years, their deliveries in
every state through null connectors (the demo sends nowhere), one failed and then retried, one
withdrawn, and one crisis message from an approved template, waiting for its confirmation."""

from datetime import datetime, time, timedelta

from magistrat.comms.connectors.null import NullConnector
from magistrat.comms.models import Category, CrisisTemplate, Delivery, District, NewsItem
from magistrat.comms.services import crisis, outbox
from magistrat.comms.services import delivery as sending
from magistrat.comms.services import news as services
from magistrat.core.audit import audit_context
from magistrat.core.deadlines import WARSAW
from magistrat.core.demo import DemoContext
from magistrat.core.reference import load_yaml
from magistrat.org.services import role_grant

KINDS = ("mastodon", "bluesky", "facebook")
SUBJECTS = [
    (
        "Remont ulicy {street}",
        "Od poniedziałku ulica {street} będzie zamknięta; objazd wyznaczono ulicami bocznymi.",
        "drogi-i-komunikacja",
    ),
    (
        "Nowy rozkład linii autobusowej nr {n}",
        "Zmieniamy godziny odjazdów linii {n}, by lepiej łączyć osiedla z centrum.",
        "drogi-i-komunikacja",
    ),
    (
        "Festyn rodzinny w parku {park}",
        "Zapraszamy na festyn z koncertami i grami dla dzieci w parku {park}.",
        "kultura-i-sport",
    ),
    (
        "Turniej piłki nożnej o puchar prezydenta",
        "Drużyny z osiedli zagrają na stadionie miejskim; zapisy do piątku.",
        "kultura-i-sport",
    ),
    (
        "Zbiórka odpadów wielkogabarytowych",
        "Meble i duże odpady odbierzemy sprzed posesji według harmonogramu.",
        "ochrona-srodowiska",
    ),
    (
        "Sadzimy drzewa przy ulicy {street}",
        "Posadzimy 40 nowych drzew; mieszkańcy mogą dołączyć do akcji.",
        "ochrona-srodowiska",
    ),
    (
        "Dłuższe godziny pracy Biura Obsługi Mieszkańców",
        "W czwartki sprawy załatwisz do godziny 18.",
        "sprawy-urzedowe",
    ),
    (
        "Termin płatności podatku od nieruchomości",
        "Przypominamy o racie podatku płatnej do 15 dnia miesiąca.",
        "sprawy-urzedowe",
    ),
    (
        "Konsultacje budżetu obywatelskiego",
        "Zgłoś projekt dla swojego osiedla; spotkania w domach kultury.",
        "komunikaty",
    ),
    (
        "Ostrzeżenie przed upałem",
        "Instytut meteorologii zapowiada upał; pij wodę i unikaj słońca w południe.",
        "ostrzezenia",
    ),
]
STREETS = ["Długa", "Lipowa", "Słoneczna", "Kościuszki", "Polna", "Ogrodowa"]
PARKS = ["Miejskim", "Zdrojowym", "nad Wisłą"]


def seed(context: DemoContext) -> None:
    data = load_yaml("comms", "districts.yaml")
    heads, units = context.shared["heads"], context.shared["units"]
    editor, approver, confirmer, officer = (heads[code].user for code in ("PK", "OR", "SM", "BOM"))
    with audit_context(user=None):
        role_grant(user=editor, role="communications_editor", unit=units["PK"])
        role_grant(user=approver, role="communications_approver")
        role_grant(user=confirmer, role="communications_approver")
        role_grant(user=officer, role="duty_officer")
    with audit_context(user=approver):
        categories = {c["slug"]: Category.objects.create(**c) for c in data["categories"]}
        districts = [District.objects.create(**d) for d in data["districts"]]
    rng = context.rng
    count = 20 if context.small else 60
    made: list[NewsItem] = []
    for index in range(count):
        title, lead, category = SUBJECTS[index % len(SUBJECTS)]
        values = {"street": rng.choice(STREETS), "n": rng.randint(2, 30), "park": rng.choice(PARKS)}
        days_ago = int(720 * (count - index) / count)
        when = datetime.combine(context.today - timedelta(days=days_ago), time(9, 0), tzinfo=WARSAW)
        with audit_context(user=editor):
            news = services.news_save(
                news=NewsItem(
                    title=title.format(**values),
                    lead=lead.format(**values),
                    body=f"<p>{lead.format(**values)}</p>",
                    unit=units["PK"],
                ),
                by=editor,
                categories=[categories[category]],
                districts=rng.sample(districts, rng.randint(0, 2)),
            )
            services.news_submit(news=news, by=editor)
        recent = index >= count - 12
        with audit_context(user=approver):
            services.news_approve(
                news=news,
                approver=approver,
                now=when,
                channels={kind: {"connector": NullConnector(kind)} for kind in KINDS} if recent else {},
            )
        made.append(news)
        if recent:
            _deliver(news, approver, last=index == count - 1, retried=index == count - 2)
        elif category == "ostrzezenia":
            services.news_expire(news=news)  # warnings expire when the danger has passed
    _withdraw_one(made[-4], approver)
    _crisis(context, units, approver, confirmer, officer)


def _deliver(news: NewsItem, approver, *, last: bool, retried: bool) -> None:
    """Most deliveries sent. On the newest item one stays queued, one failed (will retry) and one
    was given up; on the item before it Facebook failed once and was retried by hand."""
    for delivery in news.deliveries.order_by("channel"):
        connector = NullConnector(delivery.channel)
        if last and delivery.channel == "bluesky":
            continue  # queued: the worker has not picked it up yet
        if (last or retried) and delivery.channel == "facebook":
            connector = NullConnector(
                delivery.channel, fail_with="Facebook answered 503: Service temporarily unavailable"
            )
        if last and delivery.channel == "mastodon":
            connector = NullConnector(
                delivery.channel,
                fail_with="Mastodon refused the access token (expired or revoked).",
                retryable=False,
            )
        sending.deliver(delivery.pk, connector=connector)
    if retried:
        delivery = news.deliveries.get(channel="facebook")
        with audit_context(user=approver):
            outbox.delivery_retry(delivery=delivery, by=approver)
        sending.deliver(delivery.pk, connector=NullConnector("facebook"))


def _withdraw_one(news: NewsItem, approver) -> None:
    with audit_context(user=approver):
        for delivery in news.deliveries.exclude(state=Delivery.State.WITHDRAWN):
            outbox.delivery_withdraw(
                delivery=delivery, by=approver, connector=NullConnector(delivery.channel)
            )
        services.news_withdraw(news=news, by=approver, reason="Termin wydarzenia został przesunięty.")


def _crisis(context, units, approver, confirmer, officer) -> None:
    with audit_context(user=approver):
        water = crisis.template_save(
            template=CrisisTemplate(
                title="Awaria sieci wodociągowej",
                lead="Z powodu awarii brak wody w części miasta. Beczkowozy stoją przy szkołach.",
                body="<p>Pracujemy nad usunięciem awarii. Kolejne informacje podamy na tej stronie.</p>",
                unit=units["BOM"],
            ),
            by=approver,
        )
        crisis.template_save(
            template=CrisisTemplate(
                title="Ostrzeżenie przed burzami",
                lead="Prognozowane są silne burze z gradem. Zabezpiecz rzeczy na balkonach.",
                unit=units["BOM"],
            ),
            by=approver,
        )
    with audit_context(user=confirmer):
        crisis.template_approve(template=water, approver=confirmer)
    with audit_context(user=officer):
        news = crisis.crisis_send(
            template=water, by=officer, channels={kind: {"connector": NullConnector(kind)} for kind in KINDS}
        )
    for delivery in news.deliveries.all():
        sending.deliver(delivery.pk, connector=NullConnector(delivery.channel))

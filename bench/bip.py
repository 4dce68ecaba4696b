"""Benchmark: the public BIP with 50,000 items, served by 2 workers on 2 cores.

Targets (issue: public information): item page and category listing ≥ 2,000 requests/s with p99
under 50 ms at 64 concurrent connections; search p95 under 100 ms; API item endpoint ≥ 2,000
requests/s. Pages are cached after their first request and answered before Django runs
(bip/pagecache.py); a publication ends every cached page at once.

Prepares a fresh PostgreSQL database with the demo office plus N published items (each with its
hash-chained version and its search index), starts granian (WSGI, 2 workers) or gunicorn, warms
the pages measured, then runs wrk (2 threads, 64 connections) over 500 item pages, the category
listings and the API item endpoint, and times 100 searches one after another. Prints the figures.

Run: .venv/bin/python bench/bip.py [--items 50000] [--seconds 20] [--server granian|gunicorn] [--reuse]
Needs PostgreSQL (BENCH_DATABASE_URL) and wrk (Debian package "wrk").
"""

import argparse
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from urllib.parse import quote

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/magistrat_bench_bip")
PORT = 8765
WORDS = [
    "uchwała",
    "uchwały",
    "uchwale",
    "rada",
    "miasta",
    "budżet",
    "budżetu",
    "budżecie",
    "zarządzenie",
    "zarządzenia",
    "prezydent",
    "ogłoszenie",
    "ogłoszenia",
    "przetarg",
    "przetargu",
    "zamówienie",
    "zamówienia",
    "nabór",
    "naboru",
    "stanowisko",
    "inspektor",
    "podatek",
    "podatku",
    "opłata",
    "opłaty",
    "nieruchomość",
    "nieruchomości",
    "gmina",
    "gminy",
    "ulica",
    "ulicy",
    "droga",
    "drogi",
    "park",
    "parku",
    "szkoła",
    "szkoły",
    "przedszkole",
    "przedszkola",
    "pomoc",
    "społeczna",
    "mieszkańcy",
    "mieszkańców",
    "konsultacje",
    "konsultacji",
    "projekt",
    "projektu",
    "plan",
    "planu",
    "zagospodarowania",
    "przestrzennego",
    "środowisko",
    "środowiska",
    "decyzja",
    "decyzji",
    "postępowanie",
    "postępowania",
    "wniosek",
    "wniosku",
    "petycja",
    "petycji",
    "sprawozdanie",
    "sprawozdania",
    "finansowe",
    "kontrola",
    "kontroli",
    "audyt",
    "wynik",
    "wyniki",
    "regulamin",
    "regulaminu",
    "statut",
    "statutu",
    "jednostka",
    "jednostki",
    "organizacyjne",
    "komunikacja",
    "transport",
    "publiczny",
    "oświetlenie",
    "remont",
    "remontu",
    "inwestycja",
    "inwestycji",
    "dotacja",
    "dotacji",
    "organizacje",
    "pozarządowe",
    "współpraca",
    "program",
    "programu",
    "strategia",
    "rozwoju",
]
CATEGORIES = ["uchwaly", "zarzadzenia", "ogloszenia", "zamowienia-publiczne", "nabory", "budzet", "petycje"]


def env() -> dict:
    return {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"} | {
        "DATABASE_URL": DB_URL,
        "DJANGO_SETTINGS_MODULE": "magistrat.settings",
        "LOG_LEVEL": "WARNING",
        "DISABLE_TQDM": "1",
    }


def setup_django(data_dir: str) -> None:
    os.environ.update(env() | {"DATA_DIR": data_dir})
    import django

    django.setup()


def prepare(count: int, data_dir: str) -> None:
    name = DB_URL.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    seed = "from magistrat.core.demo import seed_demo; seed_demo(seed=1, small=True)"
    run_env = env() | {"DATA_DIR": data_dir}
    subprocess.run([sys.executable, "-m", "magistrat", "migrate", "-v", "0"], env=run_env, check=True)
    subprocess.run(
        [sys.executable, "-m", "magistrat", "shell", "-v", "0", "-c", seed], env=run_env, check=True
    )
    setup_django(data_dir)
    started = time.perf_counter()
    generate(count)
    print(f"generated {count:,} items in {time.perf_counter() - started:.0f} s")
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-qc", "VACUUM ANALYZE"], check=True
    )


def generate(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from magistrat.bip.models import Category, Item, ItemVersion, SearchTerm
    from magistrat.bip.search import _terms
    from magistrat.org.models import Unit

    rng = random.Random(2001)
    user = get_user_model().objects.filter(is_superuser=True).first()
    units = list(Unit.objects.all())
    categories = {c.slug: c for c in Category.objects.filter(slug__in=CATEGORIES)}
    now = timezone.now()
    for start in range(0, count, 5000):
        batch = []
        for n in range(start, min(start + 5000, count)):
            category = categories[CATEGORIES[n % len(CATEGORIES)]]
            title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize() + f" nr {n}/2026"
            body = "".join("<p>" + " ".join(rng.choice(WORDS) for _ in range(25)) + ".</p>" for _ in range(2))
            data = {}
            for spec in category.fields:
                if spec["type"] == "date":
                    data[spec["key"]] = (date(2026, 1, 1) + timedelta(days=n % 300)).isoformat()
                elif spec["type"] == "number":
                    data[spec["key"]] = str(2020 + n % 7)
                else:
                    data[spec["key"]] = f"B/{n}/2026"
            published = now - timedelta(minutes=count - n)
            batch.append(
                Item(
                    category=category,
                    unit=rng.choice(units),
                    slug=f"pozycja-{n}",
                    state=Item.State.PUBLISHED,
                    title=title,
                    body=body,
                    data=data,
                    produced_by="Wydział",
                    responsible="Naczelnik",
                    produced_on=published.date(),
                    entered_by=user,
                    first_published_at=published,
                )
            )
        items = Item.objects.bulk_create(batch)
        versions, terms = [], []
        for item in items:
            version = ItemVersion(
                item=item,
                number=1,
                title=item.title,
                body=item.body,
                data=item.data,
                imprint={
                    "produced_by": item.produced_by,
                    "responsible": item.responsible,
                    "entered_by": "Admin",
                },
                published_at=item.first_published_at,
                published_by=user,
                published_by_name="Administrator",
                prev_hash=ItemVersion.GENESIS_HASH,
            )
            version.hash = version.compute_hash()
            versions.append(version)
            weights = _terms({"title": item.title, "data": " ".join(item.data.values()), "body": item.body})
            terms += [SearchTerm(item=item, term=t, weight=w) for t, w in weights.items()]
        ItemVersion.objects.bulk_create(versions)
        SearchTerm.objects.bulk_create(terms, batch_size=10_000)
        print(f"  {start + len(batch):,} items", flush=True)


def start_server(kind: str, data_dir: str) -> subprocess.Popen:
    # The per-client API limit is a policy for the public, not the capacity measured here.
    run_env = env() | {
        "DATA_DIR": data_dir,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PUBLIC_API_RATE": "100000000/m",
    }
    if kind == "granian":
        command = [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", "2",
            "--blocking-threads", "1", "--host", "127.0.0.1", "--port", str(PORT),
            "--log-level", "warning", "magistrat.wsgi:application",
        ]  # fmt: skip
    else:
        command = [
            sys.executable, "-m", "gunicorn", "magistrat.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
            "--workers", "2", "--log-level", "warning", "--preload",
        ]  # fmt: skip
    server = subprocess.Popen(command, env=run_env)
    for _ in range(120):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
            connection.request("GET", "/health/")
            connection.getresponse().read()
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("the server did not start")


def get(path: str) -> tuple[int, float, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{PORT}"})  # as wrk sends it: same cache key
    response = connection.getresponse()
    body = response.read()
    return response.status, (time.perf_counter() - started) * 1000, body


def wrk(paths: list[str], seconds: int, label: str) -> tuple[float, float]:
    workdir = tempfile.mkdtemp()
    with open(os.path.join(workdir, "paths.txt"), "w") as out:
        out.write("\n".join(paths))
    script = os.path.join(workdir, "paths.lua")
    with open(script, "w") as out:
        out.write(
            'local paths = {}\nfor line in io.lines("'
            + os.path.join(workdir, "paths.txt")
            + '") do paths[#paths + 1] = line end\n'
            "local i = math.random(#paths)\n"
            'request = function()\n  i = i % #paths + 1\n  return wrk.format("GET", paths[i])\nend\n'
        )
    result = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", "-s", script, f"http://127.0.0.1:{PORT}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result).group(1))
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", result).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    shutil.rmtree(workdir)
    verdict = "OK" if rps >= 2000 and p99 < 50 else "NOT MET"
    failed = errors.group(1) if errors else 0
    print(f"{label:34} {rps:9,.0f} req/s   p99 {p99:6.1f} ms   non-2xx {failed}   ({verdict})")
    return rps, p99


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def measure(seconds: int, server_kind: str, data_dir: str) -> None:
    from magistrat.bip.models import Item

    items = list(Item.objects.public().select_related("category").order_by("?")[:500])
    print(f"items published: {Item.objects.public().count():,}")
    item_paths = [f"/bip/{i.category.slug}/{i.slug}/" for i in items]
    api_paths = [f"/api/v1/bip/items/{i.category.slug}/{i.slug}" for i in items]
    listing_paths = [
        f"/bip/kategoria/{slug}/" + (f"?page={page}" if page > 1 else "")
        for slug in CATEGORIES
        for page in (1, 2, 3, 50, 200)
    ]
    server = start_server(server_kind, data_dir)
    try:
        started = time.perf_counter()
        first = [get(path)[1] for path in item_paths[:50]]
        for path in item_paths + api_paths + listing_paths:
            status, _ms_, _body = get(path)
            assert status == 200, (path, status)
        warmed = len(item_paths + api_paths + listing_paths)
        print(
            f"warm-up of {warmed} pages: {time.perf_counter() - started:.0f} s "
            f"(first render of an item page: median {statistics.median(first):.0f} ms)"
        )
        print(f"server: {server_kind}, 2 workers; wrk: 2 threads, 64 connections, {seconds} s each")
        wrk(item_paths, seconds, "item pages (500 items)")
        wrk(listing_paths, seconds, "category listings (35 pages)")
        wrk(api_paths, seconds, "API item endpoint (500 items)")
        queries = [rng_word for rng_word in WORDS[::2]][:60] + [
            "uchwaly",
            "zarzadzenia budzetu",
            "nabor inspektora",
        ] * 10
        times = []
        for n, query in enumerate(queries[:100]):
            status, elapsed, _body = get(f"/bip/szukaj/?q={quote(query)}&p={n}")
            assert status == 200
            times.append(elapsed)
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        verdict = "OK" if p95 < 100 else "NOT MET"
        print(
            f"search (100 queries, one at a time)   p50 {statistics.median(times):5.0f} ms   "
            f"p95 {p95:5.0f} ms   ({verdict}: target p95 < 100 ms)"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--server", choices=["granian", "gunicorn"], default="granian")
    parser.add_argument("--reuse", action="store_true", help="keep the database prepared by an earlier run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: sudo apt-get install wrk")
    data_dir = os.environ.get("BENCH_DATA_DIR") or tempfile.mkdtemp()
    if not args.reuse:
        prepare(args.items, data_dir)
        command = [
            sys.executable,
            __file__,
            "--reuse",
            "--seconds",
            str(args.seconds),
            "--server",
            args.server,
        ]
        sys.exit(
            subprocess.run(command, env=os.environ | {"BENCH_DATA_DIR": data_dir}, check=False).returncode
        )
    setup_django(data_dir)
    measure(args.seconds, args.server, data_dir)


if __name__ == "__main__":
    main()

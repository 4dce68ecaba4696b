"""Benchmark: the information security registers at the size of a large city office.

Targets (issue: information security): with 5,000 assets, 20,000 risk scenarios and 2,000
incidents, every list page and the risk heat map answer with p95 under 300 ms; the full
Statement of Applicability exports as PDF and as XLSX each in under 10 s.

Prepares a fresh PostgreSQL database with the demo office, then adds the records in bulk (through
the ORM, skipping the per-object audit entries a user's edits would write), and times every list,
filter and heat map page through Django's test client as the security officer and as a risk owner
(whose pages are narrowed to what they own), then both SoA exports of an approved version whose
entries link thousands of risks.

Run: .venv/bin/python bench/isms.py [--assets 5000 --risks 20000 --incidents 2000] [--repeat 10] [--reuse]
Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/magistrat_bench_isms).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta

from benchdb import percentile, signed_in_client

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/magistrat_bench_isms")


def setup_django() -> None:
    os.environ.update(
        DATABASE_URL=DB_URL,
        DJANGO_SETTINGS_MODULE="magistrat.settings",
        DATA_DIR=os.environ.get("BENCH_DATA_DIR", tempfile.mkdtemp()),
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()


def prepare(assets: int, risks: int, incidents: int) -> None:
    name = DB_URL.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"} | {"DATABASE_URL": DB_URL}
    seed = "from magistrat.core.demo import seed_demo; seed_demo(seed=1, small=True)"
    subprocess.run([sys.executable, "-m", "magistrat", "migrate", "-v", "0"], env=env, check=True)
    subprocess.run([sys.executable, "-m", "magistrat", "shell", "-v", "0", "-c", seed], env=env, check=True)
    setup_django()
    started = time.perf_counter()
    generate(assets, risks, incidents)
    print(f"generated in {time.perf_counter() - started:.0f} s")
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-qc", "VACUUM ANALYZE"], check=True
    )


def generate(asset_count: int, risk_count: int, incident_count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from magistrat.isms.models import (
        AppliedControl,
        Asset,
        CatalogueEntry,
        Incident,
        IncidentReport,
        RiskAssessment,
        RiskMatrix,
        RiskRevision,
        RiskScenario,
        RiskSignOff,
        SoaVersion,
        TreatmentTask,
        level_of,
    )
    from magistrat.isms.services.soa import soa_approve, soa_discard, soa_generate, soa_submit
    from magistrat.org.models import RoleAssignment, Unit

    rng = random.Random(27001)
    today = timezone.localdate()
    now = timezone.now()
    people = list(get_user_model().objects.filter(is_active=True, staff__isnull=False)[:300])
    units = list(Unit.objects.all())
    officer = RoleAssignment.objects.filter(role="security_officer").first().user
    kinds = [k for k, _label in Asset.Kind.choices]
    assets = [
        Asset(
            code=f"A-{n:05d}",
            name=f"Aktywo {n} ({rng.choice(['system', 'serwer', 'dane', 'usługa', 'dostawca'])})",
            kind=rng.choice(kinds),
            owner=rng.choice(people),
            unit=rng.choice(units),
            location=f"Budynek {rng.choice('ABCDE')}",
            confidentiality=rng.randint(1, 4),
            integrity=rng.randint(1, 4),
            availability=rng.randint(1, 4),
            review_due=today + timedelta(days=rng.randint(-30, 365)),
        )
        for n in range(asset_count)
    ]
    Asset.objects.bulk_create(assets, batch_size=2000)
    assets = list(Asset.objects.filter(code__startswith="A-"))
    # Dependencies only point to assets with a lower number: no cycles.
    Through = Asset.depends_on.through
    Through.objects.bulk_create(
        [
            Through(from_asset_id=a.pk, to_asset_id=assets[rng.randrange(i)].pk)
            for i, a in enumerate(assets)
            if i > 10
            for _ in range(2)
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    annex = list(CatalogueEntry.objects.filter(catalogue__code="iso27001", kind="control"))
    controls = AppliedControl.objects.bulk_create(
        [
            AppliedControl(
                name=f"Zabezpieczenie {entry.ref} / {n}",
                reference=entry,
                owner=rng.choice(people),
                status=rng.choice(["planned", "in_progress", "implemented", "implemented"]),
            )
            for entry in annex
            for n in range(2)
        ]
    )
    matrix = RiskMatrix.objects.get(is_default=True)
    assessments = [
        RiskAssessment(
            title=f"Szacowanie ryzyka {year} – {unit.code}",
            scope="Procesy i systemy komórki",
            assessed_on=today.replace(year=year),
            participants="PBI, naczelnik",
            unit=unit,
            matrix=matrix,
            matrix_definition=matrix.definition,
        )
        for year in (today.year - 1, today.year)
        for unit in units[:20]
    ]
    RiskAssessment.objects.bulk_create(assessments)
    scenarios = []
    for n in range(risk_count):
        ratings = [rng.randint(1, 5) for _ in range(6)]
        ratings[2:4] = [min(ratings[0], ratings[2]), min(ratings[1], ratings[3])]
        ratings[4:6] = [min(ratings[2], ratings[4]), min(ratings[3], ratings[5])]
        levels = [level_of(matrix.definition, ratings[i], ratings[i + 1]) for i in (0, 2, 4)]
        scenarios.append(
            RiskScenario(
                assessment=assessments[n % len(assessments)],
                code=f"R-B-{n:05d}",
                title=f"Ryzyko {n}: {rng.choice(['utrata', 'wyciek', 'niedostępność', 'zmiana'])} danych",
                threat=rng.choice(["Ransomware", "Phishing", "Awaria sprzętu", "Błąd pracownika", "Pożar"]),
                vulnerability=rng.choice(["Brak kopii", "Brak MFA", "Brak szkoleń", "Przestarzały system"]),
                inherent_likelihood=ratings[0],
                inherent_impact=ratings[1],
                current_likelihood=ratings[2],
                current_impact=ratings[3],
                residual_likelihood=ratings[4],
                residual_impact=ratings[5],
                inherent_rank=levels[0]["rank"],
                current_rank=levels[1]["rank"],
                residual_rank=levels[2]["rank"],
                residual_acceptable=levels[2]["acceptable"],
                treatment=rng.choice(["modify", "modify", "retain", "share", "avoid"]),
                owner=rng.choice(people),
            )
        )
    RiskScenario.objects.bulk_create(scenarios, batch_size=2000)
    scenarios = list(RiskScenario.objects.filter(code__startswith="R-B-"))
    RiskRevision.objects.bulk_create(
        [
            RiskRevision(scenario=s, revision=1, recorded_by=officer, reason="Import", data={})
            for s in scenarios
        ],
        batch_size=5000,
    )
    RiskScenario.assets.through.objects.bulk_create(
        [
            RiskScenario.assets.through(riskscenario_id=s.pk, asset_id=rng.choice(assets).pk)
            for s in scenarios
            for _ in range(2)
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    RiskScenario.controls.through.objects.bulk_create(
        [
            RiskScenario.controls.through(riskscenario_id=s.pk, appliedcontrol_id=rng.choice(controls).pk)
            for s in scenarios
            for _ in range(2)
        ],
        batch_size=5000,
        ignore_conflicts=True,
    )
    TreatmentTask.objects.bulk_create(
        [
            TreatmentTask(
                scenario=s,
                title=f"Zadanie dla {s.code}",
                owner=s.owner,
                due_on=today + timedelta(days=rng.randint(-60, 180)),
                done_at=now if rng.random() < 0.4 else None,
            )
            for s in scenarios[::2]
        ],
        batch_size=5000,
    )
    RiskSignOff.objects.bulk_create(
        [
            RiskSignOff(
                scenario=s,
                revision=1,
                signed_by=s.owner,
                justification="Akceptuję",
                expires_on=today + timedelta(days=rng.randint(-30, 365)),
                snapshot={},
            )
            for s in scenarios
            if rng.random() < 0.6
        ],
        batch_size=5000,
    )
    incidents = []
    for n in range(incident_count):
        detected = now - timedelta(days=rng.randint(0, 1000), hours=rng.randint(0, 23))
        breach = rng.random() < 0.3
        risk = rng.choice(["unlikely", "risk", "high"]) if breach else ""
        incidents.append(
            Incident(
                number=f"INC.B{n}.{detected.year}",
                title=f"Incydent {n}",
                description="Opis incydentu",
                detected_at=detected,
                aware_at=detected + timedelta(hours=rng.randint(0, 5)),
                severity=rng.choice(["low", "medium", "high", "critical"]),
                significant=rng.random() < 0.1,
                personal_data_breach=breach,
                breach_risk=risk,
                not_notified_reason="Dane zaszyfrowane" if risk == "unlikely" else "",
                handler=officer,
                lessons_learned="Wnioski" if n >= 40 else "",
                closed_at=detected + timedelta(days=10) if n >= 40 else None,  # 40 still open
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=2000)
    IncidentReport.objects.bulk_create(
        [
            IncidentReport(
                incident=i,
                kind="nis2_early_warning" if i.significant else "gdpr_notification",
                submitted_at=i.aware_at + timedelta(hours=20),
                submitted_by=officer,
            )
            for i in Incident.objects.filter(number__startswith="INC.B")
            if i.significant or i.breach_risk in ("risk", "high")
        ]
    )
    # An approved Statement of Applicability whose entries list every linked risk and evidence
    # (the demo office's own draft makes way for it).
    for draft in SoaVersion.objects.filter(state__in=["draft", "submitted"]):
        soa_discard(version=draft)
    version = soa_generate(by=officer)
    version.entries.update(
        justification="Uzasadnienie z szacowania ryzyka", reasons=["risk"], applicable=True
    )
    soa_submit(version=version)
    soa_approve(version=version, by=officer)


def measure(repeat: int) -> None:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from magistrat.isms.models import Asset, Incident, RiskAssessment, RiskMatrix, RiskScenario, SoaVersion
    from magistrat.org.models import RoleAssignment

    print(
        f"assets {Asset.objects.count():,} · risks {RiskScenario.objects.count():,} · "
        f"incidents {Incident.objects.count():,}"
    )
    officer = RoleAssignment.objects.filter(role="security_officer").first().user
    busiest_owner = RiskScenario.objects.values("owner").annotate(n=Count("pk")).order_by("-n")[0]

    owner = get_user_model().objects.get(pk=busiest_owner["owner"])
    assessment = RiskAssessment.objects.order_by("-assessed_on").first()
    matrix = RiskMatrix.objects.get(is_default=True)
    soa = SoaVersion.objects.get(state="approved")

    officer_client = signed_in_client(officer)
    owner_client = Client()
    owner_client.force_login(owner)

    officer_urls = [
        "/",
        "/isms/",
        "/isms/assets/",
        "/isms/assets/?page=50",
        "/isms/assets/?q=serwer",
        "/isms/assets/?kind=software&classification=internal",
        "/isms/assets/?review=due",
        "/isms/risks/",
        "/isms/risks/?page=200",
        "/isms/risks/?q=Ransomware",
        "/isms/risks/?sign_off=missing",
        "/isms/risks/?sign_off=unacceptable&treatment=retain",
        "/isms/risks/?residual=3-3",
        f"/isms/risks/heatmap/?matrix={matrix.pk}",
        "/isms/assessments/",
        f"/isms/assessments/{assessment.pk}/",
        "/isms/controls/",
        "/isms/controls/?status=implemented",
        "/isms/incidents/",
        "/isms/incidents/?state=all",
        "/isms/incidents/?state=all&page=40",
        "/isms/breaches/",
        "/isms/soa/",
        f"/isms/soa/{soa.number}/",
        "/isms/gdpr/activities/",
        "/isms/gdpr/requests/?state=all",
        "/isms/mine/",
    ]
    owner_urls = ["/", "/isms/mine/"]
    worst = 0.0
    for who, client, urls in (
        ("security officer", officer_client, officer_urls),
        (f"risk owner ({busiest_owner['n']} risks)", owner_client, owner_urls),
    ):
        for url in urls:
            client.get(url)  # warm-up
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            p95 = percentile(times, 0.95)
            worst = max(worst, p95)
            print(f"{who:28} {url:56} p50 {statistics.median(times):5.0f} ms  p95 {p95:5.0f} ms")
    print(f"worst p95: {worst:.0f} ms (target < 300 ms: {'OK' if worst < 300 else 'NOT MET'})")

    linked = sum(len(e.linked_risks) for e in soa.entries.all())
    for fmt in ("xlsx", "pdf"):
        started = time.perf_counter()
        response = officer_client.get(f"/isms/soa/{soa.number}/export.{fmt}")
        seconds = time.perf_counter() - started
        assert response.status_code == 200
        verdict = "OK" if seconds < 10 else "NOT MET"
        print(
            f"SoA v{soa.number} {fmt.upper()}: {seconds:.1f} s, {len(response.content) / 1024:,.0f} KiB, "
            f"93 controls, {linked:,} risk links (target < 10 s: {verdict})"
        )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--assets", type=int, default=5_000)
    parser.add_argument("--risks", type=int, default=20_000)
    parser.add_argument("--incidents", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep the database prepared by an earlier run")
    args = parser.parse_args()
    if not args.reuse:
        prepare(args.assets, args.risks, args.incidents)
        # Measure in a fresh process, as a server worker would be: not one holding the generator's objects.
        command = [sys.executable, __file__, "--reuse", "--repeat", str(args.repeat)]
        sys.exit(subprocess.run(command, check=False).returncode)
    setup_django()
    measure(args.repeat)


if __name__ == "__main__":
    main()

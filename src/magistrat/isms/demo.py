"""The demo office's information security records (isms/data/demo_isms.yaml): assets with their
dependencies, a risk assessment with a treatment plan and sign-offs, applied controls with
evidence, an approved Statement of Applicability and its next draft, incidents with their
clocks, the record of processing and data subject requests. Written through the services, so
the records pass the same checks as the ones users enter, each step as the person who takes it
(the owner signs off a risk, leadership approves the SoA), so records and audit trail agree."""

from datetime import timedelta

from django.utils import timezone

from magistrat.core.audit import audit_context
from magistrat.core.demo import DemoContext
from magistrat.core.reference import load_yaml
from magistrat.core.uploads import CheckedFile
from magistrat.isms.models import (
    AppliedControl,
    Asset,
    CatalogueEntry,
    ControlCheck,
    Evidence,
    Incident,
    IncidentReport,
    ProcessingActivity,
    RiskMatrix,
    RiskScenario,
    TreatmentTask,
)
from magistrat.isms.services import assets, controls, gdpr, incidents, risks, soa
from magistrat.org.models import Office


def seed(context: DemoContext) -> None:
    data = load_yaml("isms", "demo_isms.yaml")
    heads = context.shared["heads"]
    officer = heads["PBI"].user
    leader = heads["SM"].user

    def owner(code: str):
        return heads[code].user

    with audit_context(user=officer):
        by_code = _assets(data, context, owner)
        applied = _controls(data, owner, officer)
        _risks(data, context, owner, officer, by_code, applied)
        _soa(officer, leader)
        _incidents(context, officer, by_code)
        _gdpr(data, context, owner, officer, by_code)
    context.shared.update(security_officer=officer)


def _assets(data, context, owner) -> dict[str, Asset]:
    by_code: dict[str, Asset] = {}
    units = context.shared["units"]
    for index, (code, name, kind, unit, c, i, a, classification, depends) in enumerate(data["assets"]):
        asset = Asset(
            code=code,
            name=name,
            kind=kind,
            owner=owner(unit),
            unit=units[unit],
            confidentiality=c,
            integrity=i,
            availability=a,
            classification=classification,
            # A few reviews fall due this week, so the owners' home pages show them.
            review_due=context.today + timedelta(days=3 if index % 7 == 0 else 90 + index * 9),
        )
        by_code[code] = assets.asset_save(asset=asset, depends_on=[by_code[d] for d in depends])
    return by_code


def _controls(data, owner, officer) -> dict[str, AppliedControl]:
    applied = {}
    for name, ref, status, unit in data["controls"]:
        reference = CatalogueEntry.objects.get(catalogue__code="iso27001", ref=ref)
        control = controls.control_save(
            control=AppliedControl(name=name, reference=reference, status=status, owner=owner(unit))
        )
        applied[ref] = control
    backup = applied["A.8.13"]
    evidence = controls.evidence_save(
        evidence=Evidence(control=backup, title="Raport z testu odtworzenia kopii", review_every_months=3),
        user=officer,
    )
    report = b"Test odtworzenia kopii systemu podatkowego: odtworzono 100% danych w 2 h 15 min.\n"
    controls.evidence_upload(evidence=evidence, file=_text_file("test-odtworzenia.txt", report), by=officer)
    check = controls.check_save(
        check=ControlCheck(
            control=backup,
            title="Kwartalny test odtworzenia kopii",
            procedure="Odtworzyć losowo wybrany system w środowisku testowym i porównać sumy kontrolne.",
            every_months=3,
            next_due=timezone.localdate() - timedelta(days=40),
        )
    )
    controls.check_result_record(
        check=check, performed_on=timezone.localdate() - timedelta(days=10), outcome="passed", by=officer
    )
    policy = controls.evidence_save(
        evidence=Evidence(control=applied["A.5.1"], title="Polityka bezpieczeństwa informacji (zarządzenie)"),
        user=officer,
    )
    controls.evidence_upload(
        evidence=policy,
        file=_text_file(
            "polityka-bi.txt",
            "Zarządzenie Prezydenta Miasta w sprawie polityki bezpieczeństwa informacji.\n".encode(),
        ),
        by=officer,
    )
    return applied


def _text_file(name: str, content: bytes) -> CheckedFile:
    import hashlib

    return CheckedFile(
        name=name,
        kind="txt",
        content_type="text/plain",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        data=content,
    )


def _risks(data, context, owner, officer, by_code, applied) -> None:
    spec = data["assessment"]
    assessment = risks.assessment_create(
        title=spec["title"],
        scope=spec["scope"],
        participants=spec["participants"],
        assessed_on=context.today - timedelta(days=spec["days_ago"]),
        matrix=RiskMatrix.objects.get(is_default=True),
        unit=context.shared["units"]["PBI"],
    )
    for index, (title, unit, asset_codes, threat, vulnerability, ratings, treatment, refs) in enumerate(
        data["risks"]
    ):
        il, ii, cl, ci, rl, ri = ratings
        scenario = risks.risk_save(
            scenario=RiskScenario(
                assessment=assessment,
                title=title,
                threat=threat,
                vulnerability=vulnerability,
                existing_controls="; ".join(
                    applied[r].name for r in refs if applied[r].status == "implemented"
                ),
                inherent_likelihood=il,
                inherent_impact=ii,
                current_likelihood=cl,
                current_impact=ci,
                residual_likelihood=rl,
                residual_impact=ri,
                treatment=treatment,
                owner=owner(unit),
            ),
            assets=[by_code[c] for c in asset_codes],
            controls=[applied[r] for r in refs],
            by=officer,
        )
        for ref in refs:
            control = applied[ref]
            if control.status != AppliedControl.Status.IMPLEMENTED:
                # One task is already late, so the demo's home pages show an overdue task.
                due = context.today + timedelta(days=-5 if index == 0 else 30 + 15 * index)
                task = TreatmentTask(
                    scenario=scenario,
                    title=f"Wdrożyć: {control.name}",
                    owner=control.owner,
                    due_on=context.today,
                    control=control,
                )
                risks.task_save(task=task, by=officer)
                # The service refuses a new task with a past deadline; the demo backdates one
                # as if it had been planned months ago.
                TreatmentTask.objects.filter(pk=task.pk).update(due_on=due)
        if index % 3 != 0:  # most owners have signed off; the first, fourth and seventh still must
            scenario.refresh_from_db()
            with audit_context(user=scenario.owner):  # the owner signs, so the trail names the owner
                risks.risk_sign_off(
                    scenario=scenario,
                    user=scenario.owner,
                    justification=(
                        "Plan postępowania zaakceptowany; ryzyko rezydualne w granicach akceptacji."
                    ),
                    expires_on=context.today + timedelta(days=365),
                )


def _soa(officer, leader) -> None:
    version = soa.soa_generate(
        by=officer, scope="Urząd Miasta Wiślin: obsługa mieszkańców, systemy dziedzinowe, infrastruktura IT."
    )
    for entry in version.entries.select_related("control"):
        if entry.applicable:
            reasons, text = (
                entry.reasons or ["best_practice"],
                "Stosowane: wynika z szacowania ryzyka i wymagań KRI § 20.",
            )
        elif entry.control.ref in ("A.7.5", "A.8.30"):
            reasons, text = (
                [],
                "Nie dotyczy: urząd nie prowadzi własnego rozwoju oprogramowania zleconego w tym zakresie.",
            )
            entry.applicable = False
        else:
            entry.applicable = True
            reasons, text = ["legal"], "Stosowane: wymóg rozporządzenia KRI § 20 ust. 2."
        soa.soa_entry_update(entry=entry, applicable=entry.applicable, reasons=reasons, justification=text)
    soa.soa_submit(version=version)
    with audit_context(user=leader):  # leadership approves: the trail names the approver
        soa.soa_approve(version=version, by=leader, note="Zatwierdzono na przeglądzie zarządzania.")
    soa.soa_generate(by=officer)  # the next draft, refreshed from today's data


def _incidents(context, officer, by_code) -> None:
    now = timezone.now()
    closed = incidents.incident_save(
        incident=Incident(
            title="Phishing: przejęte konto pocztowe w Wydziale Finansowym",
            description=(
                "Pracownik podał hasło na fałszywej stronie; z konta wysłano 300 wiadomości z linkiem."
            ),
            detected_at=now - timedelta(days=60, hours=3),
            aware_at=now - timedelta(days=60, hours=2),
            severity=Incident.Severity.MEDIUM,
            handler=officer,
            measures="Zablokowano konto, zresetowano hasło, włączono MFA, ostrzeżono pracowników.",
        ),
        assets=[by_code["SW-POCZTA"]],
    )
    incidents.incident_entry_add(
        incident=closed, kind="event", at=closed.aware_at, text="Zgłoszenie z Referatu Budżetu.", by=officer
    )
    incidents.incident_close(
        incident=closed,
        lessons_learned="Wdrożyć MFA dla wszystkich kont pocztowych; szkolenie przypominające.",
    )
    significant = incidents.incident_save(
        incident=Incident(
            title="Niedostępność systemu podatkowego po ataku DDoS",
            description=(
                "Atak DDoS na łącze urzędu; system podatkowy niedostępny przez 9 godzin "
                "w ostatnim dniu płatności raty."
            ),
            detected_at=now - timedelta(days=20, hours=6),
            aware_at=now - timedelta(days=20, hours=5),
            severity=Incident.Severity.HIGH,
            significant=True,
            suspected_malicious=True,
            handler=officer,
            consequences="Mieszkańcy nie mogli sprawdzić zaległości ani zapłacić online.",
            measures="Filtrowanie ruchu u operatora, przedłużenie terminu płatności zarządzeniem.",
        ),
        assets=[by_code["SW-PODATKI"], by_code["NET-LAN"]],
    )
    incidents.incident_report_record(
        incident=significant,
        kind=IncidentReport.Kind.NIS2_EARLY_WARNING,
        submitted_at=significant.aware_at + timedelta(hours=6),
        reference="CSIRT-2026-1182",
        by=officer,
    )
    incidents.incident_report_record(
        incident=significant,
        kind=IncidentReport.Kind.NIS2_NOTIFICATION,
        submitted_at=significant.aware_at + timedelta(hours=50),
        reference="CSIRT-2026-1182",
        by=officer,
    )
    breach = incidents.incident_save(
        incident=Incident(
            title="Wysłanie decyzji podatkowej do niewłaściwego adresata",
            description="Decyzja z danymi podatnika trafiła pocztą na adres innej osoby.",
            detected_at=now - timedelta(hours=30),
            aware_at=now - timedelta(hours=28),
            severity=Incident.Severity.MEDIUM,
            personal_data_breach=True,
            breach_risk=Incident.BreachRisk.RISK,
            breach_data_categories="Imię, nazwisko, adres, wysokość zobowiązania podatkowego",
            breach_subjects=1,
            breach_records=1,
            consequences="Ujawnienie sytuacji majątkowej osobie nieuprawnionej.",
            measures="Kontakt z adresatem, odzyskanie przesyłki, pouczenie pracownika.",
            handler=officer,
        ),
        assets=[by_code["INF-PODATNICY"]],
    )
    incidents.incident_entry_add(
        incident=breach,
        kind="action",
        at=breach.aware_at + timedelta(hours=1),
        text="Odzyskać przesyłkę od adresata i sporządzić notatkę",
        owner=officer,
        due_on=context.today + timedelta(days=2),
        by=officer,
    )


def _gdpr(data, context, owner, officer, by_code) -> None:
    office = Office.objects.get()
    controller = (
        f"Prezydent Miasta {office.city}, {office.address}; Inspektor Ochrony Danych: iod@wislin.example.pl"
    )
    for spec in data["activities"]:
        gdpr.activity_save(
            activity=ProcessingActivity(
                name=spec["name"],
                unit=context.shared["units"][spec["unit"]],
                controller=controller,
                purposes=spec["purposes"],
                legal_basis=spec["legal_basis"],
                data_subjects=spec["data_subjects"],
                data_categories=spec["data_categories"],
                recipients=spec["recipients"],
                erasure=spec["erasure"],
                transfers="Nie dotyczy",
                security=(
                    "Zgodnie z polityką bezpieczeństwa informacji: kontrola dostępu, szyfrowanie, "
                    "kopie zapasowe, rejestrowanie zdarzeń."
                ),
            ),
            systems=[by_code[c] for c in spec["systems"]],
        )
    handler = owner("IOD")
    now = timezone.now()
    gdpr.dsr_register(
        right="access",
        received_at=now - timedelta(days=24),
        requester="Jan Mieszkański",
        contact="jan.m@example.pl",
        description="Prośba o kopię danych przetwarzanych w ewidencji ludności.",
        handler=handler,
        activity=ProcessingActivity.objects.get(name__startswith="Ewidencja"),
    )
    extended = gdpr.dsr_register(
        right="erasure",
        received_at=now - timedelta(days=20),
        requester="Anna Przykładowa",
        contact="ul. Leśna 4, Wiślin",
        description="Żądanie usunięcia nagrań monitoringu z jej wizerunkiem.",
        handler=handler,
    )
    with audit_context(user=handler):  # the data protection officer handles the requests
        gdpr.dsr_extend(
            request=extended,
            extended_to=context.today + timedelta(days=40),
            reason="Konieczność przeglądu nagrań z 30 kamer.",
            notified_at=now - timedelta(days=2),
        )
    done = gdpr.dsr_register(
        right="rectification",
        received_at=now - timedelta(days=50),
        requester="Piotr Poprawny",
        contact="piotr@example.pl",
        description="Sprostowanie adresu w systemie podatkowym.",
        handler=handler,
    )
    with audit_context(user=handler):
        gdpr.dsr_complete(request=done, outcome="fulfilled", reply="Adres sprostowano.")

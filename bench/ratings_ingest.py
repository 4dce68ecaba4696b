"""Benchmark: rating ingestion over HTTP on PostgreSQL, with deliberate resends and a final count.

Target (issue: resident service): at least 1,000 ratings/s sustained for 60 s from concurrent
clients, zero lost and zero duplicated. The script starts gunicorn (2 workers) on a fresh
PostgreSQL database, registers kiosk devices, then runs client processes whose threads act as
kiosks: each POSTs ratings with its own client ids, by default in batches of 25 as a kiosk sends
its queue (`--batch 1`: one rating per request); 10% of the ratings resend an id already
acknowledged. At the end it compares the distinct ids acknowledged with the rows stored.

Run: .venv/bin/python bench/ratings_ingest.py [--seconds 60] [--clients 3] [--threads 8] [--batch 25]
Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/magistrat_bench).
"""

import argparse
import http.client
import json
import multiprocessing
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime

DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/magistrat_bench")


def magistrat(env, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "magistrat", *args], env=env, check=True, **kwargs)


def prepare(env, devices: int) -> list[str]:
    subprocess.run(
        ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB_URL.rsplit("/", 1)[1]], check=True
    )
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_URL.rsplit("/", 1)[1]], check=True)
    magistrat(env, "migrate", "-v", "0")
    code = f"""
from magistrat.core.models import User
from magistrat.feedback.models import ServicePoint, Survey
from magistrat.feedback.services.devices import device_issue
from magistrat.org.models import Unit
user = User.objects.create(username="bench")
unit = Unit.objects.create(code="BOM", name="Biuro Obsługi Mieszkańców")
survey = Survey.objects.get(slug="desk")
tokens = []
for n in range({devices}):
    point = ServicePoint.objects.create(
        code=f"B-{{n:03d}}", name=f"Stanowisko {{n}}", unit=unit, survey=survey)
    tokens.append(device_issue(point=point, name=f"Tablet {{n}}", user=user)[1])
print("\\n".join(tokens))
"""
    out = magistrat(env, "shell", "-v", "0", "-c", code, capture_output=True, text=True).stdout
    return out.split()


def client_process(port, tokens, seconds, threads, batch, queue):
    acknowledged, latencies, errors, ratings_sent, requests_sent = set(), [], [], 0, 0
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    path = "/api/v1/feedback/kiosk/ratings/batch" if batch > 1 else "/api/v1/feedback/kiosk/ratings"

    def worker(index):
        nonlocal ratings_sent, requests_sent
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        rng = random.Random(index)
        mine: list[str] = []
        token = tokens[index % len(tokens)]  # one tablet per thread, as in an office
        while time.monotonic() < deadline:
            ratings = []
            for _ in range(batch):
                resend = mine and rng.random() < 0.10  # a deliberate resend of an acknowledged rating
                ratings.append(
                    {
                        "client_id": rng.choice(mine) if resend else str(uuid.UUID(int=rng.getrandbits(128))),
                        "submitted_at": datetime.now(UTC).isoformat(),
                        "answers": {"csat": rng.choice([1, 2, 3, 4, 4, 5, 5, 5])},
                    }
                )
            body = json.dumps({"ratings": ratings} if batch > 1 else ratings[0])
            started = time.perf_counter()
            try:
                connection.request(
                    "POST",
                    path,
                    body,
                    {"Content-Type": "application/json", "X-Kiosk-Token": token, "Host": "127.0.0.1"},
                )
                response = connection.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(repr(exc))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            elapsed = time.perf_counter() - started
            if batch > 1 and response.status == 200:
                statuses = [(r["client_id"], r["status"]) for r in json.loads(payload)["results"]]
            else:
                statuses = [(ratings[0]["client_id"], response.status)]
            with lock:
                requests_sent += 1
                ratings_sent += len(ratings)
                latencies.append(elapsed)
                for client_id, status in statuses:
                    if status in (200, 201):
                        acknowledged.add(client_id)
                        mine.append(client_id)
                    else:
                        errors.append(str(status))

    pool = [threading.Thread(target=worker, args=(i + os.getpid() * 1000,)) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put((list(acknowledged), latencies, errors, ratings_sent, requests_sent))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--clients", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument(
        "--batch",
        type=int,
        default=25,
        help="ratings per request (a kiosk flushing its queue); 1: one by one",
    )
    args = parser.parse_args()

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    data_dir = tempfile.mkdtemp()
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.update(
        DATABASE_URL=DB_URL,
        DATA_DIR=data_dir,
        MAGISTRAT_ENV="development",
        LOG_LEVEL="WARNING",
        KIOSK_RATINGS_PER_MINUTE="1000000",
        ALLOWED_HOSTS="127.0.0.1",
    )
    tokens = prepare(env, args.devices)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "magistrat.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        queue = multiprocessing.Queue()
        processes = [
            multiprocessing.Process(
                target=client_process, args=(port, tokens, args.seconds, args.threads, args.batch, queue)
            )
            for _ in range(args.clients)
        ]
        started = time.monotonic()
        for process in processes:
            process.start()
        results = [queue.get() for _ in processes]
        for process in processes:
            process.join()
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    acknowledged = set().union(*(set(r[0]) for r in results))
    latencies = sorted(x for r in results for x in r[1])
    errors = [x for r in results for x in r[2]]
    sent = sum(r[3] for r in results)
    requests = sum(r[4] for r in results)
    count = (
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-At",
                "-d",
                DB_URL.rsplit("/", 1)[1],
                "-c",
                "SELECT count(*), count(DISTINCT client_id) FROM feedback_response",
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .split("|")
    )
    stored, distinct = int(count[0]), int(count[1])
    rate = sent / wall
    p95 = latencies[int(len(latencies) * 0.95)] * 1000 if latencies else 0
    verdict = "OK" if rate >= 1000 else "NOT MET"
    print(f"ratings sent: {sent} in {wall:.1f} s = {rate:.0f}/s (target >= 1000/s: {verdict})")
    print(f"requests: {requests} ({args.batch} ratings each) = {requests / wall:.0f}/s")
    print(f"request latency: median {statistics.median(latencies) * 1000:.1f} ms, p95 {p95:.1f} ms")
    print(
        f"distinct ratings acknowledged: {len(acknowledged)}; stored rows: {stored} ({distinct} distinct ids)"
    )
    lost = max(0, len(acknowledged) - distinct)
    print(f"lost: {lost}; duplicated: {stored - distinct}; errors: {len(errors)} {sorted(set(errors))[:5]}")
    ok = stored == distinct == len(acknowledged) and not errors
    print("zero lost, zero duplicated:", "OK" if ok else "FAILED")


if __name__ == "__main__":
    main()

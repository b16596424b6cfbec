"""A bounded load test: gunicorn with several workers on a free port, and clients requesting
a mix of pages, API lists and details, and searches, for a fixed number of requests or seconds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trial_summaries \\
        .venv/bin/python -m benchmarks.load_test --workers 2 --clients 4 --seconds 10

prints the requests, the errors (any status but 200, or no answer) and the latency
percentiles, and exits 1 when there was any error. The database must hold the demo content
(`manage.py load_demo`). The server's API rate limit is raised (`--api-rate`): every request
comes from one address.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from itertools import cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_INTERVENTION = "allogeneic-bone-marrow-derived-mesenchymal-stromal-cells-from-selected-donors"
DEMO_TRIAL = "2025-520841-60-00"
PATHS = [
    "/en/",
    f"/en/interventions/{DEMO_INTERVENTION}/",
    f"/it/interventions/{DEMO_INTERVENTION}/",
    "/en/glossary/",
    "/en/search/?q=bone",
    "/api/v1/trials/",
    f"/api/v1/trials/{DEMO_TRIAL}/",
    f"/api/v1/interventions/{DEMO_INTERVENTION}/summary/?lang=it",
    "/api/v1/trials/?q=fracture",
    "/api/v1/conditions/",
    "/healthz",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port, workers, env, log):
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
        # Its own process group, stopped whole, and its own output: a worker left behind
        # must not keep this script's output open for whoever reads it.
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server):
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    except ProcessLookupError:
        pass


def run_clients(base, clients, *, requests=None, seconds=None):
    """(latencies in seconds, errors as 'path: reason') of every request made."""
    latencies, errors = [], []
    lock = threading.Lock()
    counter = iter(range(requests)) if requests else None
    deadline = time.monotonic() + seconds if seconds else None

    def client(offset):
        paths = cycle(PATHS[offset % len(PATHS) :] + PATHS[: offset % len(PATHS)])
        while True:
            with lock:
                if counter is not None and next(counter, None) is None:
                    return
            if deadline is not None and time.monotonic() >= deadline:
                return
            path = next(paths)
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + path, timeout=30) as response:
                    response.read()
                    problem = None if response.status == 200 else f"status {response.status}"
            except urllib.error.HTTPError as error:
                problem = f"status {error.code}"
            except (urllib.error.URLError, OSError) as error:
                problem = f"no answer ({error})"
            with lock:
                latencies.append(time.perf_counter() - started)
                if problem:
                    errors.append(f"{path}: {problem}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def percentile(ordered, share):
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--clients", type=int, default=4, help="simultaneous clients (4)")
    bound = parser.add_mutually_exclusive_group()
    bound.add_argument("--requests", type=int, help="stop after this many requests")
    bound.add_argument("--seconds", type=float, help="stop after this long (10 s by default)")
    parser.add_argument("--api-rate", default="1000000/minute", help="the server's API_ANON_RATE")
    args = parser.parse_args(argv)
    if args.requests is None and args.seconds is None:
        args.seconds = 10.0
    env = {**os.environ, "API_ANON_RATE": args.api_rate, "DJANGO_STATIC_MANIFEST": "0"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    port = free_port()
    log = tempfile.TemporaryFile()
    server = start_server(port, args.workers, env, log)
    try:
        started = time.monotonic()
        latencies, errors = run_clients(
            f"http://127.0.0.1:{port}", args.clients, requests=args.requests, seconds=args.seconds
        )
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
        log.seek(0)
        server_log = log.read().decode(errors="replace").strip()
        log.close()
    ordered = sorted(latencies)
    print(
        f"{len(latencies)} requests in {elapsed:.1f} s ({len(latencies) / elapsed:.1f}/s) "
        f"from {args.clients} clients to {args.workers} workers, {len(errors)} errors"
    )
    print(
        "latency ms: "
        + ", ".join(f"p{int(s * 100)} {percentile(ordered, s):.1f}" for s in (0.5, 0.9, 0.99))
        + f", max {percentile(ordered, 1.0):.1f}"
    )
    for error in sorted(set(errors))[:20]:
        print(f"error: {error}", file=sys.stderr)
    if errors and server_log:
        print(f"server log:\n{server_log[-4000:]}", file=sys.stderr)
    return 1 if errors or not latencies else 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast the site serves readers: gunicorn with one worker on a registry-scale database
(`benchmarks.registry_dataset`), a static file and each kind of page, uncached then cached,
measured in the same run with the same load generator.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python -m benchmarks.site_benchmark --seconds 10

prints, for each page kind, requests per second, the median and 95th percentile latency, the
size of the response as the page is and as it was sent (every request accepts gzip, as
browsers and crawlers do) and the rate as a share of the static file's. The first pass runs with
the readers' cache off (`READER_CACHE_SECONDS=0`), the second with it on (warmed by one
request per address), each on a gunicorn of its own.
"""

import argparse
import gzip
import os
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
import psycopg

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "trial_summaries_registry"
STATIC = "/static/css/site.css"


@dataclass
class Result:
    kind: str
    path: str
    requests: int
    seconds: float
    latencies: list
    size: int  # as the page is
    sent: int  # as it travelled (compressed where the client took it)
    errors: int

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def median(self):
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")


def database_url(name):
    """The server's DATABASE_URL with the registry-scale database's name."""
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}"))


def page_paths(url):
    """One address of each kind, chosen from the database: the intervention with the most
    trials, one with a single trial, a trial, search terms rare to very common, trials near
    Lyon (amid the data set's French sites) and near Kansas City (its American ones)."""
    config = environ.Env.db_url_config(url)

    with psycopg.connect(
        dbname=config["NAME"],
        user=config["USER"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        password=config["PASSWORD"] or None,
    ) as connection:
        cursor = connection.cursor()

        def one(query):
            cursor.execute(query)
            row = cursor.fetchone()
            if row is None:
                raise SystemExit(f"The database {config['NAME']} has no rows for: {query}")
            return row[0]

        popular = one(
            "SELECT slug FROM trials_intervention WHERE state = 'published' "
            "ORDER BY trial_count DESC, slug LIMIT 1"
        )
        rare = one(
            "SELECT slug FROM trials_intervention WHERE state = 'published' AND trial_count = 1 "
            "ORDER BY slug LIMIT 1"
        )
        trial = one(
            "SELECT primary_identifier FROM trials_trial WHERE state = 'published' "
            "ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM trials_trial)"
        )
        common_condition = one(
            "SELECT name_en FROM trials_condition WHERE state = 'published' "
            "ORDER BY trial_count DESC LIMIT 1 OFFSET 20"
        )
        rare_word = one(
            "SELECT name_en FROM trials_intervention WHERE state = 'published' "
            "AND trial_count = 1 ORDER BY slug DESC LIMIT 1"
        )
    return [
        ("static file", STATIC),
        ("home", "/en/"),
        ("intervention, most trials", f"/en/interventions/{popular}/"),
        ("intervention, most trials, table page 3", f"/en/interventions/{popular}/?page=3"),
        ("intervention, one trial", f"/en/interventions/{rare}/"),
        ("trial", f"/en/trials/{trial}/"),
        ("search, rare", "/en/search/?" + urllib.parse.urlencode({"q": rare_word})),
        ("search, common", "/en/search/?" + urllib.parse.urlencode({"q": common_condition})),
        ("search, very common", "/en/search/?q=study"),
        ("search, near Lyon (50 km)", "/en/search/?near=Lyon"),
        (
            "search, near Lyon (250 km), recruiting",
            "/en/search/?near=Lyon&within=250&status=recruiting",
        ),
        (
            "search, near coordinates (100 km)",
            "/en/search/?latitude=39.1&longitude=-94.58&within=100",
        ),
        ("API list, 100 trials", "/api/v1/trials/?page_size=100"),
        ("API list near Lyon, 100 trials", "/api/v1/trials/?page_size=100&near_city=Lyon"),
        (
            "API list near a point (250 km), 100",
            "/api/v1/trials/?page_size=100&near=45.764,4.8357&within_km=250",
        ),
        ("API summary", f"/api/v1/interventions/{popular}/summary/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap file", "/sitemap-trials.xml?p=2"),
        ("feed", "/en/feeds/trials/"),
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn, one sync worker, production settings, on the registry-scale database."""

    def __init__(self, url, *, cached):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "READER_CACHE_SECONDS": "86400" if cached else "0",
            # Throttled as in production (a cache read and write per request), never refused.
            "API_ANON_RATE": "1000000/minute",
        }
        self.process = None

    def __enter__(self):
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        self.process = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "120",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url(STATIC), timeout=5).read()
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"


def measure(server, kind, path, seconds, clients):
    """`clients` threads requesting `path` one after the other for `seconds`."""
    latencies, sent, errors = [], [], [0]
    # One body, opened after the run: decompressing each would count the client's work.
    sample = {}
    # As browsers and crawlers ask.
    request = urllib.request.Request(server.url(path), headers={"Accept-Encoding": "gzip"})
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client():
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    body = response.read()
                    encoding = response.headers.get("Content-Encoding")
            except (urllib.error.URLError, ConnectionError):
                with lock:
                    errors[0] += 1
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                sent.append(len(body))
                sample.setdefault("body", (body, encoding))

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    body, encoding = sample.get("body", (b"", None))
    return Result(
        kind,
        path,
        len(latencies),
        elapsed,
        latencies,
        len(gzip.decompress(body)) if encoding == "gzip" else len(body),
        max(sent, default=0),
        errors[0],
    )


def report(title, results):
    static = results[0].rate
    print(f"\n{title}")
    print(
        f"  {'page':<42} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7} {'sent KB':>8} "
        f"{'x static':>9}"
    )
    for result in results:
        ratio = result.rate / static if static else 0.0
        errors = f"  ({result.errors} errors)" if result.errors else ""
        print(
            f"  {result.kind:<42} {result.rate:8.1f} {result.median:8.1f} "
            f"{result.percentile(0.95):8.1f} {result.size / 1024:7.1f} {result.sent / 1024:8.1f} "
            f"{ratio:9.2f}{errors}"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.site_benchmark")
    parser.add_argument("--database-name", default=DEFAULT_DATABASE)
    parser.add_argument("--seconds", type=float, default=10, help="per page kind (default 10)")
    parser.add_argument("--clients", type=int, default=1, help="concurrent clients (default 1)")
    options = parser.parse_args(argv)
    url = database_url(options.database_name)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0"},
        check=True,
    )
    paths = page_paths(url)
    print(f"database {options.database_name}; {options.clients} clients, {options.seconds} s each")
    failed = False
    for title, cached in (("uncached", False), ("cached", True)):
        with Server(url, cached=cached) as server:
            for _kind, path in paths:
                urllib.request.urlopen(server.url(path), timeout=120).read()
            results = [
                measure(server, kind, path, options.seconds, options.clients)
                for kind, path in paths
            ]
        report(title, results)
        failed = failed or any(result.errors or not result.requests for result in results)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

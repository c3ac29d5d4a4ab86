"""The portal's benchmark: `make bench` (and `make bench-restart`).

Builds its own PostgreSQL database (dropped and created anew for each run), loads the
real seed data and a clearly synthetic data set (`generate_synthetic_data`): a
hundredth of the full size for the "1x" run, the full 10,000 clusters and 50,000
cooperation requests for the "100x" run. Each run serves the portal with gunicorn (two
workers, DEBUG off) on 127.0.0.1 and loads each page with wrk (64 connections, a
bounded time per page) twice: as a visitor without a session, who is handed the shared
copy of the page (portal.page_cache), and as one with a session, for whom every page is
rendered. It reports requests per second and latency percentiles, each page's
throughput as a share of a trivial page's, queries per page, bytes per page and the
peak memory of a worker, then PASS or FAIL against the targets. Only 127.0.0.1 is ever
contacted.

With --restart it also restarts PostgreSQL under load and shows that the portal
recovers without restarting gunicorn. That disturbs everyone using the database
server: run it only when nobody else is.

Runs with the project's virtualenv and the standard library: `.venv/bin/python
bench/run.py --help`.
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "build" / "bench"
PYTHON = sys.executable
HOST = "127.0.0.1"
PG_PORT = 5432

# Bounds, so the benchmark always ends by itself.
COMMAND_TIMEOUT = 20 * 60
SERVER_START_SECONDS = 60
FETCH_TIMEOUT = 30

TARGETS = {
    # page key: the least share of the trivial page's requests per second
    "cluster-list-filtered": 0.50,
    "portrait": 0.60,
    "search": 0.40,
}
PORTRAIT_BUDGET_BYTES = 60 * 1024

# A session cookie, so that the portal renders each page instead of sharing a kept
# copy (portal.page_cache); the session itself does not exist.
RENDERED_COOKIE = "Cookie: sessionid=bench-visitor-with-a-session"

# The synthetic data set of the 1x run is a hundredth of the 100x one, so that both
# runs have cooperation requests and synthetic portraits on every page measured.
SMALL_SHARE = 100
WORKER_MEMORY_BUDGET_KB = 200 * 1024


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(arguments, environment, timeout=COMMAND_TIMEOUT, check=True, capture=False):
    result = subprocess.run(
        arguments,
        cwd=ROOT,
        env=environment,
        timeout=timeout,
        check=False,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
        text=True,
    )
    if check and result.returncode != 0:
        if capture:
            sys.stderr.write(result.stdout or "")
            sys.stderr.write(result.stderr or "")
        raise SystemExit(f"Failed ({result.returncode}): {' '.join(arguments)}")
    return result


def manage(environment, *arguments, capture=False, timeout=COMMAND_TIMEOUT):
    return run(
        [PYTHON, "manage.py", *arguments],
        environment,
        capture=capture,
        timeout=timeout,
    )


# Preparation ------------------------------------------------------------------------


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("wrk is missing; installing it from Debian's packages")
    if os.geteuid() != 0:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (as root)")
    run(["apt-get", "install", "-y", "-qq", "wrk"], dict(os.environ), check=False)
    if not shutil.which("wrk"):
        run(["apt-get", "update", "-qq"], dict(os.environ))
        run(["apt-get", "install", "-y", "-qq", "wrk"], dict(os.environ))


def postgres_version():
    versions = (
        sorted(os.listdir("/etc/postgresql"))
        if Path("/etc/postgresql").is_dir()
        else []
    )
    return versions[-1] if versions else "15"


def redis_available(url):
    try:
        import redis

        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        client.ping()
        client.flushdb()  # only the benchmark's own database number
        return True
    except Exception as error:
        log(f"Redis at {url} is not available ({error}); caching per worker instead")
        return False


def bench_environment(options):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
    }
    database_url = f"postgres://postgres@{HOST}:{PG_PORT}/{options.database}"
    environment.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        # A throwaway key for this benchmark's own server only.
        SECRET_KEY="bench-only-throwaway-key-" + os.urandom(24).hex(),
        ALLOWED_HOSTS=HOST,
        BENCHMARK_ENDPOINTS="true",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(OUTPUT / "static"),
        HOST=HOST,
        PORT=str(options.port),
        WEB_CONCURRENCY="2",
        # Workers are not recycled during the measurement, so their peak memory
        # covers every request of the run.
        GUNICORN_MAX_REQUESTS="0",
        LOG_LEVEL="WARNING",
    )
    environment.pop("REDIS_URL", None)
    redis_url = f"redis://{HOST}:6379/{options.redis_db}"
    if options.redis_db >= 0 and redis_available(redis_url):
        environment["REDIS_URL"] = redis_url
    return environment


def create_database(options, environment):
    log(f"Creating the database {options.database}")
    connection = ["-h", HOST, "-p", str(PG_PORT), "-U", "postgres"]
    run(["dropdb", *connection, "--if-exists", options.database], environment)
    run(["createdb", *connection, options.database], environment)


def psql(options, environment, sql):
    connection = ["-h", HOST, "-p", str(PG_PORT), "-U", "postgres", "-d"]
    return run(
        ["psql", *connection, options.database, "-qAt", "-c", sql],
        environment,
        capture=True,
    ).stdout.strip()


# The server -------------------------------------------------------------------------


class Server:
    """gunicorn with the project's gunicorn.conf.py, on 127.0.0.1 only."""

    def __init__(self, environment, port, log_path):
        self.environment = environment
        self.base = f"http://{HOST}:{port}"
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        self.log_file = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn"],
            cwd=ROOT,
            env=self.environment,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + SERVER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {self.log_path}")
            try:
                fetch(self.base + "/bench/ping/")
                return self
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"gunicorn did not answer in time; see {self.log_path}")

    def __exit__(self, *exc_info):
        # Quick shutdown: requests still queued from the load are dropped.
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log_file.close()

    def worker_pids(self):
        workers = []
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
            except OSError:
                continue
            if re.search(rf"^PPid:\s+{self.process.pid}$", text, re.MULTILINE):
                workers.append(int(status.parent.name))
        return sorted(workers)

    def worker_peak_memory_kb(self):
        """{worker pid: VmHWM in kB}: the most memory each worker has held."""
        peaks = {}
        for pid in self.worker_pids():
            try:
                text = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
            if found:
                peaks[pid] = int(found.group(1))
        return peaks


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT) as response:
        return response.status, dict(response.headers), response.read()


# Measuring --------------------------------------------------------------------------

WRK_LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output):
    requests_per_second = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(requests_per_second.group(1)) if requests_per_second else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "latency_ms": {
            f"p{percentile}": round(float(value) * UNIT_MS[unit], 2)
            for percentile, value, unit in WRK_LATENCY.findall(output)
        },
        "socket_errors": sum(int(n) for n in socket.groups()) if socket else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def wrk(url, options, duration=None, headers=()):
    arguments = [
        "wrk",
        "--latency",
        "-t2",
        f"-c{options.connections}",
        f"-d{duration or options.duration}s",
        "--timeout",
        "10s",
        *[argument for header in headers for argument in ("-H", header)],
        url,
    ]
    result = run(arguments, dict(os.environ), capture=True, timeout=300)
    return parse_wrk(result.stdout)


def page_bytes(server, path):
    """The page's size as sent (uncompressed) and gzip-compressed."""
    _status, _headers, body = fetch(server.base + path)
    return body, len(body), len(gzip.compress(body))


def portrait_weight(server, path):
    """HTML plus its stylesheets and scripts: raw bytes and as sent with gzip (the
    static files are precompressed by whitenoise)."""
    body, raw, compressed = page_bytes(server, path)
    html = body.decode("utf-8", "replace")
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', html)
    parts = [{"url": path, "raw": raw, "gzip": compressed}]
    for asset in assets:
        url = asset if asset.startswith("/") else "/" + asset
        _status, _headers, content = fetch(server.base + url)
        _status, headers, sent = fetch(server.base + url, {"Accept-Encoding": "gzip"})
        gzipped = len(sent) if headers.get("Content-Encoding") == "gzip" else None
        parts.append(
            {
                "url": url,
                "raw": len(content),
                "gzip": gzipped if gzipped is not None else len(content),
            }
        )
    return {
        "raw": sum(part["raw"] for part in parts),
        "gzip": sum(part["gzip"] for part in parts),
        "parts": parts,
    }


def sample_paths(environment):
    """The pages to measure, chosen from the data: a real (seed) portrait."""
    code = (
        "import json\n"
        "from django.db.models import Count\n"
        "from django.urls import NoReverseMatch, reverse\n"
        "from clusters.models import Cluster\n"
        "portrait = (Cluster.objects.published()"
        ".exclude(slug__startswith='synthetic-')"
        ".annotate(actor_count=Count('actors'))"
        ".order_by('-actor_count', 'slug').first())\n"
        "try:\n"
        "    search = reverse('search') + '?q=biotechnology'\n"
        "except NoReverseMatch:\n"
        "    search = '/clusters/?q=biotechnology'\n"
        "print(json.dumps({'portrait': portrait.get_absolute_url(), 'search': search}))"
    )
    output = manage(environment, "shell", "-c", code, capture=True).stdout
    found = json.loads(output.strip().splitlines()[-1])
    return {
        "trivial": "/bench/ping/",
        "home": "/",
        "cluster-list": "/clusters/",
        "cluster-list-filtered": "/clusters/?country=DE&field=biotechnology",
        "portrait": found["portrait"],
        "search": found["search"],
        "cooperation-board": "/cooperation/",
    }


def count_queries(environment, paths):
    keys = [key for key in paths if key != "trivial"]
    output = manage(
        environment,
        "bench_queries",
        "--json",
        *[paths[key] for key in keys],
        capture=True,
    ).stdout
    rows = json.loads(output.strip().splitlines()[-1])
    return dict(zip(keys, rows, strict=True))


def measure(label, environment, options):
    log(f"Measuring the {label} data set")
    counts = json.loads(
        manage(
            environment,
            "shell",
            "-c",
            "import json\n"
            "from clusters.models import Cluster, Region\n"
            "from cooperation.models import CooperationRequest\n"
            "print(json.dumps({'clusters': Cluster.objects.count(), "
            "'regions': Region.objects.count(), "
            "'requests': CooperationRequest.objects.count()}))",
            capture=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    paths = sample_paths(environment)
    queries = count_queries(environment, paths)

    # A fresh server per page: requests still queued from one page's load must not
    # slow the next page down. The peak memory is the highest of all these workers.
    pages, memory = {}, {}
    for key, path in paths.items():
        with Server(environment, options.port, OUTPUT / "gunicorn.log") as server:
            # Warm up process-level caches, connections and cached fragments; the
            # page's size is taken here, before the load.
            for _ in range(3):
                _body, raw, compressed = page_bytes(server, path)
            if key == "portrait":
                portrait = portrait_weight(server, path)
            log(f"  wrk {options.duration}s on {path}")
            result = wrk(server.base + path, options)
            result.update(path=path, bytes=raw, bytes_gzip=compressed)
            if key != "trivial":
                # As a visitor with a session of their own: rendered every time.
                log(f"  wrk {options.duration}s on {path}, rendered")
                result["rendered"] = wrk(
                    server.base + path, options, headers=[RENDERED_COOKIE]
                )
            result["queries"] = queries.get(key)
            pages[key] = result
            memory.update(server.worker_peak_memory_kb())

    return {
        "label": label,
        "counts": counts,
        "pages": pages,
        "portrait_weight": portrait,
        "worker_peak_kb": memory,
    }


def restart_under_load(environment, options):
    """Restart PostgreSQL during a wrk run; then load again without touching
    gunicorn. Reports the errors during and after."""
    version = postgres_version()
    log(f"Restart test: PostgreSQL {version} is restarted under load")
    with Server(environment, options.port, OUTPUT / "gunicorn.log") as server:
        path = sample_paths(environment)["portrait"]
        fetch(server.base + path)
        master = server.process.pid
        workers_before = server.worker_pids()

        def restart():
            time.sleep(4)
            log("  restarting PostgreSQL")
            run(
                [
                    "pg_ctlcluster",
                    "--skip-systemctl-redirect",
                    version,
                    "main",
                    "restart",
                ],
                dict(os.environ),
                timeout=120,
            )
            log("  PostgreSQL is back")

        restarter = threading.Thread(target=restart)
        restarter.start()
        # Rendered pages, so that every request needs the database.
        rendered = [RENDERED_COOKIE]
        during = wrk(server.base + path, options, duration=15, headers=rendered)
        restarter.join(timeout=150)
        after = wrk(server.base + path, options, duration=10, headers=rendered)
        status, _headers, _body = fetch(server.base + path)
        return {
            "path": path,
            "during": during,
            "after": after,
            "status_after": status,
            "gunicorn_master_kept": server.process.poll() is None
            and server.process.pid == master,
            "workers_before": workers_before,
            "workers_after": server.worker_pids(),
        }


# Reporting --------------------------------------------------------------------------


def errors_of(page):
    return page["socket_errors"] + page["non_2xx"]


def verdicts(run_result):
    pages = run_result["pages"]
    trivial = pages["trivial"]["rps"] or 1
    checks = []
    for key, share in TARGETS.items():
        ratio = pages[key]["rps"] / trivial
        checks.append(
            (
                f"{key} ≥ {share:.0%} of trivial rps",
                ratio >= share,
                f"{ratio:.0%}",
            )
        )
    errors = sum(
        errors_of(page) + (errors_of(page["rendered"]) if "rendered" in page else 0)
        for page in pages.values()
    )
    checks.append(("no errors (non-2xx, socket)", errors == 0, str(errors)))
    weight = run_result["portrait_weight"]["raw"]
    checks.append(
        (
            "portrait with CSS and scripts ≤ 60 KB (uncompressed)",
            weight <= PORTRAIT_BUDGET_BYTES,
            f"{weight / 1024:.1f} KB",
        )
    )
    peak = max(run_result["worker_peak_kb"].values(), default=0)
    checks.append(
        (
            "worker peak memory < 200 MB",
            peak < WORKER_MEMORY_BUDGET_KB,
            f"{peak / 1024:.0f} MB",
        )
    )
    return checks


def query_verdict(small, large):
    differing = [
        key
        for key, page in small["pages"].items()
        if page["queries"]
        and large["pages"][key]["queries"]
        and (
            page["queries"]["cold"] != large["pages"][key]["queries"]["cold"]
            or page["queries"]["warm"] != large["pages"][key]["queries"]["warm"]
        )
    ]
    return (
        "queries per page the same at 1x and 100x",
        not differing,
        ", ".join(differing) or "same",
    )


def table(run_result):
    pages = run_result["pages"]
    trivial = pages["trivial"]["rps"] or 1
    lines = [
        "| page | req/s | of trivial | p50 ms | p90 ms | p99 ms | errors "
        "| rendered req/s | rendered p50 ms | queries cold/warm | KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, page in pages.items():
        latency = page["latency_ms"]
        queries = page["queries"]
        query_text = f"{queries['cold']}/{queries['warm']}" if queries else "-"
        rendered = page.get("rendered")
        rendered_text = (
            f"{rendered['rps']:.0f} | {rendered['latency_ms'].get('p50', 0):.1f}"
            if rendered
            else "- | -"
        )
        lines.append(
            f"| {key} | {page['rps']:.0f} | {page['rps'] / trivial:.0%} | "
            f"{latency.get('p50', 0):.1f} | {latency.get('p90', 0):.1f} | "
            f"{latency.get('p99', 0):.1f} | {errors_of(page)} | {rendered_text} | "
            f"{query_text} | {page['bytes'] / 1024:.1f} |"
        )
    return "\n".join(lines)


def report(results, options):
    lines = [
        f"# Benchmark {datetime.datetime.now():%Y-%m-%d %H:%M}",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python "
        f"{platform.python_version()}; PostgreSQL {postgres_version()} on {HOST}; "
        f"gunicorn with 2 sync workers; wrk -t2 -c{options.connections} "
        f"-d{options.duration}s per page; cache: "
        f"{'Redis' if results['redis'] else 'local memory per worker'}.",
        "",
    ]
    all_checks = []
    for run_result in results["runs"]:
        counts = run_result["counts"]
        lines += [
            f"## {run_result['label']}: {counts['clusters']} clusters, "
            f"{counts['regions']} regions, {counts['requests']} cooperation requests",
            "",
            table(run_result),
            "",
        ]
        weight = run_result["portrait_weight"]
        lines.append(
            f"Portrait with CSS and scripts: {weight['raw'] / 1024:.1f} KB "
            f"uncompressed, {weight['gzip'] / 1024:.1f} KB with gzip ("
            + ", ".join(
                f"{part['url']} {part['raw'] / 1024:.1f} KB" for part in weight["parts"]
            )
            + ")."
        )
        peaks = ", ".join(
            f"{kb / 1024:.0f} MB" for kb in run_result["worker_peak_kb"].values()
        )
        lines += [f"Worker peak memory (VmHWM): {peaks}.", ""]
        checks = verdicts(run_result)
        lines += ["| target | result | measured |", "|---|---|---|"]
        for name, passed, measured in checks:
            lines.append(f"| {name} | {'PASS' if passed else 'FAIL'} | {measured} |")
        lines.append("")
        if run_result["label"] == "100x":
            all_checks += checks
    if len(results["runs"]) == 2:
        name, passed, measured = query_verdict(*results["runs"])
        lines += [
            f"Queries per page at 1x and 100x: {'PASS' if passed else 'FAIL'} "
            f"({measured}).",
            "",
        ]
        all_checks.append((name, passed, measured))
    restart = results.get("restart")
    if restart:
        lines += [
            "## PostgreSQL restart under load",
            "",
            f"{restart['path']}: during the restart {restart['during']['requests']} "
            f"requests, {errors_of(restart['during'])} errors; afterwards "
            f"{restart['after']['requests']} requests, {errors_of(restart['after'])} "
            f"errors; gunicorn kept running: {restart['gunicorn_master_kept']} "
            f"(workers {restart['workers_before']} → {restart['workers_after']}).",
            "",
        ]
        all_checks.append(
            (
                "recovers after a PostgreSQL restart",
                errors_of(restart["after"]) == 0 and restart["gunicorn_master_kept"],
                f"{errors_of(restart['after'])} errors after",
            )
        )
    return "\n".join(lines), all_checks


def prepare_data(options, environment, share):
    """A new database with the seed and 1/`share` of the synthetic data set."""
    create_database(options, environment)
    manage(environment, "migrate", "--no-input", "--verbosity", "0")
    manage(environment, "load_seed")
    manage(environment, "import_indicators")

    clusters = max(options.clusters // share, 1)
    log(f"Generating the synthetic data set: {clusters} clusters")
    started = time.monotonic()
    manage(
        environment,
        "generate_synthetic_data",
        f"--clusters={clusters}",
        f"--regions={max(clusters // 5, 1)}",
        f"--requests={options.requests // share}",
    )
    manage(environment, "recompute_scores")
    log(f"  generated and scored in {time.monotonic() - started:.0f} s")
    # As autovacuum would soon do on its own: the planner needs statistics.
    psql(options, environment, "VACUUM ANALYZE")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="portal_bench")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--redis-db", type=int, default=11, help="-1: no Redis")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--clusters", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--skip-large", action="store_true", help="only the 1x run")
    parser.add_argument(
        "--restart",
        action="store_true",
        help="also restart PostgreSQL under load (disturbs other users of it)",
    )
    options = parser.parse_args()
    if "bench" not in options.database:
        raise SystemExit("The benchmark database's name must contain 'bench'.")

    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "gunicorn.log").write_text("")
    ensure_wrk()
    environment = bench_environment(options)
    results = {"redis": "REDIS_URL" in environment, "runs": []}

    manage(environment, "collectstatic", "--no-input", "--verbosity", "0")
    prepare_data(options, environment, share=SMALL_SHARE)
    results["runs"].append(measure("1x", environment, options))

    if not options.skip_large:
        prepare_data(options, environment, share=1)
        results["runs"].append(measure("100x", environment, options))

    if options.restart:
        results["restart"] = restart_under_load(environment, options)

    text, checks = report(results, options)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M")
    (OUTPUT / f"results-{stamp}.md").write_text(text + "\n")
    (OUTPUT / f"results-{stamp}.json").write_text(json.dumps(results, indent=2))
    print()
    print(text)
    print("Summary:")
    for name, passed, measured in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {name}: {measured}")
    print(f"\nWritten to {OUTPUT}/results-{stamp}.md")
    return 0 if all(passed for _name, passed, _measured in checks) else 1


if __name__ == "__main__":
    sys.exit(main())

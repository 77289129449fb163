"""``make bench``: seed a large data set, serve it like production, load it with wrk.

1. Creates (or reuses, with --reuse) the database ``odop_bench`` on the local PostgreSQL:
   75 districts, 2,000 artisans, 50,000 products, 20,000 orders, by bulk inserts.
2. Starts gunicorn with production settings (DEBUG off, whitenoise manifest, Redis cache,
   persistent connections) on 127.0.0.1.
3. Runs wrk at 16 connections against a bare template view (the ceiling of our stack on
   this machine), home, a district microsite, a product page, a search and add-to-cart.
4. Counts the SQL queries each page makes, prints a table and writes
   bench/results/<date>.json.
5. The page cache under orders: the district page quiet, then while 10 stock writes a
   second (what 10 orders a second do) land on another district's product, both as a
   share of the ceiling.
6. Checkout throughput: bench/orders.py with 1 and 8 clients (its own database,
   ``odop_bench_orders`` or BENCH_ORDERS_DATABASE_URL).

``--part pages|cache|checkout`` runs one part; results are merged into the day's file.

Only loopback addresses are used; every load run is bounded in time.
"""

import argparse
import datetime as dt
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DB_NAME = os.environ.get("BENCH_DB", "odop_bench")
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
PORT = int(os.environ.get("BENCH_PORT", "8090"))
BASE = f"http://127.0.0.1:{PORT}"

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": REDIS_URL,
    "CELERY_BROKER_URL": REDIS_URL,
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "LANGUAGE_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
    "LOG_LEVEL": "WARNING",
    "SITE_ORIGIN": BASE,
    "TRUSTED_CLIENT_IP_HEADER": "",
}


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(PRODUCTION_ENV)
    env.update(extra)
    return env


def manage(*args: str) -> str:
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=_env(), capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


#: Today's bench data; ``--scale 10`` seeds ten times as much (500,000 products,
#: 200,000 orders) into the same database name.
PRODUCTS, ORDERS = 50_000, 20_000


def seed(reuse: bool, scale: int = 1) -> float:
    """Create and fill the bench database; returns the seconds it took (0 when reused)."""
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'") == "1"
    if reuse and exists:
        manage("migrate", "--no-input", "-v0")
        if psql("SELECT count(*) FROM catalog_product", DB_NAME) not in ("", "0"):
            print(f"reusing {DB_NAME}")
            return 0.0
    psql(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DB_NAME}"')
    started = time.perf_counter()
    manage("migrate", "--no-input", "-v0")
    manage("load_districts")
    if scale == 1:
        manage("seed_demo", "--products", str(PRODUCTS))
        manage("seed_orders", "--orders", str(ORDERS))
    else:  # Python builds today's rows, PostgreSQL copies them (demo/scale.py)
        print(
            manage(
                "seed_scale", "--products", str(PRODUCTS * scale), "--orders", str(ORDERS * scale)
            ),
            end="",
        )
    psql("ANALYZE", DB_NAME)  # fresh statistics, as autovacuum would give a live site
    took = time.perf_counter() - started
    print(f"seeded in {took:.0f} s")
    return took


class Server:
    """gunicorn with production settings, stopped on exit."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "odop_market.wsgi",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{PORT}",
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                str(ROOT / "bench" / "out" / "gunicorn.log"),
            ],
            cwd=ROOT,
            env=_env(),
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/healthz/", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start; see bench/out/gunicorn.log")

    def __exit__(self, *exc) -> None:
        if self.process:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)


def sample_urls() -> dict[str, str]:
    """Pick a real district, product and search from the bench data."""
    product_slug = psql(
        "SELECT p.slug FROM catalog_product p JOIN sellers_sellerprofile s ON s.id = p.seller_id "
        "JOIN catalog_district d ON d.id = p.district_id WHERE p.status = 'published' "
        "AND s.status = 'approved' AND d.slug = 'varanasi' ORDER BY p.id LIMIT 1",
        DB_NAME,
    )
    product_id = psql(f"SELECT id FROM catalog_product WHERE slug = '{product_slug}'", DB_NAME)
    return {
        "ceiling (robots.txt)": "/robots.txt",
        "home": "/",
        "district microsite": "/districts/varanasi/",
        "product page": f"/products/{product_slug}/",
        "search": "/search/?q=banarasi+saree",
        "add to cart": f"POST /cart/add/ product={product_id}",
    }


def _csrf_session() -> tuple[str, str]:
    """A csrftoken cookie and a matching token, from ``/csrf/`` as the site's script gets
    them (public catalogue pages carry no token, so that shared caches can keep them)."""
    with urllib.request.urlopen(f"{BASE}/csrf/") as response:
        cookies = response.headers.get_all("Set-Cookie") or []
        token = json.load(response)["token"]
    cookie = next(c.split(";")[0] for c in cookies if c.startswith("csrftoken="))
    return token, cookie


def _wrk_script(path: str) -> Path | None:
    if not path.startswith("POST "):
        return None
    url, form = path[5:].split(" ", 1)
    token, cookie = _csrf_session()
    script = ROOT / "bench" / "out" / "post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f'wrk.body = "{form}&quantity=1&csrfmiddlewaretoken={token}"\n'
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
        f'wrk.headers["Cookie"] = "{cookie}"\n'
        f'wrk.path = "{url}"\n'
    )
    return script


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * _UNITS[unit]


def run_wrk(path: str, seconds: int, connections: int) -> dict:
    script = _wrk_script(path)
    url = BASE + (path[5:].split(" ", 1)[0] if script else path)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    latency = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", out, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    error_count = int(errors.group(1)) if errors else 0
    if socket_errors:
        error_count += sum(map(int, socket_errors.groups()))
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": round(_ms(latency["50"]), 2),
        "p99_ms": round(_ms(latency["99"]), 2),
        "errors": error_count,
    }


def page_weight(path: str) -> dict[str, int]:
    """Bytes a browser downloads for a page's HTML, CSS and JS, gzip-compressed."""
    html = urllib.request.urlopen(BASE + path).read()
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    sizes = {"html": len(gzip.compress(html))}
    for asset in assets:
        request = urllib.request.Request(BASE + asset.decode(), headers={"Accept-Encoding": "gzip"})
        sizes[asset.decode().rsplit(".", 1)[1]] = len(urllib.request.urlopen(request).read())
    sizes["total"] = sum(sizes.values())
    return sizes


def query_counts(urls: dict[str, str]) -> dict[str, int]:
    """SQL queries per page, measured in-process against the bench database."""
    code = (
        "import json, sys, django; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.core.cache import cache\n"
        "client = Client()\n"
        "counts = {}\n"
        "for name, path in json.loads(sys.argv[1]).items():\n"
        "    cache.clear()\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        if path.startswith('POST '):\n"
        "            url, form = path[5:].split(' ', 1)\n"
        "            key, value = form.split('=')\n"
        "            client.post(url, {key: value, 'quantity': 1})\n"
        "        else:\n"
        "            client.get(path)\n"
        "    counts[name] = len(ctx.captured_queries)\n"
        "print(json.dumps(counts))\n"
    )
    out = subprocess.run(
        [PY, "-c", code, json.dumps(urls)],
        cwd=ROOT,
        env=_env(DJANGO_SETTINGS_MODULE="odop_market.settings", ALLOWED_HOSTS="testserver"),
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"counting queries failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


#: Stock writes a second during the "with orders" run: what 10 orders a second do.
WRITES_PER_SECOND = 10


def _other_district_product() -> str:
    """A live product outside Varanasi, given a stock that 10 writes a second never sells
    out (each write is an order's decrement: no in-stock or "only N left" change)."""
    product_id = psql(
        "SELECT p.id FROM catalog_product p JOIN catalog_district d ON d.id = p.district_id "
        "WHERE p.status = 'published' AND d.slug <> 'varanasi' ORDER BY p.id LIMIT 1",
        DB_NAME,
    )
    psql(f"UPDATE catalog_product SET stock = 1000000 WHERE id = {product_id}", DB_NAME)
    return product_id


class StockWriter(threading.Thread):
    """``WRITES_PER_SECOND`` committed stock decrements of one product, until stopped."""

    def __init__(self, product_id: str) -> None:
        super().__init__(daemon=True)
        self.product_id = product_id
        self.stop = threading.Event()
        self.writes = 0

    def run(self) -> None:
        import psycopg2

        conn = psycopg2.connect(DATABASE_URL)
        interval = 1 / WRITES_PER_SECOND
        next_at = time.perf_counter()
        with conn:
            while not self.stop.is_set():
                with conn.cursor() as cursor:
                    cursor.execute(
                        "UPDATE catalog_product SET stock = stock - 1 WHERE id = %s",
                        [self.product_id],
                    )
                conn.commit()
                self.writes += 1
                next_at += interval
                self.stop.wait(max(0.0, next_at - time.perf_counter()))
        conn.close()


def cache_under_orders(args) -> dict:
    """District page throughput quiet and with orders landing elsewhere, vs the ceiling."""
    district = "/districts/varanasi/"
    product_id = _other_district_product()
    with Server(args.workers):
        run_wrk("/robots.txt", 2, args.connections)
        ceiling = run_wrk("/robots.txt", args.seconds, args.connections)
        run_wrk(district, 2, args.connections)
        quiet = run_wrk(district, args.seconds, args.connections)
        writer = StockWriter(product_id)
        writer.start()
        try:
            time.sleep(1)
            loaded = run_wrk(district, args.seconds, args.connections)
        finally:
            writer.stop.set()
            writer.join()
    rows = {"ceiling (robots.txt)": ceiling, "district, quiet": quiet}
    rows[f"district, {WRITES_PER_SECOND} orders/s elsewhere"] = loaded
    print(f"\npage cache under orders ({args.workers} gunicorn workers, wrk -c{args.connections})")
    print(
        "{:32} {:>8} {:>7} {:>8} {:>8} {:>7}".format(
            "run", "req/s", "% ceil", "p50 ms", "p99 ms", "errors"
        )
    )
    for name, r in rows.items():
        share = 100 * r["requests_per_s"] / ceiling["requests_per_s"]
        r["share_of_ceiling"] = round(share, 1)
        print(
            f"{name:32} {r['requests_per_s']:8.0f} {share:6.0f}% {r['p50_ms']:8.1f} "
            f"{r['p99_ms']:8.1f} {r['errors']:7d}"
        )
    kept = loaded["requests_per_s"] / quiet["requests_per_s"]
    print(f"with orders landing: {100 * kept:.0f}% of quiet throughput ({writer.writes} writes)")
    return {
        "gunicorn_workers": args.workers,
        "writes_per_second": WRITES_PER_SECOND,
        "writes_made": writer.writes,
        "rows": rows,
        "kept_share_of_quiet": round(kept, 3),
    }


def checkout_throughput() -> dict:
    """bench/orders.py's table, printed and parsed."""
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "orders.py"), "--orders", "800", "--clients", "1", "8"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        | {"REDIS_URL": REDIS_URL}
        | (
            {"DATABASE_URL": os.environ["BENCH_ORDERS_DATABASE_URL"]}
            if "BENCH_ORDERS_DATABASE_URL" in os.environ
            else {}
        ),
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        sys.exit(f"bench/orders.py failed:\n{out.stderr}")
    print("\n" + out.stdout.strip())
    rows = re.findall(
        r"^\s*(\d+)\s+(spread|hot)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)$",
        out.stdout,
        re.M,
    )
    return {
        f"{mix}, {clients} clients": {
            "orders_per_s": float(rate),
            "p50_ms": float(p50),
            "p95_ms": float(p95),
            "client_cpu_ms_per_order": float(cpu),
        }
        for clients, mix, _orders, rate, p50, p95, cpu in rows
    } | {"load_average": os.getloadavg()}


def write_results(updates: dict, *, scale: int = 1) -> None:
    """Merge ``updates`` into bench/results/<date>.json (parts may run separately).

    Runs at ``--scale N`` go to <date>-xN.json, beside the everyday numbers.
    """
    suffix = f"-x{scale}" if scale != 1 else ""
    out = ROOT / "bench" / "results" / f"{dt.date.today().isoformat()}{suffix}.json"
    out.parent.mkdir(exist_ok=True)
    report = json.loads(out.read_text()) if out.exists() else {}
    report.update(updates)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"\nwrote {out.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="reuse a seeded bench database")
    parser.add_argument("--seconds", type=int, default=15, help="load duration per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--label", default="", help="a note stored with the results")
    parser.add_argument("--part", choices=["all", "pages", "cache", "checkout"], default="all")
    parser.add_argument(
        "--scale",
        type=int,
        default=1,
        help="times today's data: 10 seeds 500,000 products and 200,000 orders",
    )
    parser.add_argument("--seed-only", action="store_true", help="seed, then stop")
    args = parser.parse_args()
    if not shutil.which("wrk") and not args.seed_only:
        sys.exit("wrk is missing: apt-get install wrk")
    (ROOT / "bench" / "out").mkdir(exist_ok=True)

    if args.part in ("all", "pages", "cache"):
        seeding_seconds = seed(args.reuse, args.scale)
        if args.seed_only:
            return
        manage("collectstatic", "--no-input", "-v0")
    if args.part in ("all", "pages"):
        pages(args, seeding_seconds)
    if args.part in ("all", "cache"):
        write_results({"cache_under_orders": cache_under_orders(args) | {"label": args.label}})
    if args.part in ("all", "checkout"):
        write_results({"checkout": checkout_throughput() | {"label": args.label}})


def pages(args, seeding_seconds: float) -> None:
    """Steps 3 and 4: the page table."""
    urls = sample_urls()
    queries = query_counts(urls)
    results = {}
    with Server(args.workers):
        for name, path in urls.items():
            run_wrk(path, 2, args.connections)  # warm caches and connections
            results[name] = run_wrk(path, args.seconds, args.connections) | {
                "queries": queries[name],
                "path": path,
            }

        weight = page_weight(urls["district microsite"])

    ceiling = results["ceiling (robots.txt)"]["requests_per_s"]
    header = ("page", "req/s", "% ceil", "p50 ms", "p99 ms", "errors", "SQL")
    print("\n{:24} {:>8} {:>7} {:>8} {:>8} {:>7} {:>4}".format(*header))
    for name, r in results.items():
        share = 100 * r["requests_per_s"] / ceiling
        print(
            f"{name:24} {r['requests_per_s']:8.0f} {share:6.0f}% {r['p50_ms']:8.1f} "
            f"{r['p99_ms']:8.1f} {r['errors']:7d} {r['queries']:4d}"
        )
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "label": args.label,
        "machine": {"cores": os.cpu_count()},
        "settings": {
            "connections": args.connections,
            "seconds": args.seconds,
            "gunicorn_workers": args.workers,
            "tool": "wrk",
        },
        "data": psql(
            "SELECT json_build_object('districts', (SELECT count(*) FROM catalog_district), "
            "'artisans', (SELECT count(*) FROM sellers_sellerprofile), "
            "'products', (SELECT count(*) FROM catalog_product), "
            "'orders', (SELECT count(*) FROM orders_order))",
            DB_NAME,
        ),
        "seeding_seconds": round(seeding_seconds, 1),
        "scale": args.scale,
        "results": results,
    }
    report["data"] = json.loads(report["data"])
    report["district_page_weight_gzip_bytes"] = weight
    print(f"district page weight (gzip): {weight}")
    write_results(report, scale=args.scale)


if __name__ == "__main__":
    main()

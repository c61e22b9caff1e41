"""What the benchmark runs besides itself: Redis, gunicorn, nginx and wrk, on the loopback only.

Every process started here is started in a session of its own and stopped through `Processes`
(a context manager) by its id, on a normal end, an exception or Ctrl-C alike.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import redis

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only, for every server and every request
WORKERS = 2  # gunicorn sync workers, and nginx workers for the static ceiling
# Seconds of wrk per page, and before each measured run (templates, caches, PostgreSQL buffers).
# BENCH_DURATION / BENCH_WARMUP shorten them to try the benchmark out; reports use the defaults.
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
THREADS = 2
CONNECTIONS = 8


def ensure_tools():
    """wrk, nginx and redis-server from Debian where missing (the benchmark runs as root on Debian)."""
    tools = (("wrk", "wrk"), ("nginx", "nginx"), ("redis-server", "redis-server"))
    missing = [package for package, command in tools if not _which(command)]
    if not missing:
        return
    print(f"Installing {' '.join(missing)} with apt-get", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], env=env, check=True)


def _which(command):
    return shutil.which(command) or shutil.which(command, path="/usr/sbin:/usr/bin:/sbin:/bin")


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Processes:
    """The servers this run started; all stopped on leaving the block, whatever happened."""

    def __init__(self):
        self.running = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        # A second Ctrl-C, or the SIGTERM forum.embedded_postgres sends when it is interrupted
        # itself, must not cut the clean-up short and leave servers behind.
        previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            while self.running:
                self.stop(self.running[-1])
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def start(self, command, *, log, env=None):
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: Ctrl-C reaches us, we stop it
        )
        self.running.append(process)
        return process

    def stop(self, process, signum=signal.SIGTERM):
        """Stop a server we started, and its workers (its process group, whose id is its pid)."""
        if process in self.running:
            self.running.remove(process)
        if process.poll() is None:
            _signal_group(process.pid, signum)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()
        # Workers outliving their master would still hold the port (and database connections).
        _signal_group(process.pid, signal.SIGKILL)


def _signal_group(pgid, signum):
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def wait_until_serving(port, process, path="/", timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited with {process.returncode}; see its log")
        try:
            fetch(port, path)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


def start_gunicorn(processes, app, *, env, log):
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", app, "--workers", str(WORKERS), "--bind", f"{HOST}:{port}"]
    command += ["--log-level", "warning", "--timeout", "120"]
    process = processes.start(command, env=env, log=log)
    wait_until_serving(port, process)
    return port, process


def start_redis(processes, folder, *, log, timeout=15):
    """redis-server on a loopback port of its own, as production's shared cache (REDIS_URL) but
    with nothing written to disk: its port once it answers PING."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # fmt: off
    command = [
        _which("redis-server"), "--port", str(port), "--bind", HOST, "--protected-mode", "yes",
        "--save", "", "--appendonly", "no", "--dir", str(folder), "--daemonize", "no",
        "--loglevel", "warning",
    ]
    # fmt: on
    process = processes.start(command, log=log)
    deadline = time.monotonic() + timeout
    with redis_client(port) as client:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server on port {port} exited with {process.returncode}; see its log")
            try:
                client.ping()
                return port
            except (redis.ConnectionError, redis.TimeoutError):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not answer on port {port} within {timeout} s") from None
                time.sleep(0.1)


def redis_client(port, db=0):
    return redis.Redis(host=HOST, port=port, db=db, socket_timeout=2, socket_connect_timeout=2)


NGINX_CONF = """\
daemon off;
worker_processes {workers};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    default_type text/html;
    sendfile on;
    keepalive_requests 1000000;
    server {{
        listen {host}:{port};
        root {dir}/www;
        location / {{ try_files $uri =404; }}
    }}
}}
"""


def start_nginx(processes, folder, files, *, log):
    """nginx serving `files` ({name: bytes}) from folder/www on a loopback port of its own."""
    www = folder / "www"
    www.mkdir(parents=True)
    for name, content in files.items():
        (www / name).write_bytes(content)
    # Run as root, nginx's workers are `nobody`: they must be able to read the files.
    for path in (folder, www, *www.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(workers=WORKERS, dir=folder, host=HOST, port=port))
    process = processes.start([_which("nginx"), "-c", str(conf), "-p", str(folder)], log=log)
    wait_until_serving(port, process, path="/" + next(iter(files)))
    return port, process


# HTTP, the standard library's way


@dataclass
class Fetched:
    status: int
    headers: list
    body: bytes
    cookies: dict = field(default_factory=dict)


def fetch(port, path, *, method="GET", headers=None, body=None, timeout=30):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        cookies = {}
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            cookies.update({name: morsel.value for name, morsel in jar.items()})
        return Fetched(response.status, response.getheaders(), content, cookies)
    finally:
        connection.close()


def log_in(port, login, password):
    """Log in through the site's own login form, as a browser would; returns the session id."""
    form = fetch(port, "/accounts/login/")
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body)
    if form.status != 200 or not match or "csrftoken" not in form.cookies:
        raise RuntimeError(f"no login form at /accounts/login/ (status {form.status})")
    answer = fetch(
        port,
        "/accounts/login/",
        method="POST",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={form.cookies['csrftoken']}",
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
        body=urlencode({"login": login, "password": password, "csrfmiddlewaretoken": match.group(1).decode()}),
    )
    if answer.status != 302 or "sessionid" not in answer.cookies:
        raise RuntimeError(f"logging in as {login} failed (status {answer.status})")
    return answer.cookies["sessionid"]


# wrk

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_SIZES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


@dataclass
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    bytes_read: int
    bad_responses: int = 0
    socket_errors: int = 0
    output: str = ""
    # The share of the machine's CPU that processes other than the benchmark's took meanwhile.
    others_cpu: float = 0.0


def wrk(port, path, *, headers=(), duration=DURATION, cpu=None):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    command.append(f"http://{HOST}:{port}{path}")
    watch = cpu.start() if cpu else None
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60, check=True)
    load = parse_wrk(result.stdout)
    if watch:
        load.others_cpu = cpu.others_share(watch)
    return load


class CpuWatch:
    """How much CPU went to processes that are not the benchmark's own (this process, wrk, the
    servers it started and the PostgreSQL server it uses) while a measurement ran: on a shared
    machine, the figure that says whether a run was measured in peace. Linux /proc only."""

    def __init__(self, processes, postmaster_pid):
        self.processes = processes
        self.postmaster_pid = postmaster_pid
        self.ticks = os.sysconf("SC_CLK_TCK")

    def start(self):
        return (time.monotonic(), _busy_ticks(), self._own_ticks())

    def others_share(self, started):
        then, busy, own = started
        elapsed = (time.monotonic() - then) * self.ticks * (os.cpu_count() or 1)
        others = (_busy_ticks() - busy) - (self._own_ticks() - own)
        return max(0.0, min(1.0, others / elapsed)) if elapsed > 0 else 0.0

    def _own_ticks(self):
        """CPU ticks of the benchmark's processes so far. Each process counts with its reaped
        children (cutime, cstime), so a PostgreSQL backend or a worker that exits meanwhile moves
        into its parent's count instead of vanishing from the sum."""
        groups = {process.pid for process in self.processes.running}
        total = sum(os.times()[:4]) * self.ticks  # this process, and the wrk runs it has waited for
        for pid, ppid, pgrp, ticks in _all_stats():
            if pgrp in groups or pid == self.postmaster_pid or ppid == self.postmaster_pid:
                total += ticks
        return total


def _busy_ticks():
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle, iowait = fields[3], fields[4]
    return sum(fields[:8]) - idle - iowait  # user nice system idle iowait irq softirq steal


def _all_stats():
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                after_name = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # Fields after the name: state ppid pgrp ... utime stime cutime cstime (the 12th to 15th).
        yield int(entry), int(after_name[1]), int(after_name[2]), sum(int(value) for value in after_name[11:15])


def parse_wrk(output):
    def number(pattern, convert=float):
        match = re.search(pattern, output, re.MULTILINE)
        if not match:
            raise ValueError(f"wrk output without {pattern!r}:\n{output}")
        return convert(match.group(1))

    latency = {
        percent: float(value) * _UNITS[unit]
        for percent, value, unit in re.findall(r"^\s+(\d+)%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
    }
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(\w+) read", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return Load(
        requests_per_second=number(r"^Requests/sec:\s+([\d.]+)"),
        p50_ms=latency["50"],
        p99_ms=latency["99"],
        requests=int(total.group(1)),
        bytes_read=int(float(total.group(2)) * _SIZES[total.group(3)]),
        bad_responses=int(bad.group(1)) if bad else 0,
        socket_errors=sum(int(value) for value in errors.groups()) if errors else 0,
        output=output,
    )

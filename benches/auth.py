#!/usr/bin/env python3
"""Authentication benchmarks of the mfactl binary, run as a user runs it.

    benches/auth.py [--rounds N] [--before OLD_MFACTL] MFACTL

Each binary gets its own store in a temporary folder and its own users; the
rounds alternate between the binaries (and the C reference), so that a busy
neighbour on a shared machine slows them alike. Measured per operation:
CPU time of the process (user + system, from getrusage: the figure to
compare), wall time, minor page faults, and instructions (valgrind
--tool=callgrind, one run each, when valgrind is installed):

  login-totp      printf 'PW\\nCODE\\n' | mfactl login U --password-stdin --code-stdin --method totp
  login-backup    the same with --method backup-code
  emergency       mfactl emergency login U --code-stdin (the code requested,
                  untimed, from an SMTP sink this script runs on 127.0.0.1)
  verify-backup   mfactl mfa verify U --method backup-code --code-stdin
  argon2-c        one argon2id evaluation (m=19456 KiB, t=2, p=1) per process
                  with the C reference implementation (Debian's libargon2,
                  through benches/argon2_ref.c), the floor for verify-backup
  argon2-c-cli    the `argon2` command of the same package, whose run
                  evaluates twice (it hashes, then verifies the hash)

and the throughput of 200 backup-code checks 8 at a time (checks/s), against
200 argon2-c processes 8 at a time. TOTP codes are computed here (RFC 6238),
independently of mfactl. Only the standard library is used.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import re
import resource
import shutil
import socketserver
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

PASSWORD = "correct horse battery staple"
CODES_PER_SET = 50
THROUGHPUT_CHECKS = 200
THROUGHPUT_PARALLEL = 8
HERE = os.path.dirname(os.path.abspath(__file__))


# --- an SMTP sink on 127.0.0.1 -------------------------------------------

class Sink(socketserver.ThreadingTCPServer):
    """Accepts every message and keeps it; `wait_code` finds the newest
    emergency code sent to an address."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self.messages = []
        self.cond = threading.Condition()

    def add(self, rcpts, data):
        with self.cond:
            self.messages.append((rcpts, data))
            self.cond.notify_all()

    def wait_code(self, to, since, timeout=30):
        pattern = re.compile(r"\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b")
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for rcpts, data in self.messages[since:]:
                    if to in rcpts and "Emergency login code" in data:
                        m = pattern.search(data)
                        if m:
                            return m.group(1)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"no emergency code for {to} arrived")
                self.cond.wait(left)


class SmtpHandler(socketserver.StreamRequestHandler):
    def handle(self):
        out = self.wfile
        out.write(b"220 sink ESMTP\r\n")
        rcpts, lines, in_data = [], [], False
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    self.server.add(rcpts, "\n".join(lines))
                    rcpts, lines = [], []
                    out.write(b"250 queued\r\n")
                else:
                    lines.append(line[1:] if line.startswith("..") else line)
                continue
            verb = line[:4].upper()
            if verb == "EHLO":
                out.write(b"250-sink\r\n250 8BITMIME\r\n")
            elif verb == "RCPT":
                rcpts.append(line.split(":", 1)[1].strip().strip("<>"))
                out.write(b"250 ok\r\n")
            elif verb == "DATA":
                in_data = True
                out.write(b"354 go on\r\n")
            elif verb == "QUIT":
                out.write(b"221 bye\r\n")
                return
            else:  # HELO, MAIL, RSET, NOOP
                out.write(b"250 ok\r\n")


# --- measuring ------------------------------------------------------------

def measure(cmd, stdin=b"", env=None, check=True):
    """Runs one process; returns (cpu ms, wall ms, minor faults)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    p = subprocess.run(cmd, input=stdin, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wall = (time.monotonic() - t) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.decode()}")
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return cpu, wall, after.ru_minflt - before.ru_minflt


def instructions(cmd, stdin=b"", env=None):
    """Instructions executed by one run, in millions (callgrind)."""
    if not shutil.which("valgrind"):
        return None
    p = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
        input=stdin, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    m = re.search(rb"Collected : (\d+)", p.stderr)
    if p.returncode != 0 or not m:
        raise RuntimeError(f"callgrind of {' '.join(cmd)} failed: {p.stderr.decode()[-500:]}")
    return int(m.group(1)) / 1e6


def totp(secret_b32, step, digits=6):
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


# --- one binary, its store and users --------------------------------------

class Target:
    def __init__(self, label, binary, smtp_port, rounds):
        self.label, self.bin = label, binary
        self.dir = tempfile.mkdtemp(prefix=f"mfactl-auth-{label}-")
        self.env = dict(os.environ, MFACTL_DB=os.path.join(self.dir, "bench.db"), HOME=self.dir)
        self.env.pop("SSH_CLIENT", None)
        self.period = 30
        for key, value in [
            ("mfa.alternates", "backup-codes"),
            ("mfa.backup_codes.count", str(CODES_PER_SET)),
            ("lockout.attempts", "100"),
            ("smtp.host", "127.0.0.1"),
            ("smtp.port", str(smtp_port)),
            ("smtp.security", "none"),
            ("smtp.from", "mfactl-bench@example.com"),
            ("authentication.emergency_code.enabled", "true"),
            ("authentication.emergency_code.requests_per_hour", "20"),
        ]:
            self.run("-q", "settings", "set", key, value)
        self.run("-q", "user", "add", "admin", "--admin", "--email", "admin@example.com")
        self.run("-q", "user", "set", "admin", "--emergency-login", "on")
        # TOTP users: one login each (a step is accepted once per credential).
        self.totp_users = []
        for i in range(rounds + 1):
            name = f"t{i}"
            self.run("-q", "user", "add", name, "--password-stdin", stdin=PASSWORD)
            secret = json.loads(self.run("--json", "mfa", "enroll", name))["secret"]
            step = int(time.time()) // self.period
            self.run("-q", "mfa", "confirm", name, "--code-stdin", stdin=totp(secret, step) + "\n")
            self.totp_users.append((name, secret, step))
        # Backup-code users: one for logins, one for single checks, and
        # THROUGHPUT_CHECKS / CODES_PER_SET for the parallel checks.
        self.codes = {}
        for name in ["login", "single"]:
            self.run("-q", "user", "add", name, "--password-stdin", stdin=PASSWORD)
            self.new_codes(name)
        self.parallel_users = [f"p{i}" for i in range(-(-THROUGHPUT_CHECKS // CODES_PER_SET))]
        for name in self.parallel_users:
            self.run("-q", "user", "add", name)

    def run(self, *args, stdin=""):
        p = subprocess.run([self.bin, *args], input=stdin.encode(), env=self.env,
                           capture_output=True)
        if p.returncode != 0:
            raise RuntimeError(f"{self.label}: mfactl {' '.join(args)}: {p.stderr.decode()}")
        return p.stdout.decode()

    def new_codes(self, name):
        self.codes[name] = self.run("--no-input", "backup-codes", "generate", name).split()

    def code(self, name):
        if not self.codes[name]:
            self.new_codes(name)
        return self.codes[name].pop()

    # Each returns (command, stdin) for one operation, ready to run once.
    def login_totp(self):
        name, secret, confirmed = self.totp_users.pop()
        step = max(confirmed + 1, int(time.time()) // self.period)
        return ([self.bin, "login", name, "--password-stdin", "--code-stdin", "--method", "totp"],
                f"{PASSWORD}\n{totp(secret, step)}\n".encode())

    def login_backup(self):
        return ([self.bin, "login", "login", "--password-stdin", "--code-stdin",
                 "--method", "backup-code"], f"{PASSWORD}\n{self.code('login')}\n".encode())

    def emergency(self, sink):
        self.run("-q", "user", "unlock", "admin")  # clears the request rate limit
        since = len(sink.messages)
        self.run("-q", "emergency", "request", "admin")
        code = sink.wait_code("admin@example.com", since)
        return [self.bin, "emergency", "login", "admin", "--code-stdin"], f"{code}\n".encode()

    def verify_backup(self):
        return ([self.bin, "mfa", "verify", "single", "--method", "backup-code", "--code-stdin"],
                f"{self.code('single')}\n".encode())

    def parallel_checks(self):
        jobs = []
        for name in self.parallel_users:
            self.new_codes(name)
            jobs += [(name, c) for c in self.codes[name]]
        jobs.sort(key=lambda j: j[1])  # users interleaved
        return [([self.bin, "mfa", "verify", u, "--method", "backup-code", "--code-stdin"],
                 f"{c}\n".encode()) for u, c in jobs[:THROUGHPUT_CHECKS]]


def throughput(jobs, env):
    def one(job):
        p = subprocess.run(job[0], input=job[1], env=env, capture_output=True)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(job[0])}: {p.stderr.decode()}")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    with ThreadPoolExecutor(THROUGHPUT_PARALLEL) as pool:
        list(pool.map(one, jobs))
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return len(jobs) / wall, cpu / len(jobs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("mfactl")
    ap.add_argument("--before", help="an older mfactl binary to compare with")
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--throughput-rounds", type=int, default=3)
    ap.add_argument("--argon2-ref", default=None,
                    help="one-evaluation C program (benches/auth.sh builds it)")
    ap.add_argument("--no-instructions", action="store_true")
    args = ap.parse_args()

    sink = Sink()
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    port = sink.server_address[1]
    targets = [Target("after", os.path.abspath(args.mfactl), port, args.rounds)]
    if args.before:
        targets.append(Target("before", os.path.abspath(args.before), port, args.rounds))
    c_ref = [args.argon2_ref] if args.argon2_ref and os.path.exists(args.argon2_ref) else None
    c_cli = ["argon2", "somesaltsomesalt", "-id", "-t", "2", "-k", "19456", "-p", "1"] \
        if shutil.which("argon2") else None

    ops = ["login-totp", "login-backup", "emergency", "verify-backup"]
    samples = {}  # (op, label) -> [(cpu, wall, faults)]

    def prepare(t, op):
        return {"login-totp": t.login_totp, "login-backup": t.login_backup,
                "emergency": lambda: t.emergency(sink), "verify-backup": t.verify_backup}[op]()

    for r in range(args.rounds):
        for op in ops:
            # Alternate which binary goes first.
            for t in (targets if r % 2 == 0 else targets[::-1]):
                cmd, stdin = prepare(t, op)
                samples.setdefault((op, t.label), []).append(measure(cmd, stdin, t.env))
        if c_ref:
            samples.setdefault(("argon2-c", "C"), []).append(measure(c_ref, b"pw"))
        if c_cli:
            samples.setdefault(("argon2-c-cli", "C"), []).append(measure(c_cli, b"pw"))
        print(f"round {r + 1}/{args.rounds} done", file=sys.stderr, flush=True)

    counts = {}
    if not args.no_instructions:
        for op in ops:
            for t in targets:
                cmd, stdin = prepare(t, op)
                counts[(op, t.label)] = instructions(cmd, stdin, t.env)
        if c_ref:
            counts[("argon2-c", "C")] = instructions(c_ref, b"pw")
        if c_cli:
            counts[("argon2-c-cli", "C")] = instructions(c_cli, b"pw")

    def med(xs, i):
        return statistics.median(x[i] for x in xs)

    print(f"\n== per operation: medians of {args.rounds} alternating rounds")
    print(f"{'operation':<14} {'binary':<7} {'CPU ms':>7} {'wall ms':>8} {'faults':>7} {'instr M':>8}")
    for (op, label), xs in samples.items():
        ins = counts.get((op, label))
        print(f"{op:<14} {label:<7} {med(xs, 0):7.1f} {med(xs, 1):8.1f} {med(xs, 2):7.0f} "
              f"{'' if ins is None else f'{ins:8.1f}'}")
    if args.before:
        print("\n== after / before, median of the per-round ratios of CPU time")
        for op in ops:
            a, b = samples[(op, "after")], samples[(op, "before")]
            print(f"{op:<14} {statistics.median(x[0] / y[0] for x, y in zip(a, b)):.2f}")
    if c_ref:
        c = samples[("argon2-c", "C")]
        print("\n== verify-backup / one C evaluation, median of the per-round ratios of CPU time"
              " (target <= 1.2)")
        for t in targets:
            v = samples[("verify-backup", t.label)]
            print(f"{t.label:<14} {statistics.median(x[0] / y[0] for x, y in zip(v, c)):.2f}")

    print(f"\n== {THROUGHPUT_CHECKS} backup-code checks, {THROUGHPUT_PARALLEL} at a time"
          f" (median of {args.throughput_rounds} alternating rounds)")
    rates = {}
    for r in range(args.throughput_rounds):
        for t in (targets if r % 2 == 0 else targets[::-1]):
            rates.setdefault(t.label, []).append(throughput(t.parallel_checks(), t.env))
        if c_ref:
            rates.setdefault("C", []).append(
                throughput([(c_ref, b"pw")] * THROUGHPUT_CHECKS, None))
    for label, xs in rates.items():
        what = "argon2-c evaluations" if label == "C" else "checks"
        print(f"{label:<7} {med(xs, 0):6.1f} {what}/s, {med(xs, 1):5.1f} ms CPU each")
    if "C" in rates:
        for t in targets:
            ratio = statistics.median(x[0] / y[0] for x, y in zip(rates[t.label], rates["C"]))
            print(f"{t.label:<7} {ratio:.2f} of the C evaluations' rate")

    for t in targets:
        shutil.rmtree(t.dir, ignore_errors=True)


if __name__ == "__main__":
    main()

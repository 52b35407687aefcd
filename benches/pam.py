#!/usr/bin/env python3
"""One TOTP authentication through PAM, pam_mfactl against Debian's
pam_google_authenticator, as whole pamtester processes.

    benches/pam.py --mfactl BIN --module LIBPAM_MFACTL.so --dir DIR [--rounds N] ...

Run it through benches/pam.sh, which builds the module and runs this script
in a private mount namespace where DIR/pam.d is bind-mounted on /etc/pam.d
and /dev is an overlay in which this script serves /dev/log (the machine's
own PAM files and /dev are never touched; run directly, it refuses).

Services (DIR/pam.d):
  bench-mfactl  auth required /abs/libpam_mfactl.so store=DIR/mfactl.db key_file=DIR/mfactl.db.key
                socket=DIR/run/pam.sock        (`mfactl pam daemon` listens there: the
                                                set-up the README recommends)
  bench-helper  the same with no daemon: the module runs `mfactl pam helper`
                (users hN, so that no code is a replay)
  bench-ga      auth required pam_google_authenticator.so secret=DIR/ga/${USER} user=root no_increment_hotp
  bench-floor   auth required pam_permit.so       (pamtester and libpam alone: the floor)

Fairness:
- Replay protection stays on for both: pam_mfactl never accepts a time step
  it has accepted before for a credential, and google-authenticator's
  DISALLOW_REUSE (-d) refuses a code it has seen. So every round has its
  own user, `rN`, who logs in once with each module: an mfactl user in one
  store with an active TOTP credential (enrolled and confirmed with the
  mfactl binary, as an administrator would), and a google-authenticator
  secret file DIR/ga/rN made by the recipe of PAM-TESTING.md
  (`google-authenticator -t -d -f -r 10 -R 30 -w 3 -Q NONE -q -s FILE`)
  whose seed is replaced by that user's mfactl seed. Both check the same
  seed and the same code in a window of +-1 step, and both write their
  state back after a success (mfactl: the credential's counter and an audit
  entry, in SQLite with synchronous=FULL; google-authenticator: the secret
  file with its used codes and rate-limit times, written to a temporary
  file, fsync'ed and renamed). The store holds every user of the run, as a
  real store holds many; each google-authenticator file holds one.
- Both log a line to syslog per login. /dev/log exists here only in the
  namespace (served by this script), as on a real system: without it
  google-authenticator writes its line to /dev/console (LOG_CONS), which
  is slow, and pam_mfactl drops its line.
- Codes are computed here (RFC 6238, SHA-1, 6 digits, 30 s) just before
  each run, and written to pamtester's stdin before it starts.

Each round runs the three services in a rotating order (ABC, BCA, CAB, ...)
so that a busy neighbour on the shared machine slows them alike. Per run:
wall time (spawn to reap), CPU time (user + system) and minor page faults
of the pamtester process (wait4's rusage). Peak RSS: the largest of three
more runs each under GNU time (a spawned child's own ru_maxrss starts from
this Python process's). A run counts only if pamtester exited 0 and said
"successfully authenticated"; any failure stops the benchmark (a failed
login is fast and would fake a win). With valgrind installed, one more run
of each under callgrind gives instruction counts (also checked).

Diagnostics, not the benchmark: --hold-store has a sqlite3 process keep the
store open during the timed rounds, so pam_mfactl's connection is not the
last to close and SQLite skips its checkpoint at close (shows what that
checkpoint costs); --tmpfs (mounted by pam.sh) puts the store and secret
files on a tmpfs, where fsync costs nothing.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time

PERIOD = 30
RSS_RUNS = 3
SERVICES = ("mfactl", "ga", "floor", "helper")
LABEL = {
    "mfactl": "pam_mfactl (daemon)",
    "ga": "pam_google_authenticator",
    "floor": "pam_permit (floor)",
    "helper": "pam_mfactl (no daemon)",
}
OK = b"successfully authenticated"


def totp(seed_b32, step):
    key = base64.b32decode(seed_b32.upper() + "=" * (-len(seed_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    off = mac[-1] & 15
    return "%06d" % ((struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 1000000)


def step_now():
    return int(time.time()) // PERIOD


class Syslog:
    """A /dev/log that keeps every line it receives."""

    def __init__(self):
        self.lines = []
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind("/dev/log")
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            self.lines.append(self.sock.recv(8192).decode(errors="replace"))

    def count(self, text):
        return sum(text in line for line in self.lines)


class Bench:
    def __init__(self, args):
        self.args = args
        self.dir = args.dir
        self.db = os.path.join(self.dir, "mfactl.db")
        self.pamtester = shutil.which("pamtester")
        self.env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C"}
        self.out = os.path.join(self.dir, "pamtester.out")
        self.seeds = {}
        self.socket = os.path.join(self.dir, "run", "pam.sock")
        self.daemon = None

    def start_daemon(self):
        """`mfactl pam daemon` on DIR/run/pam.sock, as systemd would run it."""
        self.daemon = subprocess.Popen([self.args.mfactl, "pam", "daemon", "--socket", self.socket],
                                       env=self.env, stdin=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        for _ in range(200):
            if os.path.exists(self.socket):
                return
            time.sleep(0.01)
        sys.exit("mfactl pam daemon did not start")

    def daemon_cpu(self):
        """The daemon's CPU time so far (user + system, s)."""
        with open(f"/proc/{self.daemon.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    # --- setup -----------------------------------------------------------

    def mfactl(self, *argv, stdin=None):
        env = dict(self.env, HOME=self.dir, MFACTL_DB=self.db, NO_COLOR="1")
        r = subprocess.run([self.args.mfactl, *argv], input=stdin, env=env,
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"mfactl {' '.join(argv)} failed: {r.stderr.strip()}")
        return r.stdout

    def setup(self, users):
        gadir = os.path.join(self.dir, "ga")
        os.makedirs(gadir, exist_ok=True)
        template = os.path.join(self.dir, "ga.template")
        subprocess.run(["google-authenticator", "-t", "-d", "-f", "-r", "10", "-R", "30",
                        "-w", "3", "-Q", "NONE", "-q", "-s", template], check=True,
                       stdout=subprocess.DEVNULL)
        with open(template) as f:
            rest = f.read().split("\n", 1)[1]
        t0 = time.monotonic()
        for user in users:
            self.mfactl("-q", "user", "add", user)
            seed = json.loads(self.mfactl("--json", "mfa", "enroll", user,
                                          "--method", "totp"))["secret"]
            # Confirmed with the previous step's code (accepted within +-1):
            # every later step is then fresh for the timed login.
            self.mfactl("-q", "mfa", "confirm", user, "--code-stdin",
                        stdin=totp(seed, step_now() - 1) + "\n")
            fd = os.open(os.path.join(gadir, user), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o400)
            with os.fdopen(fd, "w") as f:
                f.write(seed + "\n" + rest)
            self.seeds[user] = seed
        print(f"setup: {len(users)} users in {time.monotonic() - t0:.1f} s "
              f"(store {os.path.getsize(self.db) // 1024} KiB)", flush=True)
        pamd = os.path.join(self.dir, "pam.d")
        mfactl = (f"auth required {self.args.module} store={self.db} key_file={self.db}.key "
                  f"helper={self.args.mfactl}")
        lines = {
            "mfactl": f"{mfactl} socket={self.socket}\n",
            "helper": f"{mfactl} socket={self.dir}/no-daemon.sock\n",
            "ga": f"auth required pam_google_authenticator.so secret={gadir}/${{USER}} "
                  "user=root no_increment_hotp\n",
            "floor": "auth required pam_permit.so\n",
        }
        for name, line in lines.items():
            with open(os.path.join(pamd, "bench-" + name), "w") as f:
                f.write(line)
        return pamd

    # --- one authentication ----------------------------------------------

    def run(self, service, user, wrap=()):
        """One `pamtester bench-SERVICE USER authenticate` answering the
        current code; returns (wall s, cpu s, minor faults, output, user s,
        system s)."""
        if service == "helper":
            user = "h" + user[1:]
        code = totp(self.seeds[user], step_now()) if service != "floor" else ""
        r, w = os.pipe()
        os.write(w, (code + "\n").encode())
        os.close(w)
        out = os.open(self.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        argv = [*wrap, self.pamtester, "bench-" + service, user, "authenticate"]
        actions = [(os.POSIX_SPAWN_DUP2, r, 0), (os.POSIX_SPAWN_DUP2, out, 1),
                   (os.POSIX_SPAWN_DUP2, out, 2)]
        t0 = time.perf_counter()
        pid = os.posix_spawn(argv[0], argv, self.env, file_actions=actions)
        _, status, ru = os.wait4(pid, 0)
        wall = time.perf_counter() - t0
        os.close(r)
        os.close(out)
        with open(self.out, "rb") as f:
            said = f.read()
        if os.waitstatus_to_exitcode(status) != 0 or OK not in said:
            sys.exit(f"FAILED: {service} as {user} (exit status {status}): "
                     f"{said.decode(errors='replace').strip()}")
        return (wall, ru.ru_utime + ru.ru_stime, ru.ru_minflt, said, ru.ru_utime,
                ru.ru_stime)

    def peak_rss(self, service, user):
        """Peak RSS (KiB) of one run, from GNU time."""
        fd, path = tempfile.mkstemp(dir=self.dir)
        os.close(fd)
        self.run(service, user, wrap=("/usr/bin/time", "-f", "%M", "-o", path))
        with open(path) as f:
            return int(f.read().split()[-1])

    def instructions(self, service, user):
        keep = self.args.keep_callgrind
        target = os.path.join(keep, f"callgrind.{service}") if keep else "/dev/null"
        said = self.run(service, user, wrap=(
            shutil.which("valgrind"), "--tool=callgrind", f"--callgrind-out-file={target}"))[3]
        for line in said.decode(errors="replace").splitlines():
            if "Collected :" in line:
                return int(line.split("Collected :")[1].split()[0])
        return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mfactl", required=True)
    p.add_argument("--module", required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--rounds", type=int, default=100)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--keep-callgrind", metavar="DIR",
                   help="keep the callgrind profiles (callgrind.SERVICE) in DIR")
    p.add_argument("--json", metavar="FILE", help="write every run's figures to FILE")
    p.add_argument("--hold-store", action="store_true",
                   help="diagnostic: keep the store open in a sqlite3 process while timing")
    p.add_argument("--tmpfs", action="store_true",
                   help="diagnostic: DIR is a tmpfs (pam.sh mounts it)")
    args = p.parse_args()
    if not os.path.samefile(os.path.join(args.dir, "pam.d"), "/etc/pam.d"):
        sys.exit("run through benches/pam.sh: DIR/pam.d must be mounted on /etc/pam.d")
    syslog = Syslog() if not os.path.exists("/dev/log") else None
    if syslog is None:
        print("note: /dev/log exists here: log lines go to the machine's syslog")

    bench = Bench(args)
    n = args.warmup + args.rounds
    users = [f"r{i}" for i in range(n + 1 + RSS_RUNS)]
    bench.setup(users + ["h" + u[1:] for u in users])
    bench.start_daemon()

    holder = None
    if args.hold_store:
        holder = subprocess.Popen(["sqlite3", bench.db], stdin=subprocess.PIPE,
                                  stdout=subprocess.DEVNULL, text=True)
        holder.stdin.write("select count(*) from users;\n")
        holder.stdin.flush()
        time.sleep(0.5)
    runs = {s: [] for s in SERVICES}
    load = os.getloadavg()
    t0 = time.monotonic()
    k = len(SERVICES)
    for i in range(n):
        if i == args.warmup:
            daemon_cpu = bench.daemon_cpu()
        for s in SERVICES[i % k:] + SERVICES[:i % k]:
            wall, cpu, faults, _, utime, stime = bench.run(s, users[i])
            if i >= args.warmup:
                runs[s].append((wall, cpu, faults, utime, stime))
    elapsed = time.monotonic() - t0
    daemon_cpu = (bench.daemon_cpu() - daemon_cpu) / args.rounds
    if holder:
        holder.stdin.close()
        holder.wait()

    rss = {s: max(bench.peak_rss(s, users[n + 1 + k]) for k in range(RSS_RUNS))
           for s in SERVICES}
    ins = {}
    if shutil.which("valgrind"):
        for s in SERVICES:
            ins[s] = bench.instructions(s, users[n])

    print(f"{args.rounds} rounds (+{args.warmup} warm-up), each service once per round in "
          f"rotating order: {k * n} pamtester runs in {elapsed:.1f} s, all succeeded; "
          f"load average {load[0]:.2f} before, {os.getloadavg()[0]:.2f} after"
          + ("; store held open by sqlite3 (--hold-store)" if holder else "")
          + ("; store and secret files on a tmpfs (--tmpfs)" if args.tmpfs else ""))
    if syslog:
        time.sleep(0.2)
        total = len(users)
        print(f"syslog: {syslog.count('second factor passed')} pam_mfactl and "
              f"{syslog.count('Accepted google_authenticator')} pam_google_authenticator "
              f"success lines for {2 * total} and {total} logins")
    print()

    def med(s, k):
        return statistics.median(r[k] for r in runs[s])

    def ratio(k):
        rs = [a[k] / b[k] for a, b in zip(runs["mfactl"], runs["ga"]) if b[k] > 0]
        q = statistics.quantiles(rs, n=4)
        return f"{statistics.median(rs):.2f} ({q[0]:.2f}-{q[2]:.2f})"

    def above(k, scale, fmt):
        f = med("floor", k)
        return f"{(med('mfactl', k) - f) * scale:{fmt}} vs {(med('ga', k) - f) * scale:{fmt}}"

    head = ("", "wall ms", "CPU ms", "minor faults", "peak RSS MiB", "instructions M")
    rows = []
    for s in SERVICES:
        rows.append((LABEL[s], f"{med(s, 0) * 1e3:.2f}", f"{med(s, 1) * 1e3:.2f}",
                     f"{med(s, 2):.0f}", f"{rss[s] / 1024:.1f}",
                     f"{ins[s] / 1e6:.2f}" if ins.get(s) else "-"))
    have_ins = all(ins.get(s) for s in SERVICES)
    rows.append(("pam_mfactl / google-auth", ratio(0), ratio(1), ratio(2),
                 f"{rss['mfactl'] / rss['ga']:.2f}",
                 f"{ins['mfactl'] / ins['ga']:.2f}" if have_ins else "-"))
    rows.append(("above the floor: mfactl vs ga", above(0, 1e3, ".2f"), above(1, 1e3, ".2f"),
                 above(2, 1, ".0f"),
                 f"{(rss['mfactl'] - rss['floor']) / 1024:.1f} vs "
                 f"{(rss['ga'] - rss['floor']) / 1024:.1f}",
                 f"{(ins['mfactl'] - ins['floor']) / 1e6:.2f} vs "
                 f"{(ins['ga'] - ins['floor']) / 1e6:.2f}" if have_ins else "-"))
    widths = [max(len(r[c]) for r in rows + [head]) for c in range(len(head))]
    for r in [head] + rows:
        print("  ".join(x.ljust(w) if c == 0 else x.rjust(w)
                        for c, (x, w) in enumerate(zip(r, widths))))
    print(f"\nthe daemon's own CPU time: {daemon_cpu * 1e3:.2f} ms per login (from /proc, "
          "over the timed rounds); it is not in the pamtester rows, which count the "
          "module's process alone (its wall time includes waiting for the daemon)")
    print("medians per authentication (CPU = user + system); ratios: median of the "
          "per-round ratios (quartiles in brackets)"
          + ("; instructions: one run under callgrind" if ins else "; no valgrind, no "
             "instruction counts"))
    bench.daemon.terminate()
    bench.daemon.wait()
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"runs": runs, "peak_rss_kib": rss, "instructions": ins}, fh)


if __name__ == "__main__":
    main()

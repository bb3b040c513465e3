"""Profile a web worker under load with py-spy: where does a request's time go?

    DEBUG=1 .venv/bin/python bench/profile.py vote_open [seconds]
    DEBUG=1 .venv/bin/python bench/profile.py hello

Starts the same server as the suite (one worker, so one profile covers every request), loads it
with wrk as the suite does, samples the worker with py-spy (needs ptrace: root, or
kernel.yama.ptrace_scope = 0), and prints the functions that take the most of the worker's
time, inclusive and self, as percentages of all samples. The raw collapsed stacks are kept in
var/profile-<part>.txt for a flame graph.
"""

import collections
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common as c
from bench import vote_open


def _summary(stacks: Path, top: int = 45) -> str:
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in stacks.read_text().splitlines():
        frames, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        total += n
        names = [f.split(" (")[0] + " (" + f.rsplit("/", 1)[-1] for f in frames.split(";")]
        for name in set(names):
            inclusive[name] += n
        if names:
            own[names[-1]] += n
    lines = [f"{total} samples"]
    lines += ["", "inclusive %:"]
    lines += [f"{n * 100 / total:6.1f}  {name}" for name, n in inclusive.most_common(top)]
    lines += ["", "self %:"]
    lines += [f"{n * 100 / total:6.1f}  {name}" for name, n in own.most_common(top // 2)]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    part = argv[0] if argv else "vote_open"
    seconds = int(argv[1]) if len(argv) > 1 else 8
    if part not in {"vote_open", "hello"}:
        print("bench/profile.py: part must be vote_open or hello", file=sys.stderr)
        return 2
    try:
        py_spy = str(Path(sys.executable).parent / "py-spy")
        if not Path(py_spy).exists():
            raise c.BenchError("py-spy is not installed in the venv (make setup installs it)")
        admin = c.postgres_admin_url()
        c.postgres_ready(admin)
        load = c.Load(seconds=seconds, connections=4, threads=1)
        with c.fresh_database(admin, "kaaring_bench_profile") as database:
            env = c.server_env(database, RATELIMIT_OVERRIDES=vote_open.RATELIMIT_OVERRIDES)
            c.manage(env, "migrate", "--no-input", "-v", "0")
            c.manage(env, "createcachetable")
            c.manage(env, "collectstatic", "--no-input", "-v", "0")
            with c.server(env, workers=1) as server, tempfile.TemporaryDirectory() as tmp:
                url, script = server.base + "/_bench/hello", "get.lua"
                args: tuple[str, ...] = ()
                if part == "vote_open":
                    bodies = Path(tmp) / "bodies.tsv"
                    vote_open._bodies(env, 2001, 600 * seconds + 500, bodies)
                    warm = Path(tmp) / "warm.tsv"  # other voters, so the run never retries
                    vote_open._bodies(env, 2002, 1500, warm)
                    url, script = server.base + "/", "vote_post.lua"
                    args = (str(bodies), f"https://{c.HOST}")
                warm_args = (str(warm), args[1]) if part == "vote_open" else args
                c.wrk(
                    url, c.Load(seconds=2, connections=4, threads=1), script=script, args=warm_args
                )
                out = c.ROOT / "var" / f"profile-{part}.txt"
                spy = subprocess.Popen(
                    [py_spy, "record", "--pid", str(server.worker_pids()[0]), "--duration",
                     str(seconds), "--rate", "500", "--format", "raw", "--output", str(out),
                     "--nonblocking", "--gil"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                )  # fmt: skip
                figures = c.wrk(url, load, script=script, args=args)
                _, err = spy.communicate(timeout=seconds + 60)
                if spy.returncode:
                    raise c.BenchError(f"py-spy failed: {err.strip()[-500:]}")
        print(f"{part}: {figures.rate:.0f} req/s with one worker, statuses {figures.statuses}")
        print(_summary(out))
    except c.BenchError as error:
        print(f"bench/profile.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

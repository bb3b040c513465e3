"""Peak memory of the statistics importers on 100 MB files made of a real file repeated.

    DEBUG=1 .venv/bin/python bench/import_memory.py            # 100 MB files
    BENCH_IMPORT_MB=20 DEBUG=1 .venv/bin/python bench/import_memory.py

Each import runs as its own ``manage.py`` process on a fresh SQLite database in a temporary
folder, and its peak resident set size is read from the kernel when it ends (``wait4``), beside
that of a process that only starts Django (the floor every command pays). The files:

- IMDi's long table ``bosatt_anmodede.csv`` with its data rows repeated, each copy under other
  years so that every cell is new: imported whole (about 9,000 figures per MB);
- the same rows repeated as they are: refused at the first repeated cell, exit status 1;
- SSB's table 07459 (JSON-stat) repeated: refused as text after the end of the document.

Prints one line per case: size, seconds, exit status, peak RSS, and the command's last line.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "kaaring/municipal_stats/sample_data"
LONG = SAMPLE / "imdi/2015-export/bosatt_anmodede.csv"
DATE = ("--snapshot-date", "2015-12-01")
POPULATION = SAMPLE / "ssb-jsonstat/07459_befolkning_kommuner_2022.json"


def megabytes() -> int:
    text = os.environ.get("BENCH_IMPORT_MB", "100")
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        sys.exit(f"BENCH_IMPORT_MB must be a whole number of MB from 1 to 1000, not {text!r}")
    return int(text)


def imdi_file(folder: Path, size: int, *, new_years: bool) -> Path:
    header, *lines = [line for line in LONG.read_bytes().splitlines() if line]
    year_first = [line.split(b",", 1) for line in lines]  # the first column is "aar"
    path = folder / ("imdi-years.csv" if new_years else "imdi-repeated.csv")
    with path.open("wb") as out:
        out.write(header + b"\r\n")
        copy = 0
        while out.tell() < size:
            if new_years and copy:
                # "2012" becomes "2012-7" in copy 7: the same rows, new cells.
                tag = b"-%d" % copy
                out.write(b"".join(y[:-1] + tag + b'",' + rest + b"\r\n" for y, rest in year_first))
            else:
                out.write(b"\r\n".join(lines) + b"\r\n")
            copy += 1
    return path


def ssb_file(folder: Path, size: int) -> Path:
    one = POPULATION.read_bytes()
    path = folder / "07459-repeated.json"
    path.write_bytes(one * (size // len(one) + 1))
    return path


def run(env: dict[str, str], *args: str) -> tuple[float, int, int, str]:
    """Seconds, exit status, peak RSS in MB and the last line of output of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    last = (output.strip().splitlines() or [""])[-1][:110]
    return seconds, process.returncode, usage.ru_maxrss // 1024, last


def main() -> None:
    size = megabytes() * 2**20
    with tempfile.TemporaryDirectory(prefix="kaaring-bench-import-") as name:
        folder = Path(name)
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        env.pop("REDIS_URL", None)
        for args in (
            ("migrate", "--no-input", "-v", "0"),
            ("import_municipalities", *map(str, sorted((SAMPLE / "klass131").glob("*.json")))),
        ):
            _, status, _, last = run(env, *args)
            if status:
                sys.exit(f"manage.py {args[0]} failed: {last}")
        # The floor: the same command, everything loaded, refusing a file that is not there.
        cases: list[tuple[str, Path | None, tuple[str, ...]]] = [
            ("import_imdi of no file (floor)", None, ("import_imdi", str(folder / "none")))
        ]
        years = imdi_file(folder, size, new_years=True)
        again = imdi_file(folder, size, new_years=False)
        cases += [
            ("IMDi CSV, each copy under new years", years, ("import_imdi", str(years), *DATE)),
            ("IMDi CSV, rows repeated as they are", again, ("import_imdi", str(again), *DATE)),
        ]
        ssb = ssb_file(folder, size)
        cases.append(("SSB JSON-stat, the file repeated", ssb, ("import_ssb", str(ssb))))
        print(f"{'case':44} {'MB':>5} {'s':>7} {'exit':>4} {'peak RSS MB':>11}  last line")
        for label, path, args in cases:
            megs = path.stat().st_size / 2**20 if path else 0
            seconds, status, peak, last = run(env, *args)
            print(f"{label:44} {megs:5.0f} {seconds:7.1f} {status:4} {peak:11}  {last}", flush=True)


if __name__ == "__main__":
    main()

"""Progress of a long import on the command's stderr: a progress bar with counts (rich) on a
terminal, plain lines otherwise (a log or a pipe gets one line per tenth of the file, not a
bar redrawn in place). Standard output keeps only the summary."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import OutputWrapper
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from kaaring.municipal_stats.services import ImportProgress, ProgressCallback

PLAIN_STEPS = 10  # lines per file when not on a terminal
PLAIN_ROWS = 50_000  # and one per so many rows when the size is unknown


@contextmanager
def import_progress(err: OutputWrapper, *, rows: str = "figures") -> Iterator[ProgressCallback]:
    if err.isatty():
        with _bar(rows) as told:
            yield told
    else:
        yield _PlainLines(err, rows)


@contextmanager
def _bar(rows: str) -> Iterator[ProgressCallback]:
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[rows]:,} " + rows),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as bar:
        tasks: dict[str, TaskID] = {}

        def told(step: ImportProgress) -> None:
            if step.source not in tasks:
                tasks[step.source] = bar.add_task(
                    step.source, total=step.total_bytes or None, rows=0
                )
            bar.update(tasks[step.source], completed=step.bytes_read, rows=step.rows)

        yield told


class _PlainLines:
    def __init__(self, err: OutputWrapper, rows: str) -> None:
        self.err = err
        self.rows = rows
        self.shown: dict[str, int] = {}

    def __call__(self, step: ImportProgress) -> None:
        if step.total_bytes:
            mark = step.bytes_read * PLAIN_STEPS // step.total_bytes
        else:
            mark = step.rows // PLAIN_ROWS
        if self.shown.get(step.source, -1) >= mark:
            return
        self.shown[step.source] = mark
        done = f"{step.rows:,} {self.rows}"
        if step.total_bytes:
            share = 100 * step.bytes_read // step.total_bytes
            done += f", {share} % of {step.total_bytes:,} bytes read"
        self.err.write(f"{step.source}: {done}")

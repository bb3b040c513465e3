"""Domain errors of the statistics app; commands turn them into CommandError (exit status 1)."""


class StatsImportError(Exception):
    """A source that cannot be imported. Nothing of it is stored.

    The message names the source (file name or URL), the line where known, and the reason.
    """

    def __init__(self, source: str, reason: str, *, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}, line {line}" if line is not None else source
        super().__init__(f"{where}: {reason}")


class AmbiguousMunicipalityNumber(Exception):
    """A former number whose territory is now divided between several municipalities."""

    def __init__(self, number: str, candidates: list[str]) -> None:
        self.number = number
        self.candidates = candidates
        super().__init__(
            f"Municipality number {number} is now divided between {', '.join(candidates)}."
        )

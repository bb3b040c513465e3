"""Fixtures for the statistics tests: the real KLASS 131 files, and small files written on the
spot for the malformed cases."""

from collections.abc import Callable
from pathlib import Path

import pytest

from kaaring.municipal_stats import services
from kaaring.municipal_stats.services import SAMPLE_DATA

IMDI = SAMPLE_DATA / "imdi"
SSB = SAMPLE_DATA / "ssb-jsonstat"


@pytest.fixture
def municipalities(db: None) -> services.MunicipalitiesImported:
    return services.municipalities_import(paths=sorted((SAMPLE_DATA / "klass131").glob("*.json")))


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write

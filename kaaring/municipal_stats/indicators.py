"""The indicators we know by name, in bokmål, nynorsk and English.

Indicator names are data (stored on ``Indicator``), not gettext strings: an SSB table the
catalogue does not know is imported under the table's own label, to be named better later.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_nb: str
    name_nn: str
    name_en: str
    unit: str
    decimals: int = 0


def _spec(code: str, nb: str, nn: str, en: str, unit: str, decimals: int = 0) -> IndicatorSpec:
    return IndicatorSpec(code, nb, nn, en, unit, decimals)


CATALOGUE: dict[str, IndicatorSpec] = {
    spec.code: spec
    for spec in [
        _spec(
            "imdi.anmodning",
            "Anmodning om bosetting av flyktninger",
            "Oppmoding om busetjing av flyktningar",
            "Refugees the municipality was asked to settle",
            "personer",
        ),
        _spec(
            "imdi.vedtak",
            "Kommunens vedtak om bosetting",
            "Vedtaket til kommunen om busetjing",
            "Refugees the municipality decided to settle",
            "personer",
        ),
        _spec(
            "imdi.bosatt",
            "Bosatte flyktninger",
            "Busette flyktningar",
            "Refugees settled",
            "personer",
        ),
        _spec(
            "imdi.vedtak_pct_anmodning",
            "Vedtak i prosent av anmodning",
            "Vedtak i prosent av oppmoding",
            "Decision as a percentage of the request",
            "prosent",
            2,
        ),
        _spec(
            "imdi.bosatt_pct_anmodning",
            "Bosatte i prosent av anmodning",
            "Busette i prosent av oppmoding",
            "Settled as a percentage of the request",
            "prosent",
            2,
        ),
        _spec(
            "imdi.bosatt_pct_vedtak",
            "Bosatte i prosent av vedtak",
            "Busette i prosent av vedtaket",
            "Settled as a percentage of the decision",
            "prosent",
            2,
        ),
        _spec(
            "imdi.anmodning_pct_vedtak",
            "Anmodning i prosent av vedtak",
            "Oppmoding i prosent av vedtaket",
            "Request as a percentage of the decision",
            "prosent",
            2,
        ),
        _spec(
            "imdi.bosatt_per_1000",
            "Bosatte flyktninger per 1000 innbyggere",
            "Busette flyktningar per 1000 innbyggjarar",
            "Refugees settled per 1,000 inhabitants",
            "promille",
            2,
        ),
        _spec(
            "imdi.intro_deltakere",
            "Deltakere i introduksjonsprogrammet",
            "Deltakarar i introduksjonsprogrammet",
            "Participants in the introduction programme",
            "personer",
        ),
        _spec(
            "imdi.intro_avslutning",
            "Avsluttet introduksjonsprogrammet, etter årsak",
            "Avslutta introduksjonsprogrammet, etter årsak",
            "Left the introduction programme, by reason",
            "personer",
        ),
        _spec(
            "imdi.intro_avslutning_pct",
            "Avsluttet introduksjonsprogrammet, etter årsak (prosent)",
            "Avslutta introduksjonsprogrammet, etter årsak (prosent)",
            "Left the introduction programme, by reason (per cent)",
            "prosent",
            1,
        ),
        _spec(
            "imdi.intro_status",
            "Status etter introduksjonsprogrammet",
            "Status etter introduksjonsprogrammet",
            "Status after the introduction programme",
            "personer",
        ),
        _spec(
            "imdi.intro_status_pct",
            "Status etter introduksjonsprogrammet (prosent)",
            "Status etter introduksjonsprogrammet (prosent)",
            "Status after the introduction programme (per cent)",
            "prosent",
        ),
        _spec(
            "ssb.07459.Personer1",
            "Folkemengde 1. januar",
            "Folkemengd 1. januar",
            "Population on 1 January",
            "personer",
        ),
    ]
}


def spec_for(code: str, *, fallback_name: str, unit: str, decimals: int = 0) -> IndicatorSpec:
    """The catalogue's spec, or one named after the source's own label."""
    if code in CATALOGUE:
        return CATALOGUE[code]
    name = fallback_name[:300]
    return IndicatorSpec(code, name, name, name, unit, decimals)


# Figures for nominee pages and jury dossiers, in order of preference: the indicator and the
# dimension values that make it the headline series.
KEY_FIGURES: list[tuple[str, dict[str, str]]] = [
    ("imdi.bosatt", {}),
    ("imdi.bosatt_per_1000", {}),
    ("imdi.vedtak", {}),
    ("imdi.intro_status_pct", {"avslutning_status_4": "arbutd", "kjonn": "alle"}),
    ("imdi.intro_deltakere", {"kjonn": "alle"}),
    ("ssb.07459.Personer1", {}),
]

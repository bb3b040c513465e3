"""The Borda count over the jurors' rankings, as a pure rule: no database."""

from fractions import Fraction as F  # noqa: N817 - short, the tables read as arithmetic
from types import SimpleNamespace

import pytest
from django.utils import translation

from kaaring.awards import decision_rules
from kaaring.awards.decision_rules import base, borda


def _settings(**fields: object) -> SimpleNamespace:
    values = {
        "voting_mode": "open",
        "finalist_count": 3,
        "tie_break": base.ALL_TIED_ADVANCE,
        "public_weight_percent": None,
    }
    return SimpleNamespace(**(values | fields))


def test_the_registry_finds_the_rule_and_lists_it_last() -> None:
    assert decision_rules.get("borda") is borda.RULE
    assert decision_rules.codes()[-1] == "borda"
    assert "borda" in decision_rules.codes(uses_public_vote=True)


def test_a_juror_s_points_run_from_zero_to_one_with_half_points_for_a_level_pair() -> None:
    assert borda.points({1: F(5), 2: F(3), 3: F(1)}) == {1: 1, 2: F(1, 2), 3: 0}
    assert borda.points({1: F(4), 2: F(4), 3: F(1)}) == {1: F(3, 4), 2: F(3, 4), 3: 0}
    assert borda.points({1: F(4)}) == {}  # one nominee is no order


def test_the_finalist_with_the_best_average_ranking_wins() -> None:
    votes = {1: 50, 2: 40, 3: 30, 4: 5}
    means = {
        10: {1: F(2), 2: F(5), 3: F(4)},
        11: {1: F(3), 2: F(4), 3: F(5)},
        12: {1: F(5), 2: F(4), 3: F(1)},
    }
    outcome = borda.compute(votes, means, (1, 2, 3))
    counts = {s.nominee: s.jury_score for s in outcome.breakdown}
    assert counts == {1: F(1, 3), 2: F(2, 3), 3: F(1, 2)}
    assert outcome.winner == 2
    assert outcome.tied == ()


def test_a_recused_juror_neither_helps_nor_harms_a_finalist() -> None:
    # Juror 11 did not score 1 (a conflict of interest): 1's count is juror 10's alone.
    means = {10: {1: F(5), 2: F(1), 3: F(3)}, 11: {2: F(5), 3: F(1)}}
    outcome = borda.compute({1: 3, 2: 2, 3: 1}, means, (1, 2, 3))
    counts = {s.nominee: s.jury_score for s in outcome.breakdown}
    assert counts[1] == 1
    assert counts[2] == F(1, 2)  # last for 10 (0), first for 11 (1)
    assert outcome.winner == 1


def test_a_nominee_outside_the_finalists_is_not_ranked() -> None:
    means = {10: {1: F(1), 2: F(2), 9: F(5)}}
    outcome = borda.compute({1: 9, 2: 8, 9: 1}, means, (1, 2))
    assert [s.nominee for s in outcome.breakdown] == [2, 1]
    assert outcome.winner == 2
    assert "9" not in outcome.inputs["juror_means"]["10"]


def test_a_tie_at_the_top_is_left_to_the_chair() -> None:
    means = {10: {1: F(5), 2: F(1)}, 11: {1: F(1), 2: F(5)}}
    tied = borda.compute({1: 2, 2: 1}, means, (1, 2))
    assert tied.winner is None
    assert tied.tied == (1, 2)
    assert borda.compute({1: 2, 2: 1}, means, (1, 2), verdict=2).winner == 2
    with pytest.raises(base.RuleInputError):
        borda.compute({1: 2, 2: 1, 3: 0}, means, (1, 2), verdict=3)


def test_nobody_ranked_yet_leaves_the_decision_open() -> None:
    outcome = borda.compute({1: 2, 2: 1}, {}, (1, 2))
    assert outcome.winner is None
    assert all(s.jury_score is None for s in outcome.breakdown)


def test_the_finalists_are_the_public_s_top_n_with_the_declared_tie_break() -> None:
    inputs = base.Inputs(
        settings=_settings(tie_break=base.JURY_DECIDES),
        votes={1: 9, 2: 5, 3: 5, 4: 5},
    )
    selection = borda.RULE.finalists(inputs)
    assert selection is not None
    assert selection.finalists == (1,)
    assert selection.tied == (2, 3, 4)
    means = {10: {1: F(1), 2: F(3), 3: F(2), 4: F(1)}}
    outcome = borda.RULE.outcome(
        base.Inputs(settings=inputs.settings, votes=inputs.votes, juror_means=means),
        verdict=None,
    )
    assert outcome is not None
    assert outcome.winner == 2  # the jury's ranking covers the nominees tied at the cut
    assert borda.RULE.outcome(base.Inputs(settings=inputs.settings), verdict=None) is None


def test_the_rule_refuses_settings_it_cannot_run_with() -> None:
    assert borda.RULE.validate(_settings()) == []
    fields = [f for f, _m in borda.RULE.validate(_settings(finalist_count=1))]
    assert fields == ["finalist_count"]
    fields = [f for f, _m in borda.RULE.validate(_settings(voting_mode="none"))]
    assert fields == ["voting_mode"]


@pytest.mark.parametrize(
    ("language", "words"),
    [("nb", "Borda"), ("nn", "Borda"), ("en", "Borda count")],
)
def test_the_public_reads_the_rule_in_their_language(language: str, words: str) -> None:
    with translation.override(language):
        sentences = borda.RULE.describe(_settings())
        label = str(borda.RULE.label)
    assert len(sentences) == 3
    assert words in sentences[-1]
    if language != "en":
        assert "finalist" in sentences[-1]
        assert "Each juror" not in sentences[-1]
        assert label != "the public picks the finalists, the jury's rankings pick the winner"

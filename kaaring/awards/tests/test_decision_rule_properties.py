"""Properties every decision rule keeps, over generated votes and scores (hypothesis)."""

from collections.abc import Mapping
from fractions import Fraction
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from kaaring.awards import decision_rules
from kaaring.awards.decision_rules import base, borda, weighted

NOMINEES = st.integers(min_value=1, max_value=40)
# Small counts on purpose: ties at the cut are then common, which is where rules go wrong.
VOTES = st.dictionaries(NOMINEES, st.integers(min_value=0, max_value=6), min_size=1, max_size=12)
TIE_BREAKS = st.sampled_from([base.ALL_TIED_ADVANCE, base.JURY_DECIDES])
SCORES = st.fractions(min_value=1, max_value=5, max_denominator=12)
RULES = st.sampled_from(decision_rules.all_rules())


def _settings(n: int, tie_break: str, rule: base.Rule) -> SimpleNamespace:
    return SimpleNamespace(
        voting_mode="open" if rule.uses_public_vote else "none",
        finalist_count=n,
        tie_break=tie_break,
        public_weight_percent=40 if rule.uses_public_weight else None,
    )


@st.composite
def edition_inputs(draw: st.DrawFn) -> tuple[base.Rule, base.Inputs]:
    rule = draw(RULES)
    votes = draw(VOTES)
    nominees = tuple(votes)
    jurors = draw(st.lists(st.integers(100, 110), max_size=4, unique=True))
    means = {
        j: draw(st.dictionaries(st.sampled_from(nominees), SCORES, max_size=len(nominees)))
        for j in jurors
    }
    collected: dict[int, list[Fraction]] = {}
    for m in means.values():
        for nominee, value in m.items():
            collected.setdefault(nominee, []).append(value)
    scores = {n: sum(v, Fraction(0)) / len(v) for n, v in collected.items()}
    inputs = base.Inputs(
        settings=_settings(draw(st.integers(2, 6)), draw(TIE_BREAKS), rule),
        nominees=nominees,
        votes=votes if rule.uses_public_vote else None,
        jury_scores=scores,
        juror_means=means,
        scale=(Fraction(1), Fraction(5)),
    )
    return rule, inputs


def _shuffled(inputs: base.Inputs, order: list[int]) -> base.Inputs:
    votes = {n: inputs.votes[n] for n in order} if inputs.votes is not None else None
    return base.Inputs(
        settings=inputs.settings,
        nominees=tuple(order),
        votes=votes,
        jury_scores={n: inputs.jury_scores[n] for n in order if n in inputs.jury_scores},
        juror_means={
            j: {n: m[n] for n in order if n in m}
            for j, m in reversed(list(inputs.juror_means.items()))
        },
        scale=inputs.scale,
    )


def _decision(outcome: base.Outcome | None) -> tuple[object, ...] | None:
    """What an outcome decides, without the order in which equals happen to be listed."""
    if outcome is None:
        return None
    return (
        frozenset(outcome.finalists),
        outcome.winner,
        frozenset(outcome.tied),
        outcome.open_places,
    )


@given(edition_inputs())
def test_finalists_and_winner_are_always_nominees(case: tuple[base.Rule, base.Inputs]) -> None:
    rule, inputs = case
    for outcome in (rule.finalists(inputs), rule.outcome(inputs, verdict=None)):
        assert outcome is not None
        assert set(outcome.finalists) <= set(inputs.nominees)
        assert set(outcome.tied) <= set(inputs.nominees)
        assert outcome.winner is None or outcome.winner in inputs.nominees


@given(edition_inputs(), st.data())
def test_the_order_of_the_input_does_not_change_the_outcome(
    case: tuple[base.Rule, base.Inputs], data: st.DataObject
) -> None:
    rule, inputs = case
    other = _shuffled(inputs, data.draw(st.permutations(inputs.nominees)))
    assert _decision(rule.finalists(inputs)) == _decision(rule.finalists(other))
    assert _decision(rule.outcome(inputs, verdict=None)) == _decision(
        rule.outcome(other, verdict=None)
    )


@given(VOTES, st.integers(1, 6), TIE_BREAKS)
def test_a_tie_at_the_cut_is_never_broken_silently(
    votes: Mapping[int, int], n: int, tie_break: str
) -> None:
    outcome = base.finalists_top_n(votes, n=n, tie_break=tie_break)
    through = set(outcome.finalists)
    for a in votes:
        for b in votes:
            if votes[a] == votes[b] and (a in through) != (b in through):
                # Level nominees on either side of the cut: only if the jury is told to choose.
                assert {a, b} <= set(outcome.tied)
                assert outcome.open_places > 0
    if len(through) > n:
        # More finalists than places only when all level at the cut were declared to go through.
        assert tie_break == base.ALL_TIED_ADVANCE
        assert outcome.tied
    if outcome.open_places:
        assert len(through) + outcome.open_places == n


@given(VOTES, st.integers(1, 6), TIE_BREAKS, st.data())
def test_one_more_vote_for_a_finalist_never_removes_it(
    votes: dict[int, int], n: int, tie_break: str, data: st.DataObject
) -> None:
    before = base.finalists_top_n(votes, n=n, tie_break=tie_break)
    if not before.finalists:
        return
    finalist = data.draw(st.sampled_from(before.finalists))
    after = base.finalists_top_n({**votes, finalist: votes[finalist] + 1}, n=n, tie_break=tie_break)
    assert finalist in after.finalists


@given(VOTES, st.data())
def test_one_more_vote_for_the_public_winner_keeps_it_the_winner(
    votes: dict[int, int], data: st.DataObject
) -> None:
    rule = decision_rules.get("public_only")
    inputs = base.Inputs(settings=_settings(3, base.ALL_TIED_ADVANCE, rule), votes=votes)
    before = rule.outcome(inputs, verdict=None)
    assert before is not None
    leader = before.winner if before.winner is not None else data.draw(st.sampled_from(before.tied))
    more = base.Inputs(settings=inputs.settings, votes={**votes, leader: votes[leader] + 1})
    after = rule.outcome(more, verdict=None)
    assert after is not None
    assert after.winner == leader


@given(VOTES, st.integers(0, 100), st.data())
def test_weighted_shares_sum_to_one_exactly(
    votes: dict[int, int], weight: int, data: st.DataObject
) -> None:
    scores = {n: data.draw(st.none() | SCORES) for n in votes}
    outcome = weighted.compute(
        votes,
        scores,
        public_weight_percent=weight,
        scale_min=Fraction(1),
        scale_max=Fraction(5),
    )
    public = sum((s.public_share for s in outcome.breakdown), Fraction(0))
    assert public == (1 if sum(votes.values()) else 0)
    w = Fraction(weight, 100)
    for share in outcome.breakdown:
        assert share.combined == w * share.public_share + (1 - w) * share.jury_share
        assert 0 <= share.combined <= 1


@given(st.dictionaries(NOMINEES, SCORES, min_size=2, max_size=10))
@settings(max_examples=50)
def test_a_juror_s_borda_points_add_up_to_half_the_nominees(means: dict[int, Fraction]) -> None:
    points = borda.points(means)
    assert sum(points.values(), Fraction(0)) == Fraction(len(means), 2)
    assert all(0 <= p <= 1 for p in points.values())

"""The decision rules, as pure functions: no database."""

from fractions import Fraction

import pytest

from kaaring.awards.decision_rules import base, jury_only, public_only, top_n_then_jury, weighted

# Nominee ids in list order: Stange 1, Asker 2, Bærum 3, Bodø 4, Tromsø 5, Steinkjer 6, Lørenskog 7.
IMDI_2018 = {1: 410, 2: 380, 3: 520, 4: 120, 5: 300, 6: 90, 7: 250}


def test_top_n_picks_the_three_with_most_valid_votes() -> None:
    outcome = base.finalists_top_n(IMDI_2018, n=3, tie_break=base.ALL_TIED_ADVANCE)
    assert outcome.finalists == (3, 1, 2)
    assert outcome.tied == ()
    assert outcome.inputs == {
        "n": 3,
        "tie_break": "all_tied_advance",
        "votes": {str(k): v for k, v in IMDI_2018.items()},
    }


def test_all_tied_at_the_cut_go_through_when_declared() -> None:
    votes = {1: 50, 2: 40, 3: 30, 4: 30, 5: 10}
    outcome = base.finalists_top_n(votes, n=3, tie_break=base.ALL_TIED_ADVANCE)
    assert outcome.finalists == (1, 2, 3, 4)
    assert outcome.tied == (3, 4)
    assert outcome.open_places == 0


def test_the_jury_fills_the_places_at_the_cut_when_declared() -> None:
    votes = {1: 50, 2: 30, 3: 30, 4: 30, 5: 10}
    outcome = base.finalists_top_n(votes, n=3, tie_break=base.JURY_DECIDES)
    assert outcome.finalists == (1,)
    assert outcome.tied == (2, 3, 4)
    assert outcome.open_places == 2


def test_a_tie_below_the_cut_is_no_tie_at_the_cut() -> None:
    votes = {1: 50, 2: 40, 3: 30, 4: 10, 5: 10}
    outcome = base.finalists_top_n(votes, n=3, tie_break=base.JURY_DECIDES)
    assert outcome.finalists == (1, 2, 3)
    assert outcome.tied == ()


def test_fewer_nominees_than_places_all_go_through() -> None:
    outcome = base.finalists_top_n({1: 0, 2: 5}, n=3, tie_break=base.JURY_DECIDES)
    assert outcome.finalists == (2, 1)


def test_an_edition_without_votes_ties_everyone_at_the_cut() -> None:
    votes = dict.fromkeys(range(1, 8), 0)
    advance = base.finalists_top_n(votes, n=3, tie_break=base.ALL_TIED_ADVANCE)
    assert advance.finalists == tuple(range(1, 8))
    jury = base.finalists_top_n(votes, n=3, tie_break=base.JURY_DECIDES)
    assert jury.finalists == ()
    assert jury.open_places == 3
    assert jury.tied == tuple(range(1, 8))


def test_top_n_then_jury_waits_for_the_verdict_then_records_it() -> None:
    pending = top_n_then_jury.compute(IMDI_2018, n=3, tie_break="all_tied_advance", verdict=None)
    assert pending.rule == "top_n_then_jury"
    assert pending.winner is None
    assert pending.needs_jury
    decided = top_n_then_jury.compute(IMDI_2018, n=3, tie_break="all_tied_advance", verdict=3)
    assert decided.winner == 3
    assert decided.inputs["verdict"] == 3
    assert decided.as_data()["finalists"] == [3, 1, 2]


def test_top_n_then_jury_refuses_a_verdict_for_a_non_finalist() -> None:
    with pytest.raises(base.RuleInputError):
        top_n_then_jury.compute(IMDI_2018, n=3, tie_break="all_tied_advance", verdict=4)


def test_top_n_then_jury_lets_the_jury_pick_among_those_tied_at_the_cut() -> None:
    votes = {1: 50, 2: 30, 3: 30, 4: 5}
    outcome = top_n_then_jury.compute(votes, n=2, tie_break="jury_decides", verdict=3)
    assert outcome.winner == 3
    with pytest.raises(base.RuleInputError):
        top_n_then_jury.compute(votes, n=2, tie_break="jury_decides", verdict=4)


def test_weighted_combines_public_share_and_jury_score_with_a_breakdown() -> None:
    votes = {1: 600, 2: 300, 3: 100}
    scores = {1: Fraction(3), 2: Fraction(5), 3: Fraction(4)}
    outcome = weighted.compute(
        votes, scores, public_weight_percent=40, scale_min=Fraction(1), scale_max=Fraction(5)
    )
    by_id = {share.nominee: share for share in outcome.breakdown}
    assert by_id[1].public_share == Fraction(6, 10)
    assert by_id[1].jury_share == Fraction(1, 2)
    assert by_id[1].combined == Fraction(2, 5) * Fraction(6, 10) + Fraction(3, 5) * Fraction(1, 2)
    # Asker: 0.4 * 0.3 + 0.6 * 1 = 0.72 beats Stange's 0.54 and Bærum's 0.49.
    assert outcome.winner == 2
    assert outcome.finalists == (2, 1, 3)
    assert outcome.rule == "weighted"
    assert outcome.as_data()["breakdown"][0]["combined"] == "18/25"


def test_weighted_counts_an_unscored_nominee_as_zero_from_the_jury() -> None:
    outcome = weighted.compute(
        {1: 1, 2: 1},
        {1: Fraction(5), 2: None},
        public_weight_percent=50,
        scale_min=Fraction(0),
        scale_max=Fraction(10),
    )
    unscored = next(s for s in outcome.breakdown if s.nominee == 2)
    assert unscored.jury_score is None
    assert unscored.jury_share == 0
    assert outcome.winner == 1


def test_weighted_leaves_a_tie_at_the_top_to_the_jury() -> None:
    kwargs = {"public_weight_percent": 50, "scale_min": Fraction(0), "scale_max": Fraction(10)}
    votes = {1: 10, 2: 10}
    scores = {1: Fraction(6), 2: Fraction(6)}
    tied = weighted.compute(votes, scores, **kwargs)  # type: ignore[arg-type]
    assert tied.winner is None
    assert tied.tied == (1, 2)
    settled = weighted.compute(votes, scores, verdict=2, **kwargs)  # type: ignore[arg-type]
    assert settled.winner == 2


def test_weighted_without_votes_is_the_jury_alone() -> None:
    outcome = weighted.compute(
        {},
        {1: Fraction(2), 2: Fraction(4)},
        public_weight_percent=30,
        scale_min=Fraction(1),
        scale_max=Fraction(5),
    )
    assert outcome.winner == 2
    assert all(share.public_share == 0 for share in outcome.breakdown)


@pytest.mark.parametrize("weight", [-1, 101])
def test_weighted_refuses_a_weight_outside_0_to_100(weight: int) -> None:
    with pytest.raises(base.RuleInputError):
        weighted.compute(
            {}, {}, public_weight_percent=weight, scale_min=Fraction(0), scale_max=Fraction(1)
        )


def test_jury_only_is_the_chairs_verdict() -> None:
    pending = jury_only.compute([1, 2, 3], {1: Fraction(4), 2: None}, verdict=None)
    assert pending.needs_jury
    assert pending.finalists == (1, 2, 3)
    decided = jury_only.compute([1, 2, 3], {}, verdict=2)
    assert decided.winner == 2
    assert decided.rule == "jury_only"
    with pytest.raises(base.RuleInputError):
        jury_only.compute([1, 2, 3], {}, verdict=9)


def test_public_only_gives_the_prize_to_most_valid_votes() -> None:
    outcome = public_only.compute(IMDI_2018)
    assert outcome.winner == 3
    assert outcome.tied == ()
    assert not outcome.needs_jury


def test_public_only_leaves_a_tie_at_the_top_to_the_jury() -> None:
    outcome = public_only.compute({1: 10, 2: 10, 3: 4})
    assert outcome.winner is None
    assert outcome.tied == (1, 2)
    assert public_only.compute({1: 10, 2: 10, 3: 4}, verdict=2).winner == 2
    with pytest.raises(base.RuleInputError):
        public_only.compute({1: 10, 2: 10, 3: 4}, verdict=3)


def test_public_only_without_votes_is_a_tie_of_everyone() -> None:
    outcome = public_only.compute({1: 0, 2: 0})
    assert outcome.winner is None
    assert outcome.tied == (1, 2)
    assert public_only.compute({}).winner is None

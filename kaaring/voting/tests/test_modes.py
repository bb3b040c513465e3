"""Every voting mode has the same shape and is found through one registry."""

import pytest
from django.template.loader import get_template

from kaaring.awards.models import VotingMode
from kaaring.ratelimits.services import LIMITS
from kaaring.voting.models import BallotMode, BallotSignals
from kaaring.voting.modes import MODES, mode_of


def test_every_way_of_voting_is_a_mode_and_nothing_else_is():
    assert set(MODES) == {m.value for m in VotingMode} - {VotingMode.NONE}
    assert set(MODES) == {m.value for m in BallotMode}
    assert mode_of(VotingMode.NONE) is None


@pytest.mark.parametrize("name", sorted(MODES))
def test_a_modes_rate_limits_signals_and_template_exist(name):
    mode = MODES[name]
    assert set(mode.purposes) <= set(LIMITS)
    fields = {field.name for field in BallotSignals._meta.get_fields()}
    assert set(mode.signals) <= fields
    assert get_template(mode.start_template)


def test_no_rate_limit_is_claimed_by_two_modes():
    purposes = [purpose for mode in MODES.values() for purpose in mode.purposes]
    assert len(purposes) == len(set(purposes))

"""Voting modes: how a voter is verified, one module per mode, found through ``MODES``.

Every mode has the same shape: its ``NAME`` (a ``VotingMode`` value and the ``Ballot.mode`` it
records), the rate-limit ``PURPOSES`` it counts (declared with their reasons in
``kaaring.ratelimits.services.LIMITS``), the review ``SIGNALS`` its ballots carry (fields of
``BallotSignals``), the ``START_TEMPLATE`` that verifies the voter on the vote page, and one
service that takes the parsed request and returns the ballot's receipt or raises a
``VotingError``:

- ``open`` (``modes/open.py``): one vote per browser; ``open_ballot_cast``.
- ``email`` (``modes/mail.py``; it keeps a confirmation row and sends mail): one vote per
  address; ``email_confirmation_request`` starts, ``mail_ballot_cast`` casts. Its background
  tasks stay in ``kaaring/voting/tasks.py``, whose dotted paths queued task rows name.
- ``eid`` (``modes/eid.py``, the login in ``kaaring/voting/oidc.py``): one vote per person;
  ``eid_ballot_cast``.

Every mode casts through ``services.ballot_cast``, so the database's rules (one counted ballot
per voter key, the window by the database's clock) hold for all of them. A new mode is a new
module here with the same names, one line in ``MODES``, a ``VotingMode`` value (and its
migration), its start template and its interface view.
"""

from dataclasses import dataclass
from types import ModuleType

from kaaring.voting.modes import eid, mail
from kaaring.voting.modes import open as open_mode


@dataclass(frozen=True)
class Mode:
    name: str
    purposes: tuple[str, ...]
    signals: tuple[str, ...]
    start_template: str


def _mode(module: ModuleType) -> Mode:
    return Mode(
        name=module.NAME,
        purposes=tuple(module.PURPOSES),
        signals=tuple(module.SIGNALS),
        start_template=module.START_TEMPLATE,
    )


MODES: dict[str, Mode] = {mode.name: mode for mode in map(_mode, (open_mode, mail, eid))}


def mode_of(name: str) -> Mode | None:
    """The mode called ``name`` (``None`` for "none" or an unknown name)."""
    return MODES.get(name)

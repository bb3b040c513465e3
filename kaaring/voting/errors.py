"""What can go wrong when a ballot is cast; interfaces turn each into a message."""


class VotingError(Exception):
    """Base class: the ballot was not recorded."""


class VotingNotOpen(VotingError):
    """Voting has not opened yet."""


class VotingClosed(VotingError):
    """Voting has closed (decided by the database's clock)."""


class NomineeNotAvailable(VotingError):
    """The nominee is not in this edition, or has been withdrawn."""


class WrongVotingMode(VotingError):
    """The edition is not voted on this way."""


class AlreadyVoted(VotingError):
    """This voter has a ballot in the edition already (from another submission)."""


class ProofOfWorkReused(VotingError):
    """The solved proof-of-work challenge was used for another ballot already."""

"""What results tells the packages built on it, without importing them."""

from django.dispatch import Signal

# Sent once the first tally of an edition has been frozen and committed, with ``edition_id``.
# The ballot log makes its final checkpoint on it (kaaring/ballotlog/apps.py).
tally_frozen = Signal()

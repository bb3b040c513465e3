"""Errors of the ballot log that interfaces turn into messages."""


class ReceiptMalformed(Exception):
    """Not twelve letters and digits."""


class ReceiptUnknown(Exception):
    """No ballot has this receipt."""


class ReceiptOfAnotherEdition(Exception):
    """The ballot belongs to another edition than the one asked about."""


class NotYetLogged(Exception):
    """The ballot is recorded but no checkpoint covers it yet."""

"""The one exception tree of communique.

    CommuniqueError            anything this package raises on purpose
     ├── InputError            a file or text that cannot be read as a document
     │    └── KeyReuseError    an Idempotency-Key sent again with a different request
     ├── FetchError            a URL that cannot be fetched
     ├── ModelError            a spaCy pipeline or embedding model that cannot be loaded
     ├── StoreError            the database cannot be opened, migrated or written
     │    ├── NotFoundError    no row with that id
     │    ├── DuplicateError   a unique key already taken (a concurrent write of the same thing)
     │    └── BusyError        another writer holds the database (retried, then reported)
     └── ConfigError           a setting with a bad name or value

The CLI maps each to a one-line message and an exit code (``exit_code``);
the API maps them to HTTP statuses.
"""

from __future__ import annotations


class CommuniqueError(Exception):
    """Base class: a failure explained in one line for the user."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InputError(CommuniqueError):
    """Empty, binary, too large, undecodable or otherwise unreadable input."""

    exit_code = 2


class FetchError(CommuniqueError):
    """A URL could not be fetched (refused address, timeout, too large)."""

    exit_code = 3


class ModelError(CommuniqueError):
    """A language model could not be loaded."""

    exit_code = 4


class StoreError(CommuniqueError):
    """The store could not be opened, migrated or written."""

    exit_code = 5


class NotFoundError(StoreError):
    """No stored row has that id (also for ids outside the range the database can hold)."""


class DuplicateError(StoreError):
    """A write collided with a unique key (another writer stored the same thing first)."""


class BusyError(StoreError):
    """Another writer held the database for longer than the wait allows."""


class KeyReuseError(InputError):
    """An ``Idempotency-Key`` was used before for a different request."""


class ConfigError(CommuniqueError):
    """A setting is unknown or has a bad value."""

    exit_code = 6

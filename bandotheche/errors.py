"""The project's exceptions: each carries a message a data officer can act on."""


class BandoError(Exception):
    """Base class; the CLI prints the message on one line and exits non-zero."""

    exit_code = 1


class InputError(BandoError):
    """A file or argument the user gave cannot be used (missing, corrupt, wrong columns, wrong CRS)."""


class UnknownUnitError(InputError):
    """A province, district or commune name or code that the official list does not hold."""


class DownloadError(BandoError):
    """A download failed or its content does not match the expected checksum."""


class DatabaseError(BandoError):
    """The database cannot be opened or is not in the expected state."""


class DatabaseUnavailable(DatabaseError):
    """The database cannot be reached or read right now: server down, file missing or damaged, a timeout."""


class DatabaseBusy(DatabaseUnavailable):
    """Another process held the database's write lock for longer than the busy timeout."""


class SchemaOutdated(DatabaseError):
    """The database's schema is behind the code; `bandotheche db upgrade` brings it up to date."""

"""Exceptions for the TandemC status codes (the numbers are the ABI's ``TandemStatus``)."""

from __future__ import annotations


class TandemError(RuntimeError):
    """A call into the Tandem library failed; ``status`` is the ABI's code, the message is the library's."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class InvalidArgumentError(TandemError, ValueError):
    """A null pointer, a buffer of the wrong size, or a malformed argument (status -1)."""


class InvalidHandleError(TandemError):
    """The native handle is closed or not a live Tandem handle (status -2)."""


class ActionOutOfRangeError(TandemError, ValueError):
    """An action component outside ``0..nvec-1`` (status -3)."""


class ResetNeededError(TandemError):
    """``step`` before the first ``reset`` (status -4)."""


class EpisodeEndedError(TandemError):
    """``step`` after the episode terminated or truncated, without a ``reset`` (status -5)."""


class ConfigurationError(TandemError, ValueError):
    """The scenario, the options or the sub-network library cannot make an environment (status -6)."""


class EnvironmentFailureError(TandemError):
    """The environment itself failed (status -7)."""


_BY_STATUS = {
    -1: InvalidArgumentError,
    -2: InvalidHandleError,
    -3: ActionOutOfRangeError,
    -4: ResetNeededError,
    -5: EpisodeEndedError,
    -6: ConfigurationError,
    -7: EnvironmentFailureError,
}


def raise_for_status(status: int, message: str) -> None:
    """Raises the exception class that belongs to ``status``."""
    raise _BY_STATUS.get(status, TandemError)(status, message or f"Tandem library call failed with status {status}")

"""Domain errors. The web layer maps each to an HTTP status (see pressroom.web.errors)."""

from __future__ import annotations

from typing import Any

from pressroom.domain.messages import Message


class DomainError(Exception):
    """A rule of the domain refused an action. `code` is stable and machine-readable."""

    code = "invalid"
    status = 400

    def __init__(self, message: str | Message, *, details: Any = None) -> None:
        super().__init__(message)
        self._message = message
        self.details = details

    @property
    def message(self) -> str:
        """In the language of whoever reads it: a domain Message is translated here, at
        the edge, not where the rule refused."""
        return str(self._message)

    @property
    def params(self) -> dict[str, Any]:
        return dict(self._message.params) if isinstance(self._message, Message) else {}


class ValidationFailed(DomainError):
    """Input did not pass validation; `details` maps field names to messages."""

    code = "validation_failed"
    status = 400


class SignInRequired(DomainError):
    """The caller is not signed in (or their token is not valid): 401, not a redirect."""

    code = "unauthorized"
    status = 401


class NotFound(DomainError):
    """The object does not exist or the actor may not know it exists."""

    code = "not_found"
    status = 404


class PermissionDenied(DomainError):
    """The actor may see the object but not perform this action on it."""

    code = "forbidden"
    status = 403


class InvalidTransition(DomainError):
    """The statement's state does not allow this action now."""

    code = "invalid_transition"
    status = 409


class StaleRevision(DomainError):
    """An action named a revision that is no longer the current one."""

    code = "stale_revision"
    status = 409


class StaleBundle(DomainError):
    """A decision named a release bundle that is no longer the current one."""

    code = "stale_bundle"
    status = 409

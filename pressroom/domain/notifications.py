"""The kinds of notification a participant receives, and which of them arrive by e-mail
unless the person chose otherwise. Pure: the texts are rendered at display time in the
reader's language (services.notification_texts); only the kind and its data are stored."""

from __future__ import annotations

import enum
from collections.abc import Mapping


class Kind(enum.StrEnum):
    # The rows store these values; docs/notifications.md says who receives each.
    review_requested = "review_requested"  # a statement was submitted for review
    changes_requested = "changes_requested"  # a head requested changes
    approval_dismissed = "approval_dismissed"  # a change made your organization's approval void
    ready_to_publish = "ready_to_publish"  # every participating organization approved
    translation_needed = "translation_needed"  # a target language was added
    translation_outdated = "translation_outdated"  # the source changed after a translation
    mentioned = "mentioned"  # a comment @mentions you
    reply = "reply"  # a reply in a comment thread you wrote in
    published = "published"  # a release was published (or scheduled)
    embargo_lifted = "embargo_lifted"  # a scheduled release became public


#: By e-mail unless the person turned it off. An outdated translation is reported after
#: every change of the source text while people are still writing: the inbox and the
#: translation page say it, the mailbox does not unless asked.
EMAIL_DEFAULTS: Mapping[Kind, bool] = {kind: kind != Kind.translation_outdated for kind in Kind}


def wants_email(settings: Mapping[str, bool] | None, kind: Kind) -> bool:
    """Whether a person whose stored choices are `settings` (kind -> on/off; kinds not in
    it keep their default) gets `kind` by e-mail."""
    value = (settings or {}).get(kind.value)
    return EMAIL_DEFAULTS[kind] if value is None else bool(value)


def email_settings(chosen: set[str]) -> dict[str, bool]:
    """The stored choices for the kinds ticked in a form: every kind, on or off."""
    return {kind.value: kind.value in chosen for kind in Kind}

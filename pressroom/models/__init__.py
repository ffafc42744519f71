"""All models, importable from one place (Alembic and the services need them all)."""

from pressroom.models.approval import Approval, Decision
from pressroom.models.audit import AuditEvent
from pressroom.models.blob import BlobChunk, StoredBlob
from pressroom.models.bundle import BundleFile, BundleRecord, RenderStatus
from pressroom.models.comment import Comment
from pressroom.models.embargo import (
    AccessKind,
    Accreditation,
    EmbargoAccess,
    EmbargoCopy,
    EmbargoInvitation,
)
from pressroom.models.live import LiveDocument, LiveUpdate
from pressroom.models.media import MediaFile, ReleaseMedium, StatementMedium
from pressroom.models.notification import Notification
from pressroom.models.organization import Contact, Organization, OrganizationName
from pressroom.models.release import Artifact, ArtifactKind, Release, ReleaseOrganization
from pressroom.models.signing import BundleSigning, SigningCertificate, SigningStatus
from pressroom.models.statement import (
    Participant,
    PendingRevision,
    Presence,
    Revision,
    RevisionKind,
    Statement,
    Status,
    TargetLanguage,
)
from pressroom.models.subscriber import AlertDelivery, Subscriber, SubscriberOrganization
from pressroom.models.translation import Translation, TranslationRevision
from pressroom.models.user import ApiToken, LoginAttempt, Role, User, UserSession

__all__ = [
    "AccessKind",
    "Accreditation",
    "EmbargoAccess",
    "EmbargoCopy",
    "EmbargoInvitation",
    "AlertDelivery",
    "Subscriber",
    "SubscriberOrganization",
    "ApiToken",
    "Approval",
    "Artifact",
    "ArtifactKind",
    "AuditEvent",
    "BlobChunk",
    "BundleFile",
    "BundleRecord",
    "BundleSigning",
    "Comment",
    "Contact",
    "Decision",
    "LiveDocument",
    "LiveUpdate",
    "LoginAttempt",
    "MediaFile",
    "Notification",
    "Organization",
    "OrganizationName",
    "Participant",
    "PendingRevision",
    "Presence",
    "Release",
    "ReleaseMedium",
    "ReleaseOrganization",
    "RenderStatus",
    "Revision",
    "RevisionKind",
    "Role",
    "SigningCertificate",
    "SigningStatus",
    "Statement",
    "StatementMedium",
    "Status",
    "StoredBlob",
    "TargetLanguage",
    "Translation",
    "TranslationRevision",
    "User",
    "UserSession",
]

"""E-mail alerts: a journalist's address and preferences (nothing else: no name, no IP
address), and one row per alert due to a subscriber, which makes sending idempotent."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pressroom.db import Base, UTCDateTime, utcnow
from pressroom.models.organization import Organization


class Subscriber(Base):
    """Exists only once the address confirmed (double opt-in); unsubscribing deletes it."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    # Every organization's releases, or only those of `organizations`.
    all_organizations: Mapped[bool] = mapped_column(default=True)
    # Languages in the subscriber's order of preference (codes such as "ru", "kk").
    languages: Mapped[list[str]] = mapped_column(sa.JSON)
    # Consent: when the confirmation link was followed (and preferences last confirmed).
    confirmed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Part of every unsubscribe link: a link keeps working for this subscription only.
    key: Mapped[str] = mapped_column(sa.String(32))

    organizations: Mapped[list[Organization]] = relationship(
        secondary="subscriber_organizations", lazy="selectin", order_by="Organization.slug"
    )


class SubscriberOrganization(Base):
    __tablename__ = "subscriber_organizations"

    subscriber_id: Mapped[int] = mapped_column(
        sa.ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    organization_id: Mapped[int] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class AlertDelivery(Base):
    """One alert of one release to one subscriber: made when the release's embargo lifts,
    claimed by the batch job that sends it, marked sent once the mail server took it."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (sa.UniqueConstraint("release_id", "subscriber_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    release_id: Mapped[int] = mapped_column(sa.ForeignKey("releases.id", ondelete="CASCADE"))
    subscriber_id: Mapped[int] = mapped_column(
        sa.ForeignKey("subscribers.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A batch job holds the row while it sends (a lease: another may take it after
    # ALERTS_CLAIM_SECONDS, when the holder died).
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")

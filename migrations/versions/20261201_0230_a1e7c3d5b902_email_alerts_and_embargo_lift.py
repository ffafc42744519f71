"""e-mail alerts and the embargo-lift job

`releases.lifted_at`: when the lift job ran (claimed once); releases already public at the
upgrade count as lifted (no alerts for the archive). Subscribers (address and preferences
only), their organizations, and one delivery row per alert sent.

Revision ID: a1e7c3d5b902
Revises: 86f3a02f40f3
Create Date: 2026-12-01 02:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

import pressroom.db

# revision identifiers, used by Alembic.
revision = 'a1e7c3d5b902'
down_revision = '86f3a02f40f3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lifted_at', pressroom.db.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index('ix_releases_unlifted', ['public_at'], unique=False,
                              sqlite_where=sa.text('lifted_at IS NULL'),
                              postgresql_where=sa.text('lifted_at IS NULL'))
    op.execute("UPDATE releases SET lifted_at = public_at WHERE public_at <= CURRENT_TIMESTAMP")

    op.create_table(
        'subscribers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('all_organizations', sa.Boolean(), nullable=False),
        sa.Column('languages', sa.JSON(), nullable=False),
        sa.Column('confirmed_at', pressroom.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_subscribers')),
        sa.UniqueConstraint('email', name=op.f('uq_subscribers_email')),
    )
    op.create_table(
        'subscriber_organizations',
        sa.Column('subscriber_id', sa.Integer(), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'],
                                name=op.f('fk_subscriber_organizations_organization_id_organizations'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'],
                                name=op.f('fk_subscriber_organizations_subscriber_id_subscribers'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('subscriber_id', 'organization_id',
                                name=op.f('pk_subscriber_organizations')),
    )
    with op.batch_alter_table('subscriber_organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_subscriber_organizations_organization_id'),
                              ['organization_id'], unique=False)
    op.create_table(
        'alert_deliveries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('release_id', sa.Integer(), nullable=False),
        sa.Column('subscriber_id', sa.Integer(), nullable=False),
        sa.Column('created_at', pressroom.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('claimed_at', pressroom.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('sent_at', pressroom.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
        sa.ForeignKeyConstraint(['release_id'], ['releases.id'],
                                name=op.f('fk_alert_deliveries_release_id_releases'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['subscriber_id'], ['subscribers.id'],
                                name=op.f('fk_alert_deliveries_subscriber_id_subscribers'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_deliveries')),
        sa.UniqueConstraint('release_id', 'subscriber_id',
                            name=op.f('uq_alert_deliveries_release_id_subscriber_id')),
    )
    with op.batch_alter_table('alert_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_deliveries_subscriber_id'),
                              ['subscriber_id'], unique=False)


def downgrade():
    op.drop_table('alert_deliveries')
    op.drop_table('subscriber_organizations')
    op.drop_table('subscribers')
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.drop_index('ix_releases_unlifted',
                            sqlite_where=sa.text('lifted_at IS NULL'),
                            postgresql_where=sa.text('lifted_at IS NULL'))
        batch_op.drop_column('lifted_at')

"""notifications: the in-app inbox and each person's e-mail choices

One row per notification and recipient: the kind and its data (rendered in the reader's
language at display time), the statement, language and comment it is about, who caused
it, the path to the exact place, and when it was read. `users.email_notifications`: which
kinds arrive by e-mail (kind -> on/off; kinds not in it keep their default).

Revision ID: b5d1e9f3a7c2
Revises: c41e8d2f7a90
Create Date: 2026-12-01 05:30:00

"""
import sqlalchemy as sa
from alembic import op

import pressroom.db

# revision identifiers, used by Alembic.
revision = 'b5d1e9f3a7c2'
down_revision = 'c41e8d2f7a90'
branch_labels = None
depends_on = None

KINDS = (
    'review_requested', 'changes_requested', 'approval_dismissed', 'ready_to_publish',
    'translation_needed', 'translation_outdated', 'mentioned', 'reply', 'published',
    'embargo_lifted',
)


def upgrade():
    op.create_table(
        'notifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recipient_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum(*KINDS, name='kind', native_enum=False, length=32),
                  nullable=False),
        sa.Column('statement_id', sa.Integer(), nullable=True),
        sa.Column('lang', sa.String(length=16), nullable=True),
        sa.Column('comment_id', sa.Integer(), nullable=True),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('link', sa.String(length=500), server_default='', nullable=False),
        sa.Column('created_at', pressroom.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('read_at', pressroom.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['actor_id'], ['users.id'],
                                name=op.f('fk_notifications_actor_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['comment_id'], ['comments.id'],
                                name=op.f('fk_notifications_comment_id_comments'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['recipient_id'], ['users.id'],
                                name=op.f('fk_notifications_recipient_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['statement_id'], ['statements.id'],
                                name=op.f('fk_notifications_statement_id_statements'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_recipient_id_id', ['recipient_id', 'id'],
                              unique=False)
        batch_op.create_index('ix_notifications_recipient_id_read_at',
                              ['recipient_id', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_statement_id'), ['statement_id'],
                              unique=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_notifications', sa.JSON(), server_default='{}',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email_notifications')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_statement_id'))
        batch_op.drop_index('ix_notifications_recipient_id_read_at')
        batch_op.drop_index('ix_notifications_recipient_id_id')
    op.drop_table('notifications')

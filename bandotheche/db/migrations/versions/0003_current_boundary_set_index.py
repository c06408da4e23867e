"""index choosing each province's current boundary set

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_admin_unit_current", "admin_unit", ["level", "province_code", "boundary_set_id"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_admin_unit_current", table_name="admin_unit")

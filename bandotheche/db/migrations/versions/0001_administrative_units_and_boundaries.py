"""administrative units and boundaries

Revision ID: 0001
Revises: 
"""

import sqlalchemy as sa
from alembic import op
from geoalchemy2 import Geometry, alembic_helpers  # noqa: F401  (registers the geospatial ops)

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.create_table('boundary_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('licence', sa.Text(), nullable=False),
    sa.Column('source_date', sa.Date(), nullable=True),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('unit_list', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('checksum', 'unit_list', name='uq_boundary_set_source')
    )
    op.create_table('crosswalk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('old_code', sa.String(length=10), nullable=False),
    sa.Column('old_name', sa.String(length=200), nullable=False),
    sa.Column('old_parent_code', sa.String(length=10), nullable=False),
    sa.Column('new_code', sa.String(length=10), nullable=False),
    sa.Column('legal_basis', sa.Text(), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', 'old_code', name='uq_crosswalk_old')
    )
    op.create_geospatial_table('admin_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boundary_set_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('full_name', sa.String(length=240), nullable=False),
    sa.Column('type', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('parent_code', sa.String(length=10), nullable=True),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('area_km2', sa.Float(), nullable=False),
    sa.Column('label_point', Geometry(geometry_type='POINT', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.ForeignKeyConstraint(['boundary_set_id'], ['boundary_set.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('boundary_set_id', 'code', name='uq_admin_unit_code')
    )
    op.create_geospatial_index('idx_admin_unit_geom', 'admin_unit', ['geom'], unique=False, postgresql_using='gist', postgresql_ops={})
    op.create_index('ix_admin_unit_parent', 'admin_unit', ['boundary_set_id', 'parent_code'], unique=False)
    op.create_index('ix_admin_unit_province', 'admin_unit', ['boundary_set_id', 'province_code', 'level'], unique=False)
    op.create_table('boundary_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('boundary_set_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('features_read', sa.Integer(), nullable=False),
    sa.Column('units_loaded', sa.Integer(), nullable=False),
    sa.Column('unmatched', sa.Integer(), nullable=False),
    sa.Column('report', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['boundary_set_id'], ['boundary_set.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_geospatial_table('unit_geometry',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('zoom', sa.SmallInteger(), nullable=False),
    sa.Column('vertex_count', sa.Integer(), nullable=False),
    sa.Column('geom', Geometry(geometry_type='MULTIPOLYGON', srid=4326, dimension=2, spatial_index=False, from_text='ST_GeomFromEWKT', name='geometry'), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['admin_unit.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('unit_id', 'zoom')
    )


def downgrade() -> None:
    op.drop_geospatial_table('unit_geometry')
    op.drop_table('boundary_import')
    op.drop_index('ix_admin_unit_province', table_name='admin_unit')
    op.drop_index('ix_admin_unit_parent', table_name='admin_unit')
    op.drop_geospatial_index('idx_admin_unit_geom', table_name='admin_unit', postgresql_using='gist', column_name='geom')
    op.drop_geospatial_table('admin_unit')
    op.drop_table('crosswalk')
    op.drop_table('boundary_set')

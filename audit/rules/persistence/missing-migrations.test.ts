import rule from './missing-migrations.ts'
import { ruleTester } from '../../test/rule-tester.ts'

const schema =
  "import { pgTable, text } from 'drizzle-orm/pg-core'\nexport const orders = pgTable('orders', { id: text('id') })\nexport const fills = pgTable('fills', { id: text('id') })\n"

ruleTester(rule, {
  valid: [
    {
      name: 'drizzle tables created by journaled SQL migrations',
      path: 'src/trading/trading.schema.ts',
      code: schema,
      files: {
        'drizzle/0000_init.sql':
          'CREATE TABLE "orders" (\n"id" text);\nCREATE TABLE IF NOT EXISTS "fills" ("id" text);\n',
        'drizzle/meta/_journal.json': '{}',
      },
    },
    {
      name: 'SQLAlchemy model with an Alembic revision',
      lang: 'python',
      path: 'app/models.py',
      code: 'class Trade(Base):\n    __tablename__ = "trades"\n',
      files: {
        'alembic/versions/001_init.py':
          'def upgrade():\n    op.create_table("trades", sa.Column("id", sa.Integer))\n',
      },
    },
    { name: 'no models at all', code: 'export const x = 1\n' },
  ],
  invalid: [
    {
      name: 'models without migrations and create_all',
      lang: 'python',
      path: 'app/models.py',
      code: 'class Trade(Base):\n    __tablename__ = "trades"\n\nBase.metadata.create_all(bind=engine)\n',
      errors: [
        { line: 2, messageId: 'noMigrations', path: 'app/models.py' },
        { line: 4, messageId: 'createAll', path: 'app/models.py' },
      ],
    },
    {
      name: 'drizzle table missing from migrations',
      path: 'src/trading/trading.schema.ts',
      code: schema,
      files: { 'drizzle/0000_init.sql': 'CREATE TABLE "orders" ("id" text);\n' },
      errors: [{ line: 3, messageId: 'notMigrated', path: 'src/trading/trading.schema.ts' }],
    },
  ],
})

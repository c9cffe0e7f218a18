import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

// The two provider schemas are composed from prisma/models.prisma; a hand edit to one of
// them (or a forgotten `npm run generate`) would let the providers drift apart.
test('both provider schemas are exactly what models.prisma composes', async () => {
  const { composeSchema } = (await import(join(REPO_ROOT, 'prisma', 'generate.mjs'))) as {
    composeSchema(p: string): string;
  };
  for (const provider of ['sqlite', 'postgres']) {
    const committed = readFileSync(join(REPO_ROOT, 'prisma', provider, 'schema.prisma'), 'utf8');
    assert.equal(committed, composeSchema(provider), `prisma/${provider}/schema.prisma is stale: run npm run generate`);
  }
});

test('both migration trees create the same tables, columns and indexes', () => {
  const migrations = (provider: string) =>
    readdirSync(join(REPO_ROOT, 'prisma', provider, 'migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
  assert.deepEqual(migrations('postgres'), migrations('sqlite'));
  const shape = (provider: string) => {
    const sql = migrations(provider)
      .map((name) => readFileSync(join(REPO_ROOT, 'prisma', provider, 'migrations', name, 'migration.sql'), 'utf8'))
      .join('\n');
    const tables = [...sql.matchAll(/CREATE TABLE "(\w+)" \(([\s\S]*?)\n\);/g)].map(
      ([, name, body]) => `${name}(${[...body!.matchAll(/^\s+"(\w+)" /gm)].map((m) => m[1]).join(',')})`,
    );
    const indexes = [...sql.matchAll(/CREATE (UNIQUE )?INDEX "(\w+)" ON "(\w+)"\(([^)]*)\)( WHERE [^;]*)?/g)].map((m) =>
      m.slice(1).join(' '),
    );
    const foreignKeys = [
      ...sql.matchAll(
        /CONSTRAINT "(\w+_fkey)" FOREIGN KEY \("(\w+)"\) REFERENCES "(\w+)" ?\("id"\) (ON DELETE \w+( NULL)?)/g,
      ),
    ]
      .map((m) => m.slice(1, 5).join(' '))
      .sort();
    return { tables, indexes, foreignKeys };
  };
  assert.deepEqual(shape('postgres'), shape('sqlite'));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinSql, sql } from '../../src/db/sql.js';

const at = new Date('2026-03-08T07:30:00Z');

test('instants are bound as UTC text, booleans as 0/1 on SQLite', () => {
  const statement = sql`UPDATE t SET at = ${at} WHERE flag = ${true}`;
  assert.deepEqual(statement.render('postgres'), {
    text: 'UPDATE t SET at = $1 WHERE flag = $2',
    values: ['2026-03-08T07:30:00.000+00:00', true],
  });
  assert.deepEqual(statement.render('sqlite').values, ['2026-03-08T07:30:00.000+00:00', 1]);
});

test('sql fragments splice their values in order', () => {
  const statement = sql`SELECT * FROM t WHERE id IN (${joinSql(['a', 'b'].map((id) => sql`${id}`))}) AND n > ${2}`;
  assert.deepEqual(statement.render('postgres'), {
    text: 'SELECT * FROM t WHERE id IN ($1, $2) AND n > $3',
    values: ['a', 'b', 2],
  });
});

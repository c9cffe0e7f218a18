import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsonText, RowsInsert, joinSql, sql } from '../../src/db/sql.js';

const at = new Date('2026-03-08T07:30:00Z');

test('a multi-row insert numbers its placeholders across rows, casts JSON columns on PostgreSQL, binds instants as UTC text', () => {
  const rows = [
    ['a', new JsonText('{"x":1}'), at, true],
    ['b', new JsonText('[]'), at, false],
  ];
  const insert = new RowsInsert('t (id, doc, at, flag)', rows, 'ON CONFLICT DO NOTHING');
  assert.deepEqual(insert.render('postgres'), {
    text: 'INSERT INTO t (id, doc, at, flag) VALUES ($1, $2::jsonb, $3, $4), ($5, $6::jsonb, $7, $8) ON CONFLICT DO NOTHING',
    values: ['a', '{"x":1}', '2026-03-08T07:30:00.000+00:00', true, 'b', '[]', '2026-03-08T07:30:00.000+00:00', false],
  });
  assert.deepEqual(insert.render('sqlite'), {
    text: 'INSERT INTO t (id, doc, at, flag) VALUES (?, ?, ?, ?), (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    values: ['a', '{"x":1}', '2026-03-08T07:30:00.000+00:00', 1, 'b', '[]', '2026-03-08T07:30:00.000+00:00', 0],
  });
});

test('the cached text follows the row count', () => {
  const one = new RowsInsert('t (id)', [['a']]).render('sqlite').text;
  const three = new RowsInsert('t (id)', [['a'], ['b'], ['c']]).render('sqlite').text;
  assert.equal(one, 'INSERT INTO t (id) VALUES (?)');
  assert.equal(three, 'INSERT INTO t (id) VALUES (?), (?), (?)');
  assert.equal(new RowsInsert('t (id)', [['z']]).render('sqlite').text, one);
});

test('sql fragments splice their values in order', () => {
  const statement = sql`SELECT * FROM t WHERE id IN (${joinSql(['a', 'b'].map((id) => sql`${id}`))}) AND n > ${2}`;
  assert.deepEqual(statement.render('postgres'), {
    text: 'SELECT * FROM t WHERE id IN ($1, $2) AND n > $3',
    values: ['a', 'b', 2],
  });
});

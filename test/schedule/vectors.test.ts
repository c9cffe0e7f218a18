/** Every case of reference/schedule-vectors.json, compared as instants, on both engines. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getDates, parseInstant, parseSchedule, SCHEDULE_ENGINES } from '../../src/schedule/index.js';
import { definitionOf, iso, loadVectors } from './helpers.js';

const vectors = loadVectors();

describe('schedule vectors', () => {
  test('the vectors file is there and complete', () => {
    assert.ok(vectors.length >= 45, `expected at least 45 vectors, found ${vectors.length}`);
  });

  for (const vector of vectors) {
    for (const engine of SCHEDULE_ENGINES)
      test(`${vector.id} (${engine})`, () => {
        assert.equal(vector.kind, 'get_dates');
        const definition = definitionOf(vector);
        const schedule = parseSchedule(definition);
        const timezone = (definition.timezone as string | null) ?? null;
        const { start, end, n } = vector.query;
        const dates = getDates(
          schedule,
          {
            start: parseInstant(start, timezone),
            end: end === null ? null : parseInstant(end, timezone),
            count: n,
          },
          { engine },
        );
        const expected = vector.expected.map((text) => new Date(text).toISOString());
        assert.deepEqual(iso(dates), expected);
        if (vector.expected_count !== undefined) assert.equal(dates.length, vector.expected_count);
      });
  }
});

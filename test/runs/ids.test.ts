import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uuidv7 } from '../../src/ids.js';

const V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are RFC 9562 version 7 with the millisecond in their first 48 bits', () => {
  const ms = Date.UTC(2026, 10, 28, 12, 0, 0);
  const id = uuidv7(ms);
  assert.match(id, V7);
  assert.equal(parseInt(id.replace(/-/g, '').slice(0, 12), 16), ms);
});

test('ids made in one millisecond sort in the order they were made, past the 12-bit counter', () => {
  const ms = Date.UTC(2030, 0, 1);
  const ids = Array.from({ length: 10_000 }, () => uuidv7(ms));
  for (const id of ids) assert.match(id, V7);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  // 10,000 ids overflow the 4,096-value counter twice: the timestamp moves on by 2 ms.
  assert.equal(parseInt(ids.at(-1)!.replace(/-/g, '').slice(0, 12), 16), ms + 2);
});

test('random bits differ between ids', () => {
  const ms = Date.UTC(2031, 0, 1);
  const tails = new Set(Array.from({ length: 2000 }, () => uuidv7(ms).slice(19)));
  assert.equal(tails.size, 2000);
});

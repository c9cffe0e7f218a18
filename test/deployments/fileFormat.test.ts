/** How the file's text is read: PyYAML's YAML 1.1 dialect, JSON, and files that are not deployments files. */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadDeploymentsFile, parseDeploymentsFile, type DeploymentsFile } from '../../src/deployments/file/index.js';
import { ConfigError } from '../../src/errors.js';
import { parseSchedule } from '../../src/schedule/index.js';

const validateSchedule = (definition: Record<string, unknown>): void => void parseSchedule(definition);

function parse(text: string, filePath = 'deploy.yaml'): DeploymentsFile {
  return parseDeploymentsFile(text, filePath, validateSchedule);
}

function assertFileError(text: string, message: RegExp, filePath = 'deploy.yaml'): void {
  assert.throws(
    () => parse(text, filePath),
    (error: unknown) => error instanceof ConfigError && message.test(error.message) && !error.message.includes('\n'),
  );
}

/** The parameters of a one-deployment file, to see how scalars resolve. */
function parametersOf(parameters: string): Record<string, unknown> {
  return (
    parse(`deployments:\n  - name: a\n    flow_name: f\n    parameters:\n${parameters}`).deployments[0]?.parameters ??
    {}
  );
}

describe('YAML as PyYAML (YAML 1.1) reads it', () => {
  test('yes/no/on/off are booleans, y and n are strings', () => {
    assert.deepEqual(parametersOf('      a: yes\n      b: No\n      c: on\n      d: OFF\n      e: y\n      f: n'), {
      a: true,
      b: false,
      c: true,
      d: false,
      e: 'y',
      f: 'n',
    });
  });

  test('octal, sexagesimal and underscored ints; 09 stays a string', () => {
    assert.deepEqual(
      parametersOf('      a: 010\n      b: 1:30\n      c: 1_000\n      d: 09\n      e: 0x1F\n      f: 0:30'),
      {
        a: 8,
        b: 90,
        c: 1000,
        d: '09',
        e: 31,
        f: '0:30',
      },
    );
  });

  test('floats need a dot and a signed exponent', () => {
    assert.deepEqual(parametersOf('      a: 60.0\n      b: 1e3\n      c: 1.0e+3\n      d: .5\n      e: -.inf'), {
      a: 60,
      b: '1e3',
      c: 1000,
      d: 0.5,
      e: -Infinity,
    });
  });

  test('unquoted timestamps stay as written', () => {
    assert.deepEqual(parametersOf('      day: 2026-01-01\n      at: 2026-01-01T09:00:00'), {
      day: '2026-01-01',
      at: '2026-01-01T09:00:00',
    });
    const file = parse(
      'deployments: [{name: a, flow_name: f, schedules: [{interval: 3600, anchor_date: 2026-01-01T09:00:00}]}]',
    );
    assert.equal(file.deployments[0]?.schedules[0]?.definition.anchor_date, '2026-01-01T09:00:00');
  });

  test('merge keys, repeated keys (the last wins), unquoted crons, a leading --- and CRLF lines', () => {
    const file = parse(
      [
        '---',
        'definitions:',
        '  base: &base {timezone: Europe/Berlin, active: false}',
        'deployments:',
        '  - name: a',
        '    name: b',
        '    flow_name: f',
        '    schedules:',
        '      - <<: *base',
        '        cron: 0 */3 * * *   # every three hours',
      ].join('\r\n'),
    );
    const [deployment] = file.deployments;
    assert.equal(deployment?.name, 'b');
    assert.deepEqual(deployment?.schedules[0]?.definition, { cron: '0 */3 * * *', timezone: 'Europe/Berlin' });
    assert.equal(deployment?.schedules[0]?.active, false);
  });

  test('a syntax error is one line with its position', () => {
    assertFileError('deployments:\n  - name: [a\n', /^deploy\.yaml: invalid YAML at line \d+, column \d+: /);
    assertFileError(
      'deployments: []\n---\nmore: 1\n',
      /^deploy\.yaml: holds several YAML documents \(a second "---" at line 2\)/,
    );
  });

  test('many uses of one anchor are fine', () => {
    const lines = [
      'definitions:',
      '  pool: &pool {name: p, work_queue_name: q}',
      '  hourly: &hourly {cron: "0 * * * *"}',
      'deployments:',
    ];
    for (let i = 0; i < 500; i++) lines.push(`  - {name: d${i}, flow_name: f, work_pool: *pool, schedules: [*hourly]}`);
    assert.equal(parse(lines.join('\n')).deployments.length, 500);
  });

  test('an alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (const [from, to] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
      ['e', 'f'],
    ]) {
      bomb.push(
        `${to}: &${to} [*${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}, *${from}]`,
      );
    }
    assertFileError(`${bomb.join('\n')}\ndeployments: []\n`, /^deploy\.yaml: invalid YAML: /);
  });
});

describe('JSON', () => {
  const json = JSON.stringify({ deployments: [{ name: 'a', flow_name: 'f', schedules: [{ interval: 60.5 }] }] });

  test('is read by extension and by content', () => {
    for (const filePath of ['deploy.json', 'deploy.yaml', 'deploy']) {
      assert.equal(parse(json, filePath).deployments[0]?.schedules[0]?.definition.interval, 60.5);
    }
  });

  test('a broken .json file is a JSON error', () => {
    assertFileError('{"deployments": [', /^deploy\.json: invalid JSON: /, 'deploy.json');
  });
});

describe('files that are not deployments files', () => {
  test('empty, comments only, a list, a scalar: clear errors', () => {
    assertFileError('', /^deploy\.yaml: file is empty: expected a mapping with a "deployments:" list/);
    assertFileError('# nothing yet\n', /^deploy\.yaml: file is empty/);
    assertFileError('- name: a\n', /^deploy\.yaml: file holds a list: expected a mapping/);
    assertFileError('hello\n', /^deploy\.yaml: file holds the string "hello": expected a mapping/);
  });

  test('binary content is an error', () => {
    assertFileError('\u0000\u0001PNG', /^deploy\.yaml: not a text file/);
  });

  test('deployments must be a list; missing deployments is an error; an empty list is a warning', () => {
    // Seen in the wild (BayoAdejare/lightning-containers): a mapping, not a list.
    assertFileError('deployments: {schedule: {cron: "0 * * * *"}}', /^deploy\.yaml: deployments: must be a list/);
    assertFileError('name: x\nschedules: [{cron: "0 * * * *"}]\n', /^deploy\.yaml: no "deployments:" key/);
    for (const empty of ['deployments: []', 'deployments:']) {
      const file = parse(empty);
      assert.deepEqual(file.deployments, []);
      assert.deepEqual(file.warnings, ['deploy.yaml: "deployments:" is empty; there is nothing to apply']);
    }
  });
});

describe('loadDeploymentsFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'deployments-file-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('reads a file (with a BOM)', async () => {
    const filePath = path.join(dir, 'prefect.yaml');
    writeFileSync(filePath, '\uFEFFdeployments:\n  - {name: a, flow_name: f}\n');
    const file = await loadDeploymentsFile(filePath, validateSchedule);
    assert.equal(file.path, filePath);
    assert.equal(file.deployments[0]?.name, 'a');
  });

  test('a missing file, a directory and invalid UTF-8 are errors naming the path', async () => {
    const missing = path.join(dir, 'missing.yaml');
    await assert.rejects(loadDeploymentsFile(missing, validateSchedule), (error: unknown) => {
      return (
        error instanceof ConfigError && error.message === `${missing}: cannot read the deployments file: no such file`
      );
    });
    await assert.rejects(loadDeploymentsFile(dir, validateSchedule), (error: unknown) => {
      return (
        error instanceof ConfigError &&
        error.message.startsWith(`${dir}: cannot read the deployments file: it is a directory`)
      );
    });
    const latin1 = path.join(dir, 'latin1.yaml');
    writeFileSync(latin1, Buffer.from([0x64, 0x3a, 0x20, 0xe9, 0x0a]));
    await assert.rejects(loadDeploymentsFile(latin1, validateSchedule), /not a text file \(it is not valid UTF-8\)/);
  });
});

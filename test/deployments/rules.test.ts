/** SPEC section 3 "Deployments file": each rule, on small inline files. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDeploymentsFile, type DeploymentsFile } from '../../src/deployments/file/index.js';
import { ConfigError } from '../../src/errors.js';
import { parseSchedule } from '../../src/schedule/index.js';

const validateSchedule = (definition: Record<string, unknown>): void => void parseSchedule(definition);

function parse(yaml: string): DeploymentsFile {
  return parseDeploymentsFile(yaml, 'deploy.yaml', validateSchedule);
}

function assertConfigError(yaml: string, message: RegExp): void {
  assert.throws(
    () => parse(yaml),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.exitCode, 2);
      assert.match(error.message, message);
      assert.ok(!error.message.includes('\n'), error.message);
      return true;
    },
  );
}

describe('the SPEC example', () => {
  const spec = `
deployments:
  - name: nightly-etl
    flow_name: etl
    description: Load yesterday's orders
    tags: [prod]
    parameters: {full_refresh: false}
    work_pool: {work_queue_name: default}
    paused: false
    schedules:
      - cron: "0 2 * * *"
        timezone: America/New_York
        slug: nightly
      - interval: 3600
        anchor_date: "2026-01-01T00:00:00Z"
        parameters: {full_refresh: true}
        active: false
      - rrule: "FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9;BYMINUTE=0"
        timezone: Europe/Berlin
        max_scheduled_runs: 5
`;

  test('reads every field', () => {
    assert.deepEqual(parse(spec), {
      path: 'deploy.yaml',
      warnings: [],
      deployments: [
        {
          flowName: 'etl',
          name: 'nightly-etl',
          description: "Load yesterday's orders",
          tags: ['prod'],
          parameters: { full_refresh: false },
          workQueueName: 'default',
          paused: false,
          schedules: [
            {
              definition: { cron: '0 2 * * *', timezone: 'America/New_York' },
              active: true,
              slug: 'nightly',
              parameters: {},
              maxScheduledRuns: null,
              catchup: null,
            },
            {
              definition: { interval: 3600, anchor_date: '2026-01-01T00:00:00Z' },
              active: false,
              slug: null,
              parameters: { full_refresh: true },
              maxScheduledRuns: null,
              catchup: null,
            },
            {
              definition: { rrule: 'FREQ=WEEKLY;BYDAY=MO,FR;BYHOUR=9;BYMINUTE=0', timezone: 'Europe/Berlin' },
              active: true,
              slug: null,
              parameters: {},
              maxScheduledRuns: 5,
              catchup: null,
            },
          ],
        },
      ],
    });
  });

  test('defaults: tags [], parameters {}, description null, not paused, no queue', () => {
    const [deployment] = parse(`
deployments:
  - {name: bare, flow_name: etl, tags: null, parameters: null, description: null, paused: null}
`).deployments;
    assert.deepEqual(deployment, {
      flowName: 'etl',
      name: 'bare',
      description: null,
      tags: [],
      parameters: {},
      workQueueName: null,
      paused: false,
      schedules: [],
    });
  });
});

describe('flow names', () => {
  const flowNameOf = (entrypoint: string) =>
    parse(`deployments: [{name: d, entrypoint: ${JSON.stringify(entrypoint)}}]`).deployments[0]?.flowName;

  test('come from the entrypoint function, underscores becoming dashes', () => {
    assert.equal(flowNameOf('flows/etl.py:run_etl'), 'run-etl');
    assert.equal(flowNameOf('pkg.module:run_etl'), 'run-etl');
    assert.equal(flowNameOf('pkg.module.run_etl'), 'run-etl');
    assert.equal(flowNameOf('C:\\work\\flows\\etl.py:run_etl'), 'run-etl');
  });

  test('flow_name wins over the entrypoint', () => {
    const file = parse('deployments: [{name: d, flow_name: my_etl, entrypoint: "flows/etl.py:run_etl"}]');
    assert.equal(file.deployments[0]?.flowName, 'my_etl');
    assert.match(file.warnings.join('\n'), /deployments\[\]\.entrypoint \(with flow_name\)/);
  });

  test('an entrypoint without a function is an error', () => {
    assertConfigError(
      'deployments: [{name: d, entrypoint: flows/etl.py}]',
      /^deploy\.yaml: deployments\[0\] \("d"\), entrypoint: "flows\/etl\.py" names no flow function/,
    );
  });
});

describe('required fields', () => {
  test('a deployment without a name is an error naming its index', () => {
    assertConfigError(
      'deployments: [{name: a, flow_name: f}, {flow_name: f}]',
      /^deploy\.yaml: deployments\[1\]: has no "name"/,
    );
  });

  test('a deployment without flow_name and entrypoint is an error', () => {
    assertConfigError(
      'deployments: [{name: a}]',
      /^deploy\.yaml: deployments\[0\] \("a"\): needs flow_name or entrypoint/,
    );
  });

  test('a deployment that is not a mapping is an error', () => {
    assertConfigError('deployments: [nightly-etl]', /^deploy\.yaml: deployments\[0\]: must be a mapping/);
  });
});

describe('schedules', () => {
  const withSchedules = (schedules: string) => `
deployments:
  - name: nightly-etl
    flow_name: etl
${schedules}`;

  test('none, [], null, schedule: null and schedule: {} all mean no schedule', () => {
    for (const schedules of ['', '    schedules: []', '    schedules:', '    schedule: null', '    schedule: {}']) {
      const file = parse(withSchedules(schedules));
      assert.deepEqual(file.deployments[0]?.schedules, [], schedules);
      assert.deepEqual(file.warnings, []);
    }
  });

  test("Prefect 2's single schedule: mapping is one schedule", () => {
    const file = parse(withSchedules('    schedule: {interval: 600, timezone: UTC}'));
    assert.deepEqual(
      file.deployments[0]?.schedules.map((s) => s.definition),
      [{ interval: 600, timezone: 'UTC' }],
    );
  });

  test('both schedule and schedules is an error, as in Prefect; an empty schedule next to schedules is not', () => {
    assertConfigError(
      withSchedules('    schedule: {cron: "0 2 * * *"}\n    schedules: []'),
      /^deploy\.yaml: deployment "etl\/nightly-etl", schedule: both "schedule" and "schedules" are set/,
    );
    const file = parse(withSchedules('    schedule: null\n    schedules: [{cron: "0 2 * * *"}]'));
    assert.equal(file.deployments[0]?.schedules.length, 1);
  });

  test('schedules that is not a list, and schedule that is a string or a list, are errors', () => {
    assertConfigError(withSchedules('    schedules: {cron: "0 2 * * *"}'), /schedules: must be a list/);
    assertConfigError(
      withSchedules('    schedule: "0 2 * * *"'),
      /schedule: must be a mapping, got the string "0 2 \* \* \*"/,
    );
    assertConfigError(
      withSchedules('    schedule: [{cron: "0 2 * * *"}]'),
      /schedule: holds one schedule mapping, got a list/,
    );
    assertConfigError(withSchedules('    schedules: [null]'), /schedules\[0\]: must be a mapping/);
  });

  test('a schedule needs exactly one of cron, interval, rrule', () => {
    assertConfigError(
      withSchedules('    schedules: [{timezone: UTC}]'),
      /schedules\[0\]: needs one of cron, interval or rrule/,
    );
    assertConfigError(
      withSchedules('    schedules: [{cron: "0 2 * * *", interval: 60}]'),
      /schedules\[0\]: has cron and interval; give exactly one/,
    );
  });

  test('an unknown key inside a schedule is an error naming file, deployment and field', () => {
    assertConfigError(
      withSchedules('    schedules:\n      - cron: "0 2 * * *"\n        timezon: Europe/Berlin'),
      /^deploy\.yaml: deployment "etl\/nightly-etl", schedules\[0\]\.timezon: unknown schedule key; did you mean "timezone"\?$/,
    );
  });

  test('an invalid schedule is an error naming file, deployment and field', () => {
    assertConfigError(
      withSchedules(
        '    schedules:\n      - cron: "0 2 * * *"\n      - cron: "0 3 * * *"\n        timezone: Mars/Base',
      ),
      /^deploy\.yaml: deployment "etl\/nightly-etl", schedules\[1\]\.timezone: .*Mars\/Base/,
    );
    assertConfigError(
      withSchedules('    schedules: [{cron: "61 * * * *"}]'),
      /^deploy\.yaml: deployment "etl\/nightly-etl", schedules\[0\]\.cron: .*61/,
    );
    assertConfigError(withSchedules('    schedules: [{interval: 0}]'), /schedules\[0\]\.interval: /);
    assertConfigError(withSchedules('    schedules: [{rrule: "FREQ=SOMETIMES"}]'), /schedules\[0\]\.rrule: /);
  });

  test('wrong types of schedule fields are errors', () => {
    assertConfigError(
      withSchedules('    schedules: [{cron: "0 2 * * *", active: maybe}]'),
      /schedules\[0\]\.active: must be true or false, got the string "maybe"/,
    );
    assertConfigError(
      withSchedules('    schedules: [{cron: "0 2 * * *", max_scheduled_runs: 0}]'),
      /schedules\[0\]\.max_scheduled_runs: must be a positive whole number/,
    );
    assertConfigError(
      withSchedules('    schedules: [{cron: "0 2 * * *", parameters: [1]}]'),
      /schedules\[0\]\.parameters: must be a mapping/,
    );
    assertConfigError(
      withSchedules('    schedules: [{cron: 5}]'),
      /schedules\[0\]\.cron: must be a string, got number 5/,
    );
  });

  test('interval: seconds as int or float, ISO-8601 durations and HH:MM:SS', () => {
    const intervalOf = (value: string) =>
      parse(withSchedules(`    schedules: [{interval: ${value}}]`)).deployments[0]?.schedules[0]?.definition.interval;
    assert.equal(intervalOf('3600'), 3600);
    assert.equal(intervalOf('3600.0'), 3600);
    assert.equal(intervalOf('90.5'), 90.5);
    assert.equal(intervalOf('"3600"'), 3600);
    assert.equal(intervalOf('PT1H'), 3600);
    assert.equal(intervalOf('P1DT2H'), 93600);
    assert.equal(intervalOf('"01:00:00"'), 3600);
    assert.equal(intervalOf('1:00:00'), 3600); // PyYAML's sexagesimal int
    assertConfigError(
      withSchedules('    schedules: [{interval: P1M}]'),
      /schedules\[0\]\.interval: "P1M" uses years or months/,
    );
    assertConfigError(
      withSchedules('    schedules: [{interval: hourly}]'),
      /schedules\[0\]\.interval: "hourly" is not a number of seconds/,
    );
  });

  test('timezone null or empty is left out; day_or is kept for cron', () => {
    const file = parse(
      withSchedules(
        '    schedules:\n      - {cron: "0 9 8-14 * FRI", timezone: "", day_or: false}\n      - {interval: 60, timezone: null}',
      ),
    );
    assert.deepEqual(
      file.deployments[0]?.schedules.map((s) => s.definition),
      [{ cron: '0 9 8-14 * FRI', day_or: false }, { interval: 60 }],
    );
  });

  test('slugs are unique within a deployment', () => {
    assertConfigError(
      withSchedules(
        '    schedules:\n      - {cron: "0 2 * * *", slug: nightly}\n      - {cron: "0 3 * * *", slug: nightly}',
      ),
      /schedules\[1\]\.slug: "nightly" is already the slug of schedules\[0\]/,
    );
  });
});

describe('keys the tool does not use', () => {
  test('Prefect keys are listed, deduplicated, in one warning per file; empty ones are not', () => {
    const file = parse(`
name: my-project
prefect-version: 3.1.0
build: null
pull:
  - prefect.deployments.steps.git_clone: {repository: "https://example.com/repo.git"}
deployments:
  - name: a
    entrypoint: flows/a.py:a
    version: null
    concurrency_limit: 3
    work_pool: {name: pool, work_queue_name: q, job_variables: {}}
    schedules:
      - {cron: "0 2 * * *", catchup: false, max_active_runs: null, anchor_date: "2026-01-01"}
  - name: b
    entrypoint: flows/b.py:b
    concurrency_limit: 1
    work_pool: {name: pool}
    schedule: {interval: 60, day_or: true, catchup: true}
`);
    assert.deepEqual(file.warnings, [
      'deploy.yaml: ignoring Prefect settings this tool does not use: name, prefect-version, pull, deployments[].concurrency_limit, ' +
        'deployments[].work_pool.name, deployments[].schedules[].anchor_date (with cron), ' +
        'deployments[].schedule.day_or (with interval)',
    ]);
    assert.equal(file.deployments[0]?.workQueueName, 'q');
    // Prefect's boolean catchup is read: true = all, false = none.
    assert.deepEqual(
      file.deployments.map((d) => d.schedules[0]?.catchup),
      ['none', 'all'],
    );
  });

  test('non-Prefect keys at the top and deployment levels are warnings', () => {
    const file = parse(`
project: x
deployments:
  - {name: a, flow_name: f, time_zone: Asia/Bangkok, owner: ann}
`);
    assert.deepEqual(file.warnings, [
      'deploy.yaml: ignoring top-level "project": not Prefect settings',
      'deploy.yaml: deployment "f/a": ignoring "time_zone", "owner": not Prefect deployment settings',
    ]);
  });

  test('Prefect templates in values we use are a warning: nothing fills them in', () => {
    const file = parse('deployments: [{name: a, flow_name: f, parameters: {bucket: "{{ $BUCKET }}"}}]');
    assert.deepEqual(file.warnings, [
      'deploy.yaml: deployment "f/a": Prefect templates such as {{ $BUCKET }} are not filled in; their text is used as written',
    ]);
  });

  test('definitions: (the home of anchors) is silent', () => {
    const file = parse(`
definitions:
  schedules:
    nightly: &nightly {cron: "0 2 * * *", timezone: Europe/Berlin}
deployments:
  - {name: a, flow_name: f, schedules: [*nightly]}
`);
    assert.deepEqual(file.warnings, []);
    assert.deepEqual(file.deployments[0]?.schedules[0]?.definition, { cron: '0 2 * * *', timezone: 'Europe/Berlin' });
  });
});

describe('duplicates and whole-file validation', () => {
  test('the later of two deployments with the same flow/name wins, with a warning', () => {
    const file = parse(`
deployments:
  - {name: a, flow_name: f, tags: [first]}
  - {name: b, flow_name: f}
  - {name: a, entrypoint: "flows/x.py:f", tags: [second]}
`);
    assert.deepEqual(
      file.deployments.map((d) => [d.name, d.tags]),
      [
        ['b', []],
        ['a', ['second']],
      ],
    );
    assert.deepEqual(file.warnings, [
      'deploy.yaml: deployment "f/a" is defined twice (deployments[0] and [2]); the later one wins, as with prefect deploy',
    ]);
  });

  test('an error in the last deployment fails the whole file', () => {
    assertConfigError(
      `
deployments:
  - {name: a, flow_name: f, schedules: [{cron: "0 2 * * *"}]}
  - {name: b, flow_name: f, schedules: [{cron: "0 2 * * *", timezone: Mars/Base}]}
`,
      /deployment "f\/b", schedules\[0\]\.timezone/,
    );
  });

  test('wrong deployment field types are errors', () => {
    assertConfigError(
      'deployments: [{name: a, flow_name: f, tags: prod}]',
      /deployment "f\/a", tags: must be a list of strings/,
    );
    assertConfigError(
      'deployments: [{name: a, flow_name: f, tags: [2024]}]',
      /deployment "f\/a", tags\[0\]: must be a string/,
    );
    assertConfigError(
      'deployments: [{name: a, flow_name: f, paused: sometimes}]',
      /deployment "f\/a", paused: must be true or false/,
    );
    assertConfigError(
      'deployments: [{name: a, flow_name: f, work_pool: default}]',
      /deployment "f\/a", work_pool: must be a mapping/,
    );
    assertConfigError(
      'deployments: [{name: 7, flow_name: f}]',
      /deployments\[0\]\.name: must be a string, got number 7/,
    );
  });
});

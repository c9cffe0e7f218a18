/**
 * Reliability, part 5: a database password never reaches any output (stdout or stderr,
 * JSON or text, --log-level debug included), also when a driver error or a hostile server
 * quotes it; and the embedded database is private to its user (folders 0700, file 0600).
 *
 * The local PostgreSQL may trust 127.0.0.1 (then any password "works"), so authentication
 * failures are provoked with a small fake server (fakePostgres.ts) that asks for the
 * password and refuses it, once with PostgreSQL's own message and once quoting the
 * password back; the real server is used for the paths that succeed and for server-side
 * errors (unknown role), and for a real authentication failure when it does check passwords.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { POSTGRES_URL, createTestDatabase, notePostgresSkipped, type TestDatabase } from '../helpers/testDatabase.js';
import { describeResult, pool, runTimed, type TimedResult } from './cliChecks.js';
import { startFakePostgres, type FakePostgres } from './fakePostgres.js';

notePostgresSkipped();

const SIMPLE = `Hunter2Secret${randomBytes(3).toString('hex')}`;
/** Characters that need encoding in a URL, a `%` sequence of its own, and no quote (it goes into SQL). */
const SPECIAL = `p@ss:w/rd%41?#&x${randomBytes(3).toString('hex')}`;
const enc = encodeURIComponent;

/** Every form in which a password could leak. */
function leakForms(password: string): string[] {
  return [...new Set([password, enc(password), password.replace(/@/g, '%40')])];
}

function leaks(result: TimedResult, password: string): string | undefined {
  for (const form of leakForms(password)) {
    if (result.stdout.includes(form)) return `stdout holds ${JSON.stringify(form)}`;
    if (result.stderr.includes(form)) return `stderr holds ${JSON.stringify(form)}`;
  }
  return undefined;
}

const COMMANDS: string[][] = [['db', 'status'], ['db', 'upgrade'], ['once'], ['config', 'show'], ['deployments', 'ls']];

interface SecretCase {
  name: string;
  args: string[];
  env?: Record<string, string>;
  password: string;
  /** Exit codes accepted. */
  exit: number[];
  /** Text the output must hold, to be sure the path under test was taken. */
  expect?: RegExp;
}

async function runCases(cases: SecretCase[]): Promise<string[]> {
  const problems: string[] = [];
  await pool(cases, 2, async (item) => {
    const result = await runTimed(item.args, { env: { ...item.env } });
    const found: string[] = [];
    const leak = leaks(result, item.password);
    if (leak) found.push(leak);
    if (!item.exit.includes(result.code ?? -1)) found.push(`exit ${result.code}, expected ${item.exit.join(' or ')}`);
    if (item.expect && !item.expect.test(result.stdout + result.stderr)) found.push(`output lacks ${item.expect}`);
    if (/^\s+at .+/m.test(result.stdout)) found.push('a stack trace on stdout');
    if (found.length > 0) problems.push(`${item.name}: ${found.join('; ')}\n${describeResult(result)}`);
  });
  return problems;
}

/** Each command with --log-level debug and --json, the URL given by flag, env or config file in turn. */
function everyCommand(
  label: string,
  url: string,
  password: string,
  exit: (command: string[]) => number[],
  expect?: RegExp,
): SecretCase[] {
  return COMMANDS.map((command, index) => {
    const via = index % 2 === 0 ? 'flag' : 'env';
    const args = [...command, '--log-level', 'debug', '--json', ...(via === 'flag' ? ['--database-url', url] : [])];
    return {
      name: `${label}: ${command.join(' ')} (URL by ${via})`,
      args,
      env: via === 'env' ? { SCHEDULER_DATABASE_URL: url } : ({} as Record<string, string>),
      password,
      exit: exit(command),
      expect: command[0] === 'config' ? undefined : expect,
    };
  });
}

const connects = (command: string[]) => command[0] !== 'config';

describe('database passwords never reach the output', { timeout: 180_000 }, () => {
  let fakeEcho: FakePostgres;
  let fakeMd5: FakePostgres;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scheduler-secrets-'));
    fakeEcho = await startFakePostgres({
      method: 'cleartext',
      message: (user, password) => `password authentication failed for user "${user}" (password "${password}")`,
    });
    fakeMd5 = await startFakePostgres({
      method: 'md5',
      message: (user) => `password authentication failed for user "${user}"`,
    });
  });
  after(async () => {
    await fakeEcho?.close();
    await fakeMd5?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('connection refused, and authentication refused by a server (quoting the password back, too)', async () => {
    const refused = `postgresql://app:${enc(SPECIAL)}@127.0.0.1:1/prod`;
    const echo = `postgresql://app:${SIMPLE}@127.0.0.1:${fakeEcho.port}/prod`;
    const cases: SecretCase[] = [
      ...everyCommand(
        'connection refused',
        refused,
        SPECIAL,
        (c) => (connects(c) ? [1] : [0]),
        /ECONNREFUSED|cannot connect/,
      ),
      ...everyCommand(
        'auth refused, password quoted back',
        echo,
        SIMPLE,
        (c) => (connects(c) ? [1] : [0]),
        /password authentication failed/,
      ),
      {
        name: 'auth refused, text output',
        args: ['once', '--log-level', 'debug', '--database-url', echo],
        password: SIMPLE,
        exit: [1],
        expect: /password authentication failed/,
      },
      {
        name: 'auth refused, JSON log lines',
        args: ['db', 'status', '--log-level', 'debug', '--log-format', 'json', '--database-url', echo],
        password: SIMPLE,
        exit: [1],
        expect: /password authentication failed/,
      },
      {
        name: 'auth refused (md5), as PostgreSQL words it',
        args: ['db', 'status', '--json', '--log-level', 'debug'],
        env: { SCHEDULER_DATABASE_URL: `postgresql://app:${enc(SPECIAL)}@127.0.0.1:${fakeMd5.port}/prod` },
        password: SPECIAL,
        exit: [1],
        expect: /password authentication failed for user \\?"app\\?"/,
      },
      {
        name: 'unencoded @ and : in the password',
        args: [
          'db',
          'status',
          '--json',
          '--log-level',
          'debug',
          '--database-url',
          `postgresql://app:${SIMPLE}@x:y@127.0.0.1:1/prod`,
        ],
        password: `${SIMPLE}@x:y`,
        exit: [1],
      },
      {
        name: 'password as a query parameter',
        args: [
          'deployments',
          'ls',
          '--json',
          '--log-level',
          'debug',
          '--database-url',
          `postgresql://app@127.0.0.1:1/prod?password=${SIMPLE}`,
        ],
        password: SIMPLE,
        exit: [1],
      },
      {
        name: 'invalid URL scheme with a password',
        args: ['config', 'show', '--json', '--database-url', `postgresq://app:${SIMPLE}@h/db`],
        password: SIMPLE,
        exit: [2],
      },
      {
        name: 'invalid URL from env',
        args: ['once', '--log-level', 'debug'],
        env: { SCHEDULER_DATABASE_URL: `mysql://app:${SIMPLE}@h/db` },
        password: SIMPLE,
        exit: [2],
      },
    ];
    const configFile = join(dir, 'scheduler.config.json');
    writeFileSync(configFile, JSON.stringify({ databaseUrl: refused, maxRuns: 'many' }));
    cases.push({
      name: 'config file with a password and an invalid setting',
      args: ['--config', configFile, 'config', 'show', '--json', '--log-level', 'debug'],
      password: SPECIAL,
      exit: [2],
    });
    const goodConfig = join(dir, 'good.yaml');
    writeFileSync(goodConfig, `databaseUrl: "${echo}"\n`);
    cases.push({
      name: 'config file with a password',
      args: ['--config', goodConfig, 'config', 'show', '--log-level', 'debug'],
      password: SIMPLE,
      exit: [0],
      expect: /\*\*\*/,
    });
    cases.push({
      name: 'config file with a password, once',
      args: ['--config', goodConfig, 'once', '--log-level', 'debug', '--json'],
      password: SIMPLE,
      exit: [1],
      expect: /password authentication failed/,
    });

    const problems = await runCases(cases);
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.ok(
      fakeEcho.received.includes(SIMPLE),
      'the clients sent the password to the fake server: the authentication path was taken',
    );
    assert.ok(fakeMd5.received.length > 0 && fakeMd5.received.every((digest) => digest.startsWith('md5')));
  });

  describe('a real PostgreSQL server', {
    skip: POSTGRES_URL ? false : 'SCHEDULER_TEST_POSTGRES_URL is not set',
  }, () => {
    const role = `scheduler_secret_${randomBytes(4).toString('hex')}`;
    let testDb: TestDatabase;
    let admin: pg.Client;
    let checksPasswords = false;

    before(async () => {
      admin = new pg.Client({ connectionString: POSTGRES_URL });
      await admin.connect();
      await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${SPECIAL}'`);
      testDb = await createTestDatabase('postgres');
      await admin.query(`ALTER DATABASE "${new URL(testDb.url).pathname.slice(1)}" OWNER TO ${role}`);
      // Does the server check passwords on 127.0.0.1 (pg_hba.conf), or trust it?
      const probe = new pg.Client({ connectionString: withCredentials(testDb.url, role, 'wrong-password') });
      checksPasswords = await probe.connect().then(
        () => false,
        () => true,
      );
      await probe.end().catch(() => undefined);
    });
    after(async () => {
      await testDb?.drop();
      await admin?.query(`DROP ROLE IF EXISTS ${role}`);
      await admin?.end();
    });

    test('a role with a password: every command, successful, never prints it', async () => {
      const url = withCredentials(testDb.url, role, SPECIAL);
      const cases = everyCommand('role with a password', url, SPECIAL, () => [0]);
      // db upgrade must run before the others can succeed.
      const upgrade = cases.find((item) => item.args[1] === 'upgrade')!;
      const problems = await runCases([upgrade]);
      problems.push(...(await runCases(cases.filter((item) => item !== upgrade))));
      problems.push(
        ...(await runCases([
          {
            name: 'unknown role',
            args: [
              'db',
              'status',
              '--json',
              '--log-level',
              'debug',
              '--database-url',
              withCredentials(testDb.url, `${role}_ghost`, SPECIAL),
            ],
            password: SPECIAL,
            exit: [1],
            expect: /does not exist|authentication failed/,
          },
          {
            name: 'unknown database',
            args: [
              'deployments',
              'ls',
              '--log-level',
              'debug',
              '--database-url',
              withCredentials(`${testDb.url}_missing`, role, SPECIAL),
            ],
            password: SPECIAL,
            exit: [1],
            expect: /does not exist/,
          },
        ])),
      );
      assert.deepEqual(problems, [], problems.join('\n'));
    });

    test('a wrong password for the role', async (t) => {
      if (!checksPasswords) {
        t.skip(
          'the server trusts 127.0.0.1 (pg_hba.conf "trust"): a wrong password is accepted, so the refusal is covered by the fake server above',
        );
        return;
      }
      const url = withCredentials(testDb.url, role, SIMPLE);
      const problems = await runCases(
        everyCommand('wrong password', url, SIMPLE, (c) => (connects(c) ? [1] : [0]), /password authentication failed/),
      );
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  });
});

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = enc(password);
  return parsed.toString();
}

describe('the embedded database is private', () => {
  test('a file: URL in new nested folders: each new folder 0700, the database file 0600', async () => {
    const root = mkdtempSync(join(tmpdir(), 'scheduler-perm-'));
    try {
      const path = join(root, 'a', 'b', 'c', 'scheduler.db');
      const result = await runTimed(['db', 'status', '--json', '--database-url', `file:${path}`], {
        env: { HOME: root },
      });
      assert.equal(result.code, 0, describeResult(result));
      for (const folder of ['a', 'a/b', 'a/b/c']) {
        assert.equal(statSync(join(root, folder)).mode & 0o777, 0o700, `${folder} is not 0700`);
      }
      assert.equal(statSync(path).mode & 0o777, 0o600);
      for (const sidecar of [`${path}-wal`, `${path}-shm`, `${path}-journal`]) {
        if (existsSync(sidecar)) assert.equal(statSync(sidecar).mode & 0o077, 0, `${sidecar} is readable by others`);
      }
      // A second run (existing file) leaves the modes alone, and so does a writing command.
      const again = await runTimed(['deployments', 'ls', '--database-url', `file:${path}`], { env: { HOME: root } });
      assert.equal(again.code, 0, describeResult(again));
      assert.equal(statSync(path).mode & 0o777, 0o600);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * Prefect 3's tables that the scheduler touches, written as our own DDL for tests only, from
 * Prefect's public ORM (src/prefect/server/database/orm_models.py) and migrations at the
 * 3.8 heads: column names, types, NOT NULL and defaults, the unique and partial indexes the
 * scheduler's statements rely on, and stub tables for the foreign keys. No Prefect server
 * can run here (no PyPI): README "In place of Prefect's scheduler" says what this proves.
 */
import type { Provider } from '../../src/db/databaseUrl.js';

export const PREFECT_HEAD: Record<Provider, string> = { postgres: '9e9dadc36797', sqlite: 'f416ea180ae1' };

interface Dialect {
  uuid: string;
  ts: string;
  json: string;
  bool: string;
  stateType: string;
  interval: string;
  uuidDefault: string;
  nowDefault: string;
  jsonIdOfCreatedBy: string;
  isTrue: string;
}

const DIALECTS: Record<Provider, Dialect> = {
  postgres: {
    uuid: 'UUID',
    ts: 'TIMESTAMP WITH TIME ZONE',
    json: 'JSONB',
    bool: 'BOOLEAN',
    stateType: 'state_type',
    interval: 'INTERVAL',
    uuidDefault: 'gen_random_uuid()',
    nowDefault: 'now()',
    jsonIdOfCreatedBy: "(created_by ->> 'id')",
    isTrue: 'true',
  },
  sqlite: {
    uuid: 'CHAR(36)',
    ts: 'DATETIME',
    json: 'JSON',
    bool: 'BOOLEAN',
    stateType: 'VARCHAR(9)',
    interval: 'DATETIME',
    // Prefect's SQLite default is a randomblob expression; the tool always binds ids.
    uuidDefault:
      "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))),2) || '-' || substr('89ab',abs(random()) % 4 + 1, 1) || substr(lower(hex(randomblob(2))),2) || '-' || lower(hex(randomblob(6))))",
    nowDefault: "(strftime('%Y-%m-%d %H:%M:%f000', 'now'))",
    jsonIdOfCreatedBy: "json_extract(created_by, '$.id')",
    isTrue: '1',
  },
};

/** The DDL of one dialect, as statements. */
export function prefectDdl(provider: Provider): string[] {
  const d = DIALECTS[provider];
  const base = (table: string) => `id ${d.uuid} DEFAULT ${d.uuidDefault} NOT NULL CONSTRAINT pk_${table} PRIMARY KEY,
    created ${d.ts} DEFAULT ${d.nowDefault} NOT NULL,
    updated ${d.ts} DEFAULT ${d.nowDefault} NOT NULL`;
  const stub = (table: string) => `CREATE TABLE ${table} (${base(table)})`;
  const enums =
    provider === 'postgres'
      ? [
          "CREATE TYPE state_type AS ENUM ('SCHEDULED', 'PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED', 'PAUSED', 'CANCELLING')",
          "CREATE TYPE deployment_status AS ENUM ('READY', 'NOT_READY')",
        ]
      : [];
  const deploymentStatus = provider === 'postgres' ? 'deployment_status' : 'VARCHAR(9)';
  return [
    'CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))',
    ...enums,
    ...['work_queue', 'block_document', 'task_run', 'artifact', 'concurrency_limit_v2'].map(stub),
    `CREATE TABLE flow (${base('flow')},
    name VARCHAR NOT NULL,
    tags ${d.json} DEFAULT '[]' NOT NULL,
    labels ${d.json},
    CONSTRAINT uq_flow__name UNIQUE (name))`,
    `CREATE TABLE deployment (${base('deployment')},
    name VARCHAR NOT NULL,
    version VARCHAR,
    description TEXT,
    work_queue_name VARCHAR,
    infra_overrides ${d.json} DEFAULT '{}' NOT NULL,
    path VARCHAR,
    entrypoint VARCHAR,
    last_polled ${d.ts},
    status ${deploymentStatus} DEFAULT 'NOT_READY' NOT NULL,
    flow_id ${d.uuid} NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
    work_queue_id ${d.uuid} REFERENCES work_queue (id) ON DELETE SET NULL,
    paused ${d.bool} DEFAULT ${provider === 'postgres' ? "'0'" : '0'} NOT NULL,
    concurrency_limit INTEGER,
    concurrency_limit_id ${d.uuid} REFERENCES concurrency_limit_v2 (id) ON DELETE SET NULL,
    concurrency_options ${d.json},
    tags ${d.json} DEFAULT '[]' NOT NULL,
    labels ${d.json},
    parameters ${d.json} DEFAULT '{}' NOT NULL,
    pull_steps ${d.json},
    parameter_openapi_schema ${d.json},
    enforce_parameter_schema ${d.bool} DEFAULT ${provider === 'postgres' ? "'0'" : '0'} NOT NULL,
    created_by ${d.json},
    updated_by ${d.json},
    infrastructure_document_id ${d.uuid} REFERENCES block_document (id) ON DELETE CASCADE,
    storage_document_id ${d.uuid} REFERENCES block_document (id) ON DELETE CASCADE,
    version_id ${d.uuid})`,
    'CREATE UNIQUE INDEX uq_deployment__flow_id_name ON deployment (flow_id, name)',
    'CREATE INDEX ix_deployment__paused ON deployment (paused)',
    'CREATE INDEX ix_deployment__updated ON deployment (updated)',
    `CREATE TABLE deployment_schedule (${base('deployment_schedule')},
    deployment_id ${d.uuid} NOT NULL REFERENCES deployment (id) ON DELETE CASCADE,
    schedule ${d.json} NOT NULL,
    active ${d.bool} NOT NULL,
    max_scheduled_runs INTEGER,
    parameters ${d.json} DEFAULT '{}' NOT NULL,
    slug VARCHAR)`,
    'CREATE INDEX ix_deployment_schedule__deployment_id ON deployment_schedule (deployment_id)',
    'CREATE INDEX ix_deployment_schedule__slug ON deployment_schedule (slug)',
    'CREATE UNIQUE INDEX ix_deployment_schedule__deployment_id__slug ON deployment_schedule (deployment_id, slug) WHERE slug IS NOT NULL',
    `CREATE TABLE flow_run (${base('flow_run')},
    name VARCHAR NOT NULL,
    state_type ${d.stateType},
    state_name VARCHAR,
    state_timestamp ${d.ts},
    run_count INTEGER DEFAULT '0' NOT NULL,
    expected_start_time ${d.ts},
    next_scheduled_start_time ${d.ts},
    start_time ${d.ts},
    end_time ${d.ts},
    total_run_time ${d.interval} DEFAULT '0' NOT NULL,
    flow_id ${d.uuid} NOT NULL REFERENCES flow (id) ON DELETE CASCADE,
    deployment_id ${d.uuid},
    work_queue_name VARCHAR,
    flow_version VARCHAR,
    deployment_version VARCHAR,
    parameters ${d.json} DEFAULT '{}' NOT NULL,
    idempotency_key VARCHAR,
    context ${d.json} DEFAULT '{}' NOT NULL,
    empirical_policy ${d.json} DEFAULT '{}' NOT NULL,
    tags ${d.json} DEFAULT '[]' NOT NULL,
    labels ${d.json},
    created_by ${d.json},
    infrastructure_pid VARCHAR,
    job_variables ${d.json} DEFAULT '{}',
    infrastructure_document_id ${d.uuid} REFERENCES block_document (id) ON DELETE CASCADE,
    parent_task_run_id ${d.uuid} REFERENCES task_run (id) ON DELETE SET NULL,
    auto_scheduled ${d.bool} DEFAULT ${provider === 'postgres' ? "'0'" : '0'} NOT NULL,
    state_id ${d.uuid}${provider === 'sqlite' ? ' REFERENCES flow_run_state (id) ON DELETE SET NULL' : ''},
    work_queue_id ${d.uuid} REFERENCES work_queue (id) ON DELETE SET NULL)`,
    'CREATE UNIQUE INDEX uq_flow_run__flow_id_idempotency_key ON flow_run (flow_id, idempotency_key)',
    'CREATE INDEX ix_flow_run__deployment_id ON flow_run (deployment_id)',
    'CREATE INDEX ix_flow_run__state_id ON flow_run (state_id)',
    'CREATE INDEX ix_flow_run__expected_start_time_desc ON flow_run (expected_start_time DESC)',
    'CREATE INDEX ix_flow_run__next_scheduled_start_time_asc ON flow_run (next_scheduled_start_time ASC)',
    "CREATE INDEX ix_flow_run__scheduler_deployment_id_auto_scheduled_next_schedu ON flow_run (deployment_id, auto_scheduled, next_scheduled_start_time) WHERE state_type = 'SCHEDULED'",
    `CREATE INDEX ix_flow_run__schedule_id_scheduler ON flow_run (deployment_id, ${d.jsonIdOfCreatedBy}, next_scheduled_start_time) WHERE state_type = 'SCHEDULED' AND auto_scheduled = ${d.isTrue}`,
    `CREATE TABLE flow_run_state (${base('flow_run_state')},
    flow_run_id ${d.uuid} NOT NULL REFERENCES flow_run (id) ON DELETE CASCADE,
    type ${d.stateType} NOT NULL,
    timestamp ${d.ts} DEFAULT ${d.nowDefault} NOT NULL,
    name VARCHAR NOT NULL,
    message VARCHAR,
    state_details ${d.json} DEFAULT '{}' NOT NULL,
    data ${d.json},
    result_artifact_id ${d.uuid} REFERENCES artifact (id) ON DELETE SET NULL)`,
    'CREATE INDEX ix_flow_run_state__type ON flow_run_state (type)',
    'CREATE INDEX ix_flow_run_state__name ON flow_run_state (name)',
    'CREATE UNIQUE INDEX uq_flow_run_state__flow_run_id_timestamp_desc ON flow_run_state (flow_run_id, timestamp DESC)',
    // The two tables point at each other (use_alter in the ORM): the run's current state.
    provider === 'postgres'
      ? 'ALTER TABLE flow_run ADD CONSTRAINT fk_flow_run__state_id__flow_run_state FOREIGN KEY (state_id) REFERENCES flow_run_state (id) ON DELETE SET NULL'
      : '',
  ].filter((statement) => statement !== '');
}

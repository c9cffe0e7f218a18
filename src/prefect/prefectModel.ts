/**
 * A Prefect 3 server's tables as preview and backfill read them (README "In place of Prefect's
 * scheduler"): its deployments by `flow/deployment` name, its runs in Prefect's format.
 */
import type { SqlDatabase } from '../db/openSqlDatabase.js';
import type { DataModelAccess } from '../pass/passStore.js';
import { findPrefectDeployment, listPrefectDeployments } from './prefectDeploymentStore.js';
import { prefectPassStore } from './prefectPassStore.js';

export function prefectModel(db: SqlDatabase): DataModelAccess {
  return {
    db,
    deployments: { find: (name) => findPrefectDeployment(db, name), list: () => listPrefectDeployments(db) },
    store: prefectPassStore,
  };
}

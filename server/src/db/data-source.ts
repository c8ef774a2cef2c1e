import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { CreateSchema1763900000000 } from '../../../migrations/1763900000000-create-schema.js';
import { AddRateLimitIndex1763990000000 } from '../../../migrations/1763990000000-add-rate-limit-index.js';
import { AddSearchAndRecoveryIndexes1764000000000 } from '../../../migrations/1764000000000-add-search-and-recovery-indexes.js';
import { AddOrganizationCounts1764100000000 } from '../../../migrations/1764100000000-add-organization-counts.js';
import { AddWorkerHeartbeats1764200000000 } from '../../../migrations/1764200000000-add-worker-heartbeats.js';
import { AddSpareKeys1764300000000 } from '../../../migrations/1764300000000-add-spare-keys.js';
import { AddOrganizationChanges1764400000000 } from '../../../migrations/1764400000000-add-organization-changes.js';
import { AddLifecycleFields1764500000000 } from '../../../migrations/1764500000000-add-lifecycle-fields.js';
import { AddAcmeLedger1764600000000 } from '../../../migrations/1764600000000-add-acme-ledger.js';
import { AddAcmeCaPauses1764700000000 } from '../../../migrations/1764700000000-add-acme-ca-pauses.js';
import { AddCustomCertificatesAndOwnership1764800000000 } from '../../../migrations/1764800000000-add-custom-certificates-and-ownership.js';
import { AddDnsCredentials1764900000000 } from '../../../migrations/1764900000000-add-dns-credentials.js';
import { AddChallengeZoneRecords1765000000000 } from '../../../migrations/1765000000000-add-challenge-zone-records.js';
import { AddPlansAndOperators1765100000000 } from '../../../migrations/1765100000000-add-plans-and-operators.js';
import { AddZones1765200000000 } from '../../../migrations/1765200000000-add-zones.js';
import { AddDefaultDomains1765300000000 } from '../../../migrations/1765300000000-add-default-domains.js';
import { AddMetricsIndexes1765410000000 } from '../../../migrations/1765410000000-add-metrics-indexes.js';
import { AddCertificateEventReasons1765450000000 } from '../../../migrations/1765450000000-add-certificate-event-reasons.js';
import { ENTITIES } from './entities.js';
import { keepClientErrorsHandled } from './pool.js';
import './pg-types.js';

export const MIGRATIONS = [CreateSchema1763900000000, AddRateLimitIndex1763990000000, AddSearchAndRecoveryIndexes1764000000000, AddOrganizationCounts1764100000000, AddWorkerHeartbeats1764200000000, AddSpareKeys1764300000000, AddOrganizationChanges1764400000000, AddLifecycleFields1764500000000, AddAcmeLedger1764600000000, AddAcmeCaPauses1764700000000, AddCustomCertificatesAndOwnership1764800000000, AddDnsCredentials1764900000000, AddChallengeZoneRecords1765000000000, AddPlansAndOperators1765100000000, AddZones1765200000000, AddDefaultDomains1765300000000, AddMetricsIndexes1765410000000, AddCertificateEventReasons1765450000000];

/** A TypeORM DataSource on `url`, with the project's entities and migrations. */
export function createDataSource(url: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'certplane_migrations',
    synchronize: false,
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, onConnect: keepClientErrorsHandled },
  });
}

const MIGRATION_LOCK = 72_630_001;

/**
 * Connects and applies pending migrations; an advisory lock lets API and worker processes start together.
 * `migrate: false` only connects (cluster HTTP workers, whose primary migrated before forking them).
 */
export async function openDatabase(url: string, poolSize = 10, opts: { migrate?: boolean } = {}): Promise<DataSource> {
  const ds = createDataSource(url, poolSize);
  await ds.initialize();
  if (opts.migrate === false) return ds;
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'all' });
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
  return ds;
}

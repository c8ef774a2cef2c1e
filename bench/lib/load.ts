/** Bulk data for the API and scale benchmarks: organizations, apps, domains and certificates by generate_series. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { hashToken } from '../../server/src/auth/tokens.js';

/** An admin API token for an existing organization. */
export async function createToken(c: pg.Client, organizationId: string): Promise<string> {
  const token = 'cpt_' + randomBytes(32).toString('base64url');
  await c.query(`insert into api_tokens (organization_id, name, token_hash, scopes) values ($1, 'bench', $2, '{admin}')`, [organizationId, hashToken(token)]);
  return token;
}

export interface Tenants {
  orgIds: string[];
  appIds: string[];
}

/** `count` organizations on `plan` (default unlimited: the scale bench holds up to 1M certificates), each with one app `bench`. */
export async function createTenants(c: pg.Client, count: number, prefix = 'tenant', plan = 'unlimited'): Promise<Tenants> {
  const { rows } = await c.query<{ id: string }>(`insert into organizations (name, plan) select $1 || i, $3 from generate_series(1, $2) i returning id`, [prefix, count, plan]);
  const orgIds = rows.map((r) => r.id);
  const apps = await c.query<{ id: string; organization_id: string }>(
    `insert into apps (organization_id, name) select unnest($1::uuid[]), 'bench' returning id, organization_id`,
    [orgIds],
  );
  const byOrg = new Map(apps.rows.map((r) => [r.organization_id, r.id]));
  return { orgIds, appIds: orgIds.map((o) => byOrg.get(o)!) };
}

export interface LoadOptions {
  /** Row numbers [from, to] (1-based); row i goes to tenant i % tenants. */
  from: number;
  to: number;
  /** Characters of certificate_pem per row (a real RSA chain is ~3.5 KB; leaf ~1.7 KB). */
  pemChars?: number;
}

/**
 * One domain and one certificate per row: 95% ISSUED (renewal times spread over 60 days, ~1/60 already
 * due), 5% FAILED; created_at one millisecond apart so pages are well ordered. One statement per call.
 */
export async function loadCertificates(c: pg.Client, t: Tenants, o: LoadOptions): Promise<void> {
  const reps = Math.max(1, Math.round((o.pemChars ?? 1600) / 32));
  await c.query(
    `with d as (
       insert into domains (organization_id, app_id, hostname, status, letsencrypt_enabled, created_at, updated_at)
       select ($1::uuid[])[i % $5 + 1], ($2::uuid[])[i % $5 + 1], 'h' || i || '.t' || (i % $5) || '.bench.test', 'IN_USE', true,
              timestamptz '2025-01-01' + i * interval '1 ms', now()
         from generate_series($3::int, $4::int) i
       returning id, organization_id, hostname, created_at
     )
     insert into certificates (organization_id, domain_id, hostname, sans, is_wildcard, key_type, status, directory_url, order_step,
                               certificate_pem, issued_at, expires_at, next_renewal_at, issuer, serial, fingerprint, created_at, updated_at)
     select d.organization_id, d.id, d.hostname, '{}', false, 'RSA_2048', s.status, 'https://127.0.0.1/dir', s.step,
            case when s.status = 'ISSUED' then '-----BEGIN CERTIFICATE-----' || repeat(md5(d.hostname), $6) || '-----END CERTIFICATE-----' end,
            now() - interval '30 days', now() + interval '60 days',
            case when s.status = 'ISSUED' then now() + ((abs(hashtext(d.hostname)) % 5184000) - 86400) * interval '1 s' end,
            'CN=Bench CA', md5(d.hostname), md5(d.hostname || 'f'), d.created_at, now()
       from d, lateral (select case when abs(hashtext(d.hostname)) % 20 = 0 then 'FAILED' else 'ISSUED' end as status) s0,
            lateral (select s0.status, case when s0.status = 'ISSUED' then 'done' else 'new' end as step) s`,
    [t.orgIds, t.appIds, o.from, o.to, t.orgIds.length, reps],
  );
}

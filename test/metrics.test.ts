import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gqlOk, subscribe } from './helpers/graphql.js';
import { startTestApp, testEnv, type TestApp } from './helpers/app.js';
import { loadConfig } from '../server/src/config.js';
import { startApp } from '../server/src/app.js';
import { silentLogger } from '../server/src/logger.js';
import { waitForCertificate, waitUntil } from './helpers/wait.js';

/**
 * /metrics through a real control plane (role all) after a certificate is issued from the suite's Pebble
 * through its PowerDNS: cert-manager's names and labels, ACME requests by action, certplane's own series,
 * and the token on the metrics listener (never the API port).
 */
const TOKEN = 'metrics-token-0123456789abcdef';
let t: TestApp;
let metricsUrl: string;
beforeAll(async () => {
  t = await startTestApp({ env: { CERTPLANE_METRICS_LISTEN: '127.0.0.1:0', CERTPLANE_METRICS_TOKEN: TOKEN, CERTPLANE_METRICS_REFRESH: '1' } });
  metricsUrl = t.app.metrics!.url;
});
afterAll(async () => {
  await t?.stop();
});

const scrape = async (token: string | null = TOKEN) => fetch(metricsUrl, { headers: token ? { authorization: `Bearer ${token}` } : {} });

interface Sample { name: string; labels: Record<string, string>; value: number }

/** The samples of the Prometheus text format (no escapes in our label values). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_]+)="([^"]*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

describe('/metrics', () => {
  it('is served on its own listener with its token only, and not on the API port', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('wrong-token-0123456789')).status).toBe(401);
    expect((await scrape()).status).toBe(200);
    const api = await fetch(`${t.url}/metrics`);
    expect(await api.text()).not.toContain('acme_client_request_count');
  });

  it("exports cert-manager's certificate and ACME metrics and certplane's own after an issuance", async () => {
    const host = `www.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    await gqlOk(t.url, t.token, 'mutation { createApp(name: "shop") { id } }');
    const sub = await subscribe(t.url, t.token, 'subscription { certificateStatusChanged { id status } }');
    const { addDomain } = await gqlOk(t.url, t.token, 'mutation($h: String!) { addDomain(input: { app: "shop", hostname: $h }) { id } }', { h: host });
    const certId = await waitUntil(async () => {
      const { domain } = await gqlOk(t.url, t.token, 'query($id: ID!) { domain(id: $id) { certificate { id } } }', { id: addDomain.id });
      return domain.certificate?.id as string | undefined;
    }, 30_000, 'the certificate');
    const cert = await waitForCertificate(t.url, t.token, certId, ['ISSUED'], 'expiresAt nextRenewalAt', 60_000);

    // The aggregates are read every second in the background; wait for the refresh after issuance.
    const samples = await waitUntil(async () => {
      const s = parse(await (await scrape()).text());
      return find(s, 'certificate_ready_status', { id: certId, condition: 'True' })[0]?.value === 1 ? s : null;
    }, 15_000, 'the issued certificate in /metrics');

    const labels = { id: certId, name: host, namespace: t.organizationId, issuer_kind: 'ACME', issuer_group: 'certplane' };
    const [expiry] = find(samples, 'certificate_expiration_timestamp_seconds', labels);
    expect(expiry.labels.issuer_name).toBe(new URL(t.env.CERTPLANE_ACME_DIRECTORY).host);
    expect(expiry.value).toBe(Math.floor(new Date(cert.expiresAt as string).getTime() / 1000));
    expect(find(samples, 'certificate_renewal_timestamp_seconds', labels)[0].value).toBe(Math.floor(new Date(cert.nextRenewalAt as string).getTime() / 1000));
    expect(find(samples, 'certificate_ready_status', { ...labels, condition: 'False' })[0].value).toBe(0);
    expect(find(samples, 'certificate_ready_status', { ...labels, condition: 'Unknown' })[0].value).toBe(0);
    expect(find(samples, 'certplane_certificates', { status: 'ISSUED', source: 'ACME' })[0].value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'certplane_certificates_ready', { condition: 'True' })[0].value).toBeGreaterThanOrEqual(1);

    const caHost = new URL(t.env.CERTPLANE_ACME_DIRECTORY).host;
    const acme = (action: string) => find(samples, 'acme_client_request_count', { host: caHost, action }).reduce((n, s) => n + s.value, 0);
    for (const action of ['directory', 'newAccount', 'newOrder', 'authorization', 'challenge', 'finalize', 'certificate']) expect(acme(action), action).toBeGreaterThan(0);
    expect(find(samples, 'acme_client_request_count', { action: 'newOrder', method: 'POST', status: '201' })[0].value).toBeGreaterThan(0);
    expect(find(samples, 'acme_client_request_duration_seconds_count', { action: 'finalize' }).length).toBeGreaterThan(0);

    expect(find(samples, 'certplane_orders_total', { outcome: 'issued' })[0].value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'certplane_dns_provider_requests_total', { provider: 'powerdns', operation: 'present' })[0].value).toBeGreaterThan(0);
    expect(find(samples, 'certplane_graphql_subscriptions_open')[0].value).toBe(1);
    expect(find(samples, 'certplane_jobs', { task: 'acme_order' }).map((s) => s.labels.state).sort()).toEqual(['failed', 'ready', 'running', 'scheduled']);
    expect(find(samples, 'certplane_job_queue_oldest_seconds', { task: 'acme_order' }).length).toBe(1);
    expect(find(samples, 'certplane_metrics_refresh_timestamp_seconds')[0].value).toBeGreaterThan(Date.now() / 1000 - 10);
    expect(find(samples, 'process_cpu_user_seconds_total').length).toBe(1);
    sub.close();
    await waitUntil(async () => find(parse(await (await scrape()).text()), 'certplane_graphql_subscriptions_open')[0].value === 0, 5000, 'the subscription to close');
  }, 90_000);

  it('refuses to start on a metrics address already taken, naming the setting', async () => {
    const taken = new URL(metricsUrl).host;
    const config = loadConfig(testEnv(t.app.databaseUrl, { CERTPLANE_METRICS_LISTEN: taken }));
    await expect(startApp(config, 'api', { log: silentLogger })).rejects.toThrow(`CERTPLANE_METRICS_LISTEN=${taken} is taken`);
  });

  it('answers a scrape from what the last refresh read, in well under 100 ms', async () => {
    await scrape();
    const started = performance.now();
    const res = await scrape();
    await res.text();
    expect(performance.now() - started).toBeLessThan(100);
  });
});

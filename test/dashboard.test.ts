/**
 * The web dashboard at / in a real browser (/usr/bin/chromium driven by playwright-core), against a whole
 * control plane issuing from the suite's Pebble through its PowerDNS: sign in, list, live changes, the
 * dialogs (add a domain, request, download, renew, delete, revoke), a certificate's page, phone width.
 * CERTPLANE_SCREENSHOTS=1 also saves the README's screenshots into docs/screenshots/.
 */
import { readFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardRouter } from '../server/src/http/dashboard.js';
import { ensureBuilt, ROOT } from './helpers/build.js';
import { launchChromium, pageErrors, type TestBrowser } from './helpers/browser.js';
import { gql, gqlOk } from './helpers/graphql.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { waitUntil } from './helpers/wait.js';

let t: TestApp;
let browser: TestBrowser;
let page: Page;
let errors: ReturnType<typeof pageErrors>;
/** Tokens of a `pro` organization (so the limits card shows): one that may read keys, one that may not. */
let keyToken: string;
let plainToken: string;
const shots = process.env.CERTPLANE_SCREENSHOTS ? path.join(ROOT, 'docs/screenshots') : null;

beforeAll(async () => {
  await ensureBuilt();
  // CAA names the suite's Pebble, so a CAA record naming another CA holds an order (a stuck certificate to show).
  t = await startTestApp({ env: { CERTPLANE_ACME_CAA_IDENTITIES: 'pebble.test' } });
  const org = await t.newOrganization('shop', ['admin', 'certificates:read_private_key'], 'pro');
  keyToken = org.token;
  plainToken = (await gqlOk(t.url, keyToken, 'mutation { createApiToken(name: "no keys", scopes: ["read", "write"]) { token } }')).createApiToken.token;
  // No app yet: the first domain's dialog creates one (createApp).
  await t.dns.setRecord(`www.${t.zone}`, 'A', ['127.0.0.1']);
  browser = await launchChromium();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  errors = pageErrors(page);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

const rows = () => page.locator('table.certificates tbody tr');
const row = (id: string) => page.locator(`table.certificates tbody tr[data-id="${id}"]`);
const dialog = () => page.getByRole('dialog');
/** Set before the changes a test expects to arrive live: still set afterwards means no reload happened. */
const markPage = () => page.evaluate('window.__noReload = true');
const notReloaded = () => page.evaluate('window.__noReload === true');

async function certificatesOf(hostname: string): Promise<Array<{ id: string; keyType: string; status: string; serial: string | null }>> {
  const d = await gqlOk(t.url, keyToken, 'query($h: String) { certificates(first: 100, hostname: $h) { nodes { id keyType status serial } } }', { h: hostname });
  return d.certificates.nodes;
}

async function signIn(token: string) {
  await page.goto(`${t.url}/`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Certificates' }).waitFor();
}

async function shot(name: string) {
  if (!shots) return;
  await mkdir(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

describe('serving the dashboard', () => {
  it('answers / and client routes with the built page, whose assets all come from this server', async () => {
    for (const p of ['/', '/certificates/some-id', '/domains', '/domains/some-id']) {
      const res = await fetch(t.url + p, { headers: { accept: 'text/html' } });
      expect(res.status, p).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<div id="root">/);
      expect(html).not.toMatch(/https?:\/\//);
      for (const [, asset] of html.matchAll(/(?:src|href)="(\/[^"]*)"/g)) expect((await fetch(t.url + asset)).status, asset).toBe(200);
    }
    expect((await fetch(`${t.url}/assets/nope.js`)).status).toBe(404);
    // Only the dashboard's own routes are the app: a Prometheus scrape of the API port gets a 404, not HTML.
    for (const p of ['/metrics', '/nonexistent', '/certificates/a/b', '/favicon.ico']) {
      const res = await fetch(t.url + p, { headers: { accept: 'text/html,*/*' } });
      expect(res.status, p).toBe(404);
      expect(await res.text(), p).not.toMatch(/<div id="root">/);
    }
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${t.url}/playground`)).text()).toMatch(/GraphiQL/);
  });

  it('says how to build it when dist/dashboard is missing, instead of a blank 404', async () => {
    const app = express().use(dashboardRouter(path.join(ROOT, '.no-such-build')));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/npm run build/);
    } finally {
      server.close();
    }
  });
});

describe('the dashboard in a real browser', () => {
  it('refuses a wrong token with the API message, and keeps a good one in sessionStorage only', async () => {
    await page.goto(`${t.url}/`);
    await page.getByLabel('API token').fill('cpt_not-a-real-token-at-all-0000000000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/UNAUTHENTICATED.*invalid or revoked token/);
    await signIn(keyToken);
    expect(await page.evaluate("[sessionStorage.getItem('certplane.token'), localStorage.length]")).toEqual([keyToken, 0]);
    await expect.poll(() => page.locator('.limits').textContent()).toMatch(/0 \/ 25 used/);
    await expect.poll(() => page.locator('.live').textContent()).toBe('Live');
  });

  it("adds a domain with Let's Encrypt; its certificate appears and goes to Issued with no reload", async () => {
    const host = `www.${t.zone}`;
    await markPage();
    await page.getByRole('button', { name: 'Add domain' }).click();
    await dialog().getByLabel('Hostname').fill(host);
    expect(await dialog().getByLabel("Let's Encrypt").isChecked()).toBe(true);
    // No app yet: "New app…" is chosen, and its name is asked for.
    await expect.poll(() => dialog().getByLabel('App', { exact: true }).inputValue()).not.toBe('');
    await dialog().getByLabel('New app name').fill('web');
    await dialog().getByRole('button', { name: 'Add domain' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect((await gqlOk(t.url, keyToken, '{ apps { name } }')).apps).toEqual([{ name: 'web' }]);
    const cert = await waitUntil(async () => (await certificatesOf(host))[0], 30_000, 'the certificate');
    await row(cert.id).waitFor({ timeout: 30_000 });
    await page.locator(`tr[data-id="${cert.id}"][data-status="ISSUED"]`).waitFor({ timeout: 60_000 });
    expect(await row(cert.id).textContent()).toMatch(/RSA 2048.*in \d+ d/);
    expect(await notReloaded()).toBe(true);
  });

  it('requests a certificate through the dialog and shows it issued', async () => {
    const host = `www.${t.zone}`;
    await page.getByRole('button', { name: 'Request certificate' }).click();
    await expect.poll(() => dialog().getByLabel('Domain').inputValue()).not.toBe('');
    await dialog().getByLabel('Key type').selectOption('ECDSA_P256');
    await shot('request-dialog');
    await dialog().getByRole('button', { name: 'Request' }).click();
    await dialog().waitFor({ state: 'detached' });
    const ecdsa = await waitUntil(async () => (await certificatesOf(host)).find((c) => c.keyType === 'ECDSA_P256'), 10_000, 'the ECDSA certificate');
    await page.locator(`tr[data-id="${ecdsa.id}"][data-status="ISSUED"]`).waitFor({ timeout: 60_000 });
    expect(await rows().count()).toBe(2);
    await expect.poll(() => page.locator('.limits').textContent()).toMatch(/2 \/ 25 used/);
    await shot('certificates');
  });

  it("downloads certificate, full chain and key equal to the API's PEM, copies, and gives focus back on Escape", async () => {
    const rsa = (await certificatesOf(`www.${t.zone}`)).find((c) => c.keyType === 'RSA_2048')!;
    const api = (await gqlOk(t.url, keyToken, 'query($id: ID!) { certificate(id: $id) { certificatePem privateKeyPem } }', { id: rsa.id })).certificate;
    const opener = row(rsa.id).getByRole('button', { name: /^Download/ });
    await opener.click();
    const save = async (name: RegExp) => {
      const [download] = await Promise.all([page.waitForEvent('download'), dialog().getByRole('button', { name }).click()]);
      return { file: download.suggestedFilename(), text: await readFile((await download.path())!, 'utf8') };
    };
    const full = await save(/^Download full chain/);
    expect(full.file).toBe(`www.${t.zone}.fullchain.pem`);
    expect(full.text.trim()).toBe(api.certificatePem.trim());
    const leaf = await save(/^Download certificate/);
    expect(leaf.text.trim()).toBe(api.certificatePem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)[0]);
    const key = await save(/^Download private key/);
    expect(key.text.trim()).toBe(api.privateKeyPem.trim());
    await dialog().getByRole('button', { name: 'Copy full chain' }).click();
    expect((await page.evaluate<string>('navigator.clipboard.readText()')).trim()).toBe(api.certificatePem.trim());
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe(`Download www.${t.zone}`);
  });

  it('shows the API error of a refused domain in the dialog', async () => {
    await page.getByRole('button', { name: 'Add domain' }).click();
    await dialog().getByLabel('Hostname').fill('not a hostname');
    await dialog().getByRole('button', { name: 'Add domain' }).click();
    await expect.poll(() => dialog().getByRole('alert').textContent()).toMatch(/BAD_USER_INPUT/);
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
  });

  it('renews now: a new certificate (new serial) takes over, and the row follows', async () => {
    const rsa = (await certificatesOf(`www.${t.zone}`)).find((c) => c.keyType === 'RSA_2048')!;
    await markPage();
    await row(rsa.id).getByRole('button', { name: /^Renew/ }).click();
    await dialog().getByRole('button', { name: 'Renew now' }).click();
    await dialog().waitFor({ state: 'detached' });
    await waitUntil(async () => (await certificatesOf(`www.${t.zone}`)).find((c) => c.id === rsa.id && c.serial !== rsa.serial && c.status === 'ISSUED'), 60_000, 'the renewed certificate');
    await expect.poll(() => row(rsa.id).locator('.badge').textContent(), { timeout: 10_000 }).toBe('Issued');
    expect(await notReloaded()).toBe(true);
  });

  it('deletes a certificate, revoking it first', async () => {
    const ecdsa = (await certificatesOf(`www.${t.zone}`)).find((c) => c.keyType === 'ECDSA_P256')!;
    await row(ecdsa.id).getByRole('button', { name: /^Delete/ }).click();
    await dialog().getByLabel('Revoke it at the CA first').check();
    await dialog().getByRole('button', { name: 'Delete' }).click();
    await dialog().waitFor({ state: 'detached' });
    await row(ecdsa.id).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.notice').textContent()).toBe(`Certificate for www.${t.zone} deleted (revoked first)`);
    const gone = await gql(t.url, keyToken, 'query($id: ID!) { certificate(id: $id) { id } }', { id: ecdsa.id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('shows a revocation made through the API without a reload', async () => {
    const [rsa] = await certificatesOf(`www.${t.zone}`);
    await markPage();
    await gqlOk(t.url, keyToken, 'mutation($id: ID!) { revokeCertificate(id: $id) { status } }', { id: rsa.id });
    await page.locator(`tr[data-id="${rsa.id}"][data-status="REVOKED"]`).waitFor({ timeout: 15_000 });
    expect(await notReloaded()).toBe(true);
    // Renew would only meet CONFLICT now: it is disabled, and says why.
    const renew = row(rsa.id).getByRole('button', { name: /^Renew/ });
    await expect.poll(() => renew.isDisabled()).toBe(true);
    expect(await renew.getAttribute('title')).toMatch(/revoked certificate cannot be renewed/);
    const describedBy = (await renew.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/revoked certificate cannot be renewed/);
    expect(await row(rsa.id).getByRole('button', { name: /^Revoke/ }).getAttribute('title')).toMatch(/Only an issued certificate/);
  });

  it("has a page per certificate: what to do, the DNS records with copy buttons, the event log", async () => {
    const [rsa] = await certificatesOf(`www.${t.zone}`);
    await row(rsa.id).getByRole('link').click();
    await page.getByRole('heading', { name: `www.${t.zone}`, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/certificates/${rsa.id}`);
    await expect.poll(() => page.locator('.attention').textContent(), { timeout: 15_000 }).toMatch(/Action required on domain www\..*with Request certificate.*Certificate revoked/);
    expect(await page.locator('.attention [title="CertificateRevoked"]').count()).toBe(1);
    expect(await page.locator('.why-disabled').textContent()).toMatch(/Renew: A revoked certificate cannot be renewed/);
    const events = page.locator('.events li');
    await expect.poll(() => events.allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/issued/i), expect.stringMatching(/revoked/i)]));
    await shot('certificate');
    await page.getByRole('button', { name: `Copy name _certplane-ownership.www.${t.zone}` }).click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(`_certplane-ownership.www.${t.zone}`);
    await page.reload();
    await page.getByRole('heading', { name: `www.${t.zone}`, level: 1 }).waitFor();
  });

  it('fits a phone (390 px): no sideways scrolling, rows as cards', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const width = () => page.evaluate<number>('document.documentElement.scrollWidth');
    expect(await width()).toBeLessThanOrEqual(390);
    await page.getByRole('link', { name: '← Certificates' }).click();
    await rows().first().waitFor();
    expect(await width()).toBeLessThanOrEqual(390);
    expect(await page.locator('table.certificates thead').isVisible()).toBe(false);
    await shot('certificates-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('lists every domain, certificate or not; a domain page checks DNS and removes it', async () => {
    const host = `shop.${t.zone}`;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Domains' }).click();
    await page.getByRole('heading', { name: 'Domains', level: 1 }).waitFor();
    await page.locator('table.domains tbody tr').first().waitFor();
    // A domain without certificate (Let's Encrypt off, no DNS) is there too, to the existing app.
    await page.getByRole('button', { name: 'Add domain' }).click();
    await dialog().getByLabel('Hostname').fill(host);
    await expect.poll(() => dialog().getByLabel('App', { exact: true }).inputValue()).toBe('web');
    await dialog().getByLabel("Let's Encrypt").uncheck();
    await dialog().getByRole('button', { name: 'Add domain' }).click();
    await dialog().waitFor({ state: 'detached' });
    const domainRow = page.locator('table.domains tbody tr', { hasText: host });
    await domainRow.waitFor();
    expect(await domainRow.textContent()).toMatch(/web.*Waiting for DNS/);
    expect(await domainRow.locator('.badge').getAttribute('title')).toBe('PENDING_DNS');
    await domainRow.getByRole('link', { name: host }).click();
    await page.getByRole('heading', { name: host, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/domains\/.+/);
    await page.getByRole('button', { name: `Copy name _certplane-ownership.${host}` }).waitFor();
    expect(await page.locator('.card', { hasText: 'Certificates' }).last().textContent()).toMatch(/No certificate yet/);
    await page.getByRole('button', { name: 'Check DNS now' }).click();
    await expect.poll(() => page.locator('.check-result').textContent(), { timeout: 15_000 }).toMatch(/does not point at the platform/);
    // The check is logged in the domain's own event log.
    await page.locator('.domain-events li').first().waitFor({ timeout: 10_000 });
    await shot('domain');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.getByRole('heading', { name: host, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Remove domain' }).click();
    await dialog().getByRole('button', { name: 'Remove domain' }).click();
    await page.getByRole('heading', { name: 'Domains', level: 1 }).waitFor();
    expect(await page.locator('.notice').textContent()).toBe(`Domain ${host} removed`);
    const left = await gqlOk(t.url, keyToken, '{ domains(first: 100) { nodes { hostname } } }');
    expect(left.domains.nodes.map((d: { hostname: string }) => d.hostname)).toEqual([`www.${t.zone}`]);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Certificates' }).click();
    await rows().first().waitFor();
  });

  it('says under its status why a certificate is stuck, with an Action required badge', async () => {
    const host = `held.${t.zone}`;
    await t.dns.setRecord(host, 'A', ['127.0.0.1']);
    await t.dns.setRecord(host, 'CAA', ['0 issue "other-ca.example"']);
    const { addDomain } = await gqlOk(t.url, keyToken, 'mutation($h: String!) { addDomain(input: { app: "web", hostname: $h, letsencryptEnabled: true }) { id } }', { h: host });
    const held = await waitUntil(async () => {
      const { domain } = await gqlOk(t.url, keyToken, 'query($id: ID!) { domain(id: $id) { status certificates { id orderHeld statusReason } } }', { id: addDomain.id });
      return domain.certificates.find((c: { orderHeld: boolean }) => c.orderHeld);
    }, 20_000, 'the held order');
    // Holding an order changes no status (no certificateStatusChanged): the list shows it when read again.
    await page.reload();
    const stuck = row(held.id);
    await stuck.waitFor({ timeout: 15_000 });
    await expect.poll(() => stuck.locator('.status-reason').getAttribute('title'), { timeout: 15_000 }).toBe(held.statusReason);
    expect(held.statusReason).toMatch(/CAA/);
    expect(await stuck.locator('.badge', { hasText: 'Action required' }).count()).toBe(1);
    await gqlOk(t.url, keyToken, 'mutation($id: ID!) { removeDomain(id: $id) }', { id: addDomain.id });
    await page.reload();
    await stuck.waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('without certificates:read_private_key, offers the certificate and says why the key is not there', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.evaluate("sessionStorage.getItem('certplane.token')")).toBeNull();
    await signIn(plainToken);
    await rows().first().getByRole('button', { name: /^Download/ }).click();
    await dialog().getByRole('button', { name: /^Download full chain/ }).waitFor();
    await expect.poll(() => dialog().getByRole('alert').textContent()).toMatch(/FORBIDDEN.*certificates:read_private_key/);
    expect(await dialog().getByRole('button', { name: /^Download private key/ }).count()).toBe(0);
    await page.keyboard.press('Escape');
  });

  it('goes back to the sign-in form, saying why, once its token is revoked', async () => {
    const { apiTokens } = await gqlOk(t.url, keyToken, '{ apiTokens { id name } }');
    await gqlOk(t.url, keyToken, 'mutation($id: ID!) { revokeApiToken(id: $id) }', { id: apiTokens.find((x: { name: string }) => x.name === 'no keys').id });
    await page.getByLabel('Status').selectOption('REVOKED');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid or revoked token/);
    expect(await page.getByLabel('API token').isVisible()).toBe(true);
    expect(await page.evaluate("sessionStorage.getItem('certplane.token')")).toBeNull();
    errors.assertNone();
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { startTestApp, testEnv, type TestApp } from './helpers/app.js';
import { createTestDatabase } from './helpers/postgres.js';
import { waitUntil } from './helpers/wait.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ role: 'api' });
});
afterAll(async () => {
  await t?.stop();
});

describe('the GraphQL playground at /playground', () => {
  it('is a page whose scripts and styles all come from this server (no internet needed)', async () => {
    const res = await fetch(`${t.url}/playground`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.sort()).toEqual(['/playground/graphiql.css', '/playground/graphiql.js', '/playground/react-dom.js', '/playground/react.js']);
    expect(html).not.toMatch(/https?:\/\/(?!127\.)/);
    for (const a of assets) {
      const r = await fetch(t.url + a);
      expect(r.status, a).toBe(200);
      expect((await r.arrayBuffer()).byteLength, a).toBeGreaterThan(10_000);
    }
    expect((await fetch(`${t.url}/playground/../package.json`)).status).toBe(404);
  });

  it("answers GraphiQL's introspection query, which the query limits let through", async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery() }),
    });
    const body = (await res.json()) as { data?: { __schema: { types: Array<{ name: string }> } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.__schema.types.map((x) => x.name)).toContain('Certificate');
  });
});

/** Debian's chromium (apt-get install chromium; .ci/run installs it): no browser is downloaded. */
const CHROMIUM = '/usr/bin/chromium';

// `certplane api` in a process of its own, as `npm start` runs the API: NODE_ENV is left unset, so
// main.ts sets it to `production` (vitest's `test` would turn Apollo's production behaviour off).
describe('the playground in a real browser, against the API as npm start runs it (NODE_ENV=production)', () => {
  let child: ChildProcess;
  let exited: Promise<unknown>;
  let output = '';
  let url: string;
  let profile: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    const root = path.resolve(import.meta.dirname, '..');
    const env: NodeJS.ProcessEnv = { ...process.env, ...testEnv(await createTestDatabase('playground')) };
    delete env.NODE_ENV;
    child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/src/main.ts'), 'api'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    process.once('exit', () => child.kill('SIGKILL'));
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    exited = new Promise((resolve) => child.once('exit', resolve));
    const listening = await Promise.race([
      waitUntil(async () => /"msg":"GraphQL API listening".*?"url":"(http:[^"]+)\/graphql"/.exec(output)?.[1], 60_000, `"GraphQL API listening" in:\n${output}`),
      exited.then(() => Promise.reject(new Error(`the API exited:\n${output}`))),
    ]);
    url = listening;
    profile = await mkdtemp(path.join(os.tmpdir(), 'certplane-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('fetches the schema (the docs list Certificate) and runs a query with the Authorization header', async () => {
    const token = await waitUntil(async () => /\n {2}(cpt_\S+)\n/.exec(output)?.[1], 10_000, `the first token in:\n${output}`);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await page.goto(`${url}/playground`);

      // The headers, as the playground asks for them: JSON in the Headers tab.
      await page.getByRole('button', { name: 'Headers' }).click();
      await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));

      // The schema was fetched: the documentation explorer finds the Certificate type and shows its fields.
      await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
      await page.locator('.graphiql-doc-explorer-root-type, .graphiql-doc-explorer-error').first().waitFor();
      expect(await page.locator('.graphiql-doc-explorer-error').allTextContents()).toEqual([]); // "Error fetching schema"
      await page.locator('.graphiql-doc-explorer-search-input input').fill('Certificate');
      await page.locator('.graphiql-doc-explorer-search-type', { hasText: /^Certificate$/ }).first().click({ timeout: 15_000 });
      await expect.poll(() => page.locator('.graphiql-doc-explorer-title').textContent()).toBe('Certificate');
      await expect.poll(() => page.locator('.graphiql-doc-explorer-content').textContent()).toMatch(/hostname/);

      // A query runs, authenticated by that header, and its result shows.
      await page.locator('.graphiql-query-editor .CodeMirror').click();
      await page.keyboard.press('ControlOrMeta+A');
      const query = '{ organization { name } }';
      await page.keyboard.insertText(query);
      // GraphiQL takes an edit (and the operation name it implies) 100 ms after the last change, and
      // saves the query then: run it after that, as a person would, not with the default query's name.
      await page.waitForFunction(`localStorage.getItem('graphiql:query') === ${JSON.stringify(query)}`);
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(() => page.locator('.graphiql-response').textContent(), { timeout: 15_000 }).toMatch(/"organization":\s*\{\s*"name":\s*"default"/);
      expect(pageErrors).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: path.join(os.tmpdir(), 'certplane-playground-failure.png') }).catch(() => undefined);
      throw err;
    }
  });
});

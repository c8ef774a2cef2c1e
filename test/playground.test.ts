import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getIntrospectionQuery } from 'graphql';
import { startTestApp, type TestApp } from './helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ role: 'api' });
});
afterAll(async () => {
  await t?.stop();
});

describe('the GraphQL playground at /', () => {
  it('is a page whose scripts and styles all come from this server (no internet needed)', async () => {
    const res = await fetch(`${t.url}/`);
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

import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';

function getJson(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text.startsWith('-----') ? text : JSON.parse(text) }));
      })
      .on('error', reject);
  });
}

describe('test harness', () => {
  it('serves the Pebble ACME directory over HTTPS trusted through tlsCaPath', async () => {
    const pebble = inject('pebble');
    const ca = await readFile(pebble.tlsCaPath, 'utf8');
    const dir = await getJson(pebble.directoryUrl, ca);
    expect(dir.status).toBe(200);
    expect(dir.body).toMatchObject({ newOrder: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\//), newNonce: expect.any(String) });
  });

  it('serves the issuing root on the Pebble management port', async () => {
    const pebble = inject('pebble');
    const root = await getJson(`${pebble.managementUrl}/roots/0`, await readFile(pebble.tlsCaPath, 'utf8'));
    expect(root.body).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('rejects Pebble HTTPS when the test CA is not trusted', async () => {
    await expect(getJson(inject('pebble').directoryUrl, '')).rejects.toThrow(/certificate/i);
  });

  it('answers DNS and the PowerDNS API on loopback', async () => {
    const pdns = inject('pdns');
    expect(pdns.dnsAddress).toBe(`127.0.0.1:${pdns.dnsPort}`);
    const res = await fetch(`${pdns.apiUrl}/api/v1/servers/localhost`, { headers: { 'X-API-Key': pdns.apiKey } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ daemon_type: 'authoritative' });
  });
});

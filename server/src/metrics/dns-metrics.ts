import { Counter, Histogram } from 'prom-client';
import { DnsProviderError, type DnsProvider } from '../dns/dns-provider.js';
import { processRegistry } from './registry.js';

/**
 * DNS-01 provider API calls, by provider kind (`powerdns`, `route53`, ...) and operation (`present`,
 * `cleanUp`, `verify`): every call, the failed ones (with `retryable` as the provider error says), and
 * their duration.
 */
export const dnsProviderCalls = new Counter({
  name: 'certplane_dns_provider_requests_total',
  help: 'DNS provider calls, by provider kind and operation',
  labelNames: ['provider', 'operation'] as const,
  registers: [processRegistry],
});

export const dnsProviderErrors = new Counter({
  name: 'certplane_dns_provider_errors_total',
  help: 'Failed DNS provider calls, by provider kind, operation and whether the error is retryable',
  labelNames: ['provider', 'operation', 'retryable'] as const,
  registers: [processRegistry],
});

export const dnsProviderDuration = new Histogram({
  name: 'certplane_dns_provider_request_duration_seconds',
  help: 'Duration of DNS provider calls, by provider kind and operation',
  labelNames: ['provider', 'operation'] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [processRegistry],
});

async function measured<T>(kind: string, operation: string, call: () => Promise<T>): Promise<T> {
  const labels = { provider: kind, operation };
  dnsProviderCalls.inc(labels);
  const end = dnsProviderDuration.startTimer(labels);
  try {
    return await call();
  } catch (err) {
    dnsProviderErrors.inc({ ...labels, retryable: String(err instanceof DnsProviderError ? err.retryable : true) });
    throw err;
  } finally {
    end();
  }
}

const OPERATIONS = new Set(['present', 'cleanUp', 'verify']);

/** `provider` with each call counted under its `kind` (a registry name: bounded label values). */
export function instrumentDnsProvider<P extends DnsProvider>(kind: string, provider: P): P {
  return new Proxy(provider, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => Promise<unknown>;
      if (typeof prop === 'string' && OPERATIONS.has(prop)) return (...args: unknown[]) => measured(kind, prop, () => fn.apply(target, args));
      return fn.bind(target);
    },
  });
}

/** Payload of every task, declared once. Old jobs may carry old shapes: tasks assert before use. */
export interface TaskPayloads {
  check_domain_dns: { domainId: string };
  acme_order: { certificateId: string };
  dns_cleanup: { certificateId: string; records: Array<{ name: string; value: string; via?: string }> };
  renewal_scan: Record<string, never>;
  expiry_sweep: Record<string, never>;
  check_zone: { zoneId: string };
}
export type TaskName = keyof TaskPayloads;

export function assertPayload<T extends TaskName>(task: T, payload: unknown, keys: (keyof TaskPayloads[T])[]): TaskPayloads[T] {
  if (!payload || typeof payload !== 'object') throw new Error(`${task}: payload is not an object`);
  for (const k of keys) {
    if (typeof (payload as Record<string, unknown>)[k as string] !== 'string') throw new Error(`${task}: payload.${String(k)} missing`);
  }
  return payload as TaskPayloads[T];
}

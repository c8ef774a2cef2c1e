import { UNKNOWN, isWhollyKnown, valuesEqual, type TfObject } from '../protocol/values.js';
import type { AttrPath } from './diagnostics.js';
import type { Resource } from './resource.js';

export interface Plan {
  planned: TfObject | null;
  requiresReplace: AttrPath[];
}

/**
 * Terraform's proposal turned into the provider's plan:
 * - destroy stays null;
 * - an attribute with a default takes it whenever the configuration leaves it null;
 * - on create every other computed attribute the configuration leaves null is unknown;
 * - on update, changed `forceNew` attributes are reported in requires_replace (Terraform then
 *   asks again with a null prior to plan the new object).
 */
export function planResourceChange(resource: Resource, prior: TfObject | null, proposed: TfObject | null, config: TfObject | null): Plan {
  if (proposed === null || config === null) return { planned: null, requiresReplace: [] };
  const attrs = resource.schema.block.attributes;
  const planned: TfObject = { ...proposed };
  for (const [name, a] of Object.entries(attrs)) {
    if (config[name] !== null) continue;
    if (a.default !== undefined) planned[name] = a.default;
    else if (a.computed && prior === null) planned[name] = UNKNOWN;
  }
  const requiresReplace: AttrPath[] = [];
  if (prior !== null) {
    for (const [name, a] of Object.entries(attrs)) {
      if (a.forceNew && !valuesEqual(prior[name], planned[name], a.type)) requiresReplace.push([name]);
    }
  }
  resource.modifyPlan?.({ prior, planned, config, requiresReplace });
  return { planned, requiresReplace };
}

/**
 * The state after create or update: every attribute the plan knew keeps its planned value (so the
 * result is always consistent with the plan), the rest come from what the API returned.
 */
export function mergeApplied(resource: Resource, planned: TfObject, result: TfObject): TfObject {
  const out: TfObject = {};
  for (const name of Object.keys(resource.schema.block.attributes)) {
    out[name] = isWhollyKnown(planned[name]) ? planned[name] : (result[name] ?? null);
  }
  for (const name of Object.keys(resource.schema.block.blocks ?? {})) out[name] = planned[name] ?? null;
  return out;
}

/** Whether any attribute differs between two objects of the resource. */
export function hasChanges(resource: Resource, prior: TfObject, planned: TfObject): boolean {
  const attrs = resource.schema.block.attributes;
  const names = [...Object.keys(attrs), ...Object.keys(resource.schema.block.blocks ?? {})];
  return names.some((n) => !valuesEqual(prior[n], planned[n], attrs[n]?.type));
}

import type { TfType, TfValue } from '../protocol/values.js';

/**
 * Declarative schemas for resources, data sources and the provider configuration; they turn into
 * tfplugin6 Schema messages (protocol/schema-proto.ts), the cty object type used to decode values,
 * and the `terraform providers schema -json` document.
 */
export interface AttributeSpec {
  type: TfType;
  description: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  /** A change to this attribute destroys the object and creates a new one. */
  forceNew?: boolean;
  /** Planned when the configuration leaves the attribute null (the attribute must be optional and computed). */
  default?: TfValue;
}

export interface NestedBlockSpec {
  nesting: 'single' | 'list';
  block: BlockSpec;
  maxItems?: number;
}

export interface BlockSpec {
  description?: string;
  attributes: Record<string, AttributeSpec>;
  blocks?: Record<string, NestedBlockSpec>;
}

export interface SchemaSpec {
  version: number;
  block: BlockSpec;
}

/** The object type of values of a block. */
export function blockType(block: BlockSpec): TfType {
  const attrs: Record<string, TfType> = {};
  for (const [name, a] of Object.entries(block.attributes)) attrs[name] = a.type;
  for (const [name, b] of Object.entries(block.blocks ?? {})) {
    attrs[name] = b.nesting === 'single' ? blockType(b.block) : ['list', blockType(b.block)];
  }
  return ['object', attrs];
}

/** A complete object for `block` from a partial one: missing attributes and blocks are null (lists empty). */
export function completeObject(block: BlockSpec, partial: Record<string, TfValue | undefined>): Record<string, TfValue> {
  const out: Record<string, TfValue> = {};
  for (const name of Object.keys(block.attributes)) out[name] = partial[name] ?? null;
  for (const [name, b] of Object.entries(block.blocks ?? {})) out[name] = partial[name] ?? (b.nesting === 'list' ? [] : null);
  return out;
}

import type { CertplaneClient } from '../client.js';
import type { TfObject } from '../protocol/values.js';
import type { AttrPath, Diagnostics } from './diagnostics.js';
import type { SchemaSpec } from './schema.js';

/** What an operation may use: the configured API client, a place for warnings, and Terraform's stop signal. */
export interface OperationContext {
  client(): CertplaneClient;
  diags: Diagnostics;
  signal: AbortSignal;
}

export interface PlanInput {
  prior: TfObject | null;
  /** The plan so far (Terraform's proposal, defaults applied, computed attributes unknown on create); change it in place. */
  planned: TfObject;
  config: TfObject;
  /** Attribute paths that force a new object; add to it. */
  requiresReplace: AttrPath[];
}

/** A managed resource type. Values are complete objects of `schema`; the framework fills and merges. */
export interface Resource {
  typeName: string;
  schema: SchemaSpec;
  /** Checks known values of the configuration (it may hold unknowns). */
  validate?(config: TfObject, diags: Diagnostics): void;
  modifyPlan?(input: PlanInput): void;
  create(planned: TfObject, ctx: OperationContext): Promise<TfObject>;
  /** The object as it is now, or null when it is gone. */
  read(state: TfObject, ctx: OperationContext): Promise<TfObject | null>;
  update(prior: TfObject, planned: TfObject, ctx: OperationContext): Promise<TfObject>;
  delete(prior: TfObject, ctx: OperationContext): Promise<void>;
  /** A state from an import id; Terraform reads it right after. */
  importState(id: string, ctx: OperationContext): Promise<TfObject>;
  /** State stored by an older schema version (JSON), brought to the current one. */
  upgradeState?(version: number, state: Record<string, unknown>): Record<string, unknown>;
}

export interface DataSource {
  typeName: string;
  schema: SchemaSpec;
  validate?(config: TfObject, diags: Diagnostics): void;
  read(config: TfObject, ctx: OperationContext): Promise<TfObject>;
}

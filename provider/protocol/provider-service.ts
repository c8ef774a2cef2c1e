import type * as grpc from '@grpc/grpc-js';
import type { CertplaneClient } from '../client.js';
import { configureClient, providerSchema, validateProviderConfig } from '../config.js';
import { Diagnostics, ProviderError, attributePathMessage, diagnosticMessage } from '../framework/diagnostics.js';
import { hasChanges, mergeApplied, planResourceChange } from '../framework/plan.js';
import type { DataSource, OperationContext, Resource } from '../framework/resource.js';
import { blockType, completeObject, type SchemaSpec } from '../framework/schema.js';
import { decodeJson, decodeMsgpack, encodeMsgpack, fromWire } from './msgpack.js';
import { schemaMessage } from './schema-proto.js';
import type { TfObject, TfValue } from './values.js';

interface DynamicValue {
  msgpack?: Buffer;
  json?: Buffer;
}
type Req = Record<string, any>;

export interface ProviderDefinition {
  resources: Resource[];
  dataSources: DataSource[];
}

/** The tfplugin6.Provider service: decodes values, runs the framework and resources, encodes answers. */
export function createProviderService(def: ProviderDefinition, env: NodeJS.ProcessEnv = process.env) {
  const resources = new Map(def.resources.map((r) => [r.typeName, r]));
  const dataSources = new Map(def.dataSources.map((d) => [d.typeName, d]));
  let client: CertplaneClient | undefined;
  const stop = new AbortController();

  const decode = (dv: DynamicValue | undefined, spec: SchemaSpec): TfObject | null => {
    const type = blockType(spec.block);
    if (dv?.msgpack?.length) return decodeMsgpack(dv.msgpack, type) as TfObject | null;
    if (dv?.json?.length) return decodeJson(dv.json, type) as TfObject | null;
    return null;
  };
  const encode = (value: TfValue, spec: SchemaSpec): DynamicValue => ({ msgpack: encodeMsgpack(value, blockType(spec.block)) });
  const diagsOut = (d: Diagnostics) => d.items.map(diagnosticMessage);
  const context = (diags: Diagnostics): OperationContext => ({
    client: () => {
      if (!client) throw new ProviderError('Provider not configured', 'The certplane provider has no API token; see the provider configuration errors.');
      return client;
    },
    diags,
    signal: stop.signal,
  });
  const resourceOf = (name: string, diags: Diagnostics) => {
    const r = resources.get(name);
    if (!r) diags.error('Unknown resource type', `This provider has no resource type "${name}".`);
    return r;
  };
  const dataSourceOf = (name: string, diags: Diagnostics) => {
    const d = dataSources.get(name);
    if (!d) diags.error('Unknown data source', `This provider has no data source "${name}".`);
    return d;
  };

  const handlers: Record<string, (req: Req) => Promise<object>> = {
    async GetMetadata() {
      return {
        server_capabilities: { plan_destroy: true, get_provider_schema_optional: true },
        resources: def.resources.map((r) => ({ type_name: r.typeName })),
        data_sources: def.dataSources.map((d) => ({ type_name: d.typeName })),
      };
    },

    async GetProviderSchema() {
      return {
        provider: schemaMessage(providerSchema),
        resource_schemas: Object.fromEntries(def.resources.map((r) => [r.typeName, schemaMessage(r.schema)])),
        data_source_schemas: Object.fromEntries(def.dataSources.map((d) => [d.typeName, schemaMessage(d.schema)])),
        server_capabilities: { plan_destroy: true, get_provider_schema_optional: true },
      };
    },

    async ValidateProviderConfig(req) {
      const diags = new Diagnostics();
      const config = decode(req.config, providerSchema);
      if (config) validateProviderConfig(config, diags);
      return { diagnostics: diagsOut(diags) };
    },

    async ConfigureProvider(req) {
      const diags = new Diagnostics();
      client = configureClient(decode(req.config, providerSchema) ?? {}, env, diags);
      return { diagnostics: diagsOut(diags) };
    },

    async ValidateResourceConfig(req) {
      const diags = new Diagnostics();
      const r = resourceOf(req.type_name, diags);
      const config = r && decode(req.config, r.schema);
      if (r && config) r.validate?.(config, diags);
      return { diagnostics: diagsOut(diags) };
    },

    async ValidateDataResourceConfig(req) {
      const diags = new Diagnostics();
      const d = dataSourceOf(req.type_name, diags);
      const config = d && decode(req.config, d.schema);
      if (d && config) d.validate?.(config, diags);
      return { diagnostics: diagsOut(diags) };
    },

    async UpgradeResourceState(req) {
      const diags = new Diagnostics();
      const r = resourceOf(req.type_name, diags);
      if (!r) return { diagnostics: diagsOut(diags) };
      const raw = req.raw_state?.json as Buffer | undefined;
      if (!raw?.length) {
        diags.error('Unsupported state format', 'This provider reads only JSON state (Terraform 0.12 and later).');
        return { diagnostics: diagsOut(diags) };
      }
      const version = Number(req.version ?? 0);
      if (version > r.schema.version) {
        diags.error('State from a newer provider', `The state of this ${r.typeName} has schema version ${version}; this provider knows up to ${r.schema.version}. Upgrade the provider.`);
        return { diagnostics: diagsOut(diags) };
      }
      try {
        let state = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
        if (version < r.schema.version) state = r.upgradeState ? r.upgradeState(version, state) : state;
        const value = fromWire(state, blockType(r.schema.block)) as TfObject;
        return { upgraded_state: encode(value, r.schema), diagnostics: diagsOut(diags) };
      } catch (err) {
        diags.error('Cannot upgrade state', (err as Error).message);
        return { diagnostics: diagsOut(diags) };
      }
    },

    async ReadResource(req) {
      const diags = new Diagnostics();
      const r = resourceOf(req.type_name, diags);
      if (!r) return { diagnostics: diagsOut(diags) };
      const current = decode(req.current_state, r.schema);
      if (!current) return { new_state: encode(null, r.schema), diagnostics: [] };
      try {
        const fresh = await r.read(current, context(diags));
        const next = fresh ? completeObject(r.schema.block, { ...fresh, ...blocksOf(r, current) }) : null;
        return { new_state: encode(next, r.schema), private: req.private, diagnostics: diagsOut(diags) };
      } catch (err) {
        diags.fromError(err);
        return { new_state: encode(current, r.schema), private: req.private, diagnostics: diagsOut(diags) };
      }
    },

    async PlanResourceChange(req) {
      const diags = new Diagnostics();
      const r = resourceOf(req.type_name, diags);
      if (!r) return { diagnostics: diagsOut(diags) };
      try {
        const plan = planResourceChange(r, decode(req.prior_state, r.schema), decode(req.proposed_new_state, r.schema), decode(req.config, r.schema));
        return {
          planned_state: encode(plan.planned, r.schema),
          requires_replace: plan.requiresReplace.map(attributePathMessage),
          planned_private: req.prior_private,
          diagnostics: diagsOut(diags),
        };
      } catch (err) {
        diags.fromError(err);
        return { diagnostics: diagsOut(diags) };
      }
    },

    async ApplyResourceChange(req) {
      const diags = new Diagnostics();
      const r = resourceOf(req.type_name, diags);
      if (!r) return { diagnostics: diagsOut(diags) };
      const prior = decode(req.prior_state, r.schema);
      const planned = decode(req.planned_state, r.schema);
      const ctx = context(diags);
      let next: TfObject | null;
      try {
        if (planned === null) {
          if (prior) await r.delete(prior, ctx);
          next = null;
        } else if (prior === null) {
          next = mergeApplied(r, planned, await r.create(planned, ctx));
        } else {
          next = hasChanges(r, prior, planned) ? mergeApplied(r, planned, await r.update(prior, planned, ctx)) : planned;
        }
      } catch (err) {
        diags.fromError(err);
        // What exists despite the error: a created-but-failed object (Terraform taints it), else the prior object.
        const partial = err instanceof ProviderError && err.state ? mergeApplied(r, planned ?? {}, err.state as TfObject) : undefined;
        next = partial ?? prior;
      }
      return { new_state: encode(next, r.schema), private: req.planned_private, diagnostics: diagsOut(diags) };
    },

    async ImportResourceState(req) {
      const diags = new Diagnostics();
      const r = resourceOf(req.type_name, diags);
      if (!r) return { diagnostics: diagsOut(diags) };
      try {
        const state = completeObject(r.schema.block, await r.importState(String(req.id ?? ''), context(diags)));
        return { imported_resources: [{ type_name: r.typeName, state: encode(state, r.schema) }], diagnostics: diagsOut(diags) };
      } catch (err) {
        diags.fromError(err);
        return { diagnostics: diagsOut(diags) };
      }
    },

    async ReadDataSource(req) {
      const diags = new Diagnostics();
      const d = dataSourceOf(req.type_name, diags);
      if (!d) return { diagnostics: diagsOut(diags) };
      const config = decode(req.config, d.schema) ?? {};
      try {
        const state = completeObject(d.schema.block, await d.read(config, context(diags)));
        return { state: encode(state, d.schema), diagnostics: diagsOut(diags) };
      } catch (err) {
        diags.fromError(err);
        return { diagnostics: diagsOut(diags) };
      }
    },

    async GetFunctions() {
      return { functions: {} };
    },

    async StopProvider() {
      stop.abort(new Error('Terraform asked the provider to stop'));
      return { Error: '' };
    },
  };

  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [name, fn] of Object.entries(handlers)) {
    implementation[name] = (call: grpc.ServerUnaryCall<Req, object>, callback: grpc.sendUnaryData<object>) => {
      fn(call.request).then(
        (res) => callback(null, res),
        (err: Error) => callback({ code: 13, details: err.message } as grpc.ServiceError),
      );
    };
  }
  return { implementation, stop: () => stop.abort() };
}

/** Nested blocks (e.g. timeouts) are configuration only: a read keeps them as they were. */
function blocksOf(r: Resource, state: TfObject): TfObject {
  return Object.fromEntries(Object.keys(r.schema.block.blocks ?? {}).map((n) => [n, state[n]]));
}

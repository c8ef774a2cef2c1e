import { providerSchema } from './config.js';
import type { BlockSpec, SchemaSpec } from './framework/schema.js';
import { providerDefinition } from './provider.js';
import { PROVIDER_ADDRESS } from './version.js';

/**
 * The provider's schema as `terraform providers schema -json` prints it: what CDKTF's
 * provider generator reads, and what the end-to-end test compares with Terraform's own output.
 */
export function providerSchemaJson() {
  const schemas = (list: Array<{ typeName: string; schema: SchemaSpec }>) =>
    Object.fromEntries([...list].sort((a, b) => a.typeName.localeCompare(b.typeName)).map((r) => [r.typeName, schemaJson(r.schema)]));
  return {
    format_version: '1.0',
    provider_schemas: {
      [PROVIDER_ADDRESS]: {
        provider: schemaJson(providerSchema),
        resource_schemas: schemas(providerDefinition.resources),
        data_source_schemas: schemas(providerDefinition.dataSources),
      },
    },
  };
}

function schemaJson(spec: SchemaSpec) {
  return { version: spec.version, block: blockJson(spec.block) };
}

function blockJson(block: BlockSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attrs = Object.entries(block.attributes).sort(([a], [b]) => a.localeCompare(b));
  if (attrs.length) {
    out.attributes = Object.fromEntries(
      attrs.map(([name, a]) => [
        name,
        {
          type: a.type,
          description: a.description,
          description_kind: 'markdown',
          ...(a.required ? { required: true } : {}),
          ...(a.optional ? { optional: true } : {}),
          ...(a.computed ? { computed: true } : {}),
          ...(a.sensitive ? { sensitive: true } : {}),
        },
      ]),
    );
  }
  const blocks = Object.entries(block.blocks ?? {});
  if (blocks.length) {
    out.block_types = Object.fromEntries(
      blocks.map(([name, b]) => [name, { nesting_mode: b.nesting, block: blockJson(b.block), ...(b.maxItems ? { max_items: b.maxItems } : {}) }]),
    );
  }
  if (block.description) out.description = block.description;
  out.description_kind = 'markdown';
  return out;
}

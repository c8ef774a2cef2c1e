import type { BlockSpec, SchemaSpec } from '../framework/schema.js';

/** The tfplugin6.Schema message (as a plain object for protobufjs) of a schema spec. */
export function schemaMessage(spec: SchemaSpec) {
  return { version: spec.version, block: blockMessage(spec.block) };
}

function blockMessage(block: BlockSpec): object {
  return {
    version: 0,
    description: block.description ?? '',
    description_kind: 1, // MARKDOWN
    attributes: Object.entries(block.attributes)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, a]) => ({
        name,
        type: Buffer.from(JSON.stringify(a.type)),
        description: a.description,
        description_kind: 1,
        required: !!a.required,
        optional: !!a.optional,
        computed: !!a.computed,
        sensitive: !!a.sensitive,
      })),
    block_types: Object.entries(block.blocks ?? {}).map(([name, b]) => ({
      type_name: name,
      block: blockMessage(b.block),
      nesting: b.nesting === 'single' ? 1 : 2,
      min_items: 0,
      max_items: b.maxItems ?? 0,
    })),
  };
}

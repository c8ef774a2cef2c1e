import { blockType } from '../framework/schema.js';
import { decodeMsgpack, encodeMsgpack } from '../protocol/msgpack.js';
import type { TfValue } from '../protocol/values.js';
import type { SchemaSpec } from '../framework/schema.js';

/** DynamicValue helpers for tests: encode a value of a schema, decode one from a response. */
export const dv = (spec: SchemaSpec, value: TfValue) => ({ msgpack: encodeMsgpack(value, blockType(spec.block)) });
export const fromDv = (spec: SchemaSpec, v: { msgpack?: Buffer } | null | undefined): any => (v?.msgpack?.length ? decodeMsgpack(v.msgpack, blockType(spec.block)) : null);

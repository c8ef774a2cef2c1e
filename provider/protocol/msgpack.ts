import { Ext, decode, encode, type Msg } from './msgpack-codec.js';
import { Unknown, isUnknown, type Refinements, type TfType, type TfValue } from './values.js';

/**
 * Terraform's msgpack wire format for values (cty's encoding), driven by the schema type:
 * objects always carry every attribute, null is nil, an unknown is extension 0 (or 12 with
 * refinements, as Terraform 1.11 sends), numbers may arrive as strings when they do not fit a float64.
 */

const EXT_UNKNOWN = 0;
const EXT_REFINED_UNKNOWN = 12;
/** cty writes a wholly unknown value as fixext1 type 0 with one zero byte. */
const UNKNOWN_WIRE = new Ext(EXT_UNKNOWN, Buffer.from([0]));

export class WireError extends Error {}

function refinementsOf(ext: Ext): Refinements {
  if (ext.data.length <= 1 || ext.type !== EXT_REFINED_UNKNOWN) return {};
  const map = decode(ext.data) as Record<string, unknown>;
  const r: Refinements = {};
  for (const [k, v] of Object.entries(map ?? {})) {
    switch (Number(k)) {
      case 1: if (v === false) r.notNull = true; break;
      case 2: r.stringPrefix = String(v); break;
      case 3: r.numberMin = [Number((v as unknown[])[0]), Boolean((v as unknown[])[1])]; break;
      case 4: r.numberMax = [Number((v as unknown[])[0]), Boolean((v as unknown[])[1])]; break;
      case 5: r.lengthMin = Number(v); break;
      case 6: r.lengthMax = Number(v); break;
    }
  }
  return r;
}

/** Converts a raw decoded msgpack value into a TfValue of `type`. */
export function fromWire(raw: unknown, type: TfType, path = ''): TfValue {
  if (raw instanceof Ext) return new Unknown(refinementsOf(raw));
  if (raw === null || raw === undefined) return null;
  const where = path || 'value';
  if (type === 'string') {
    if (typeof raw !== 'string') throw new WireError(`${where}: expected a string`);
    return raw;
  }
  if (type === 'bool') {
    if (typeof raw !== 'boolean') throw new WireError(`${where}: expected a bool`);
    return raw;
  }
  if (type === 'number') {
    const n = typeof raw === 'string' ? Number(raw) : typeof raw === 'bigint' ? Number(raw) : raw;
    if (typeof n !== 'number' || Number.isNaN(n)) throw new WireError(`${where}: expected a number`);
    return n;
  }
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') {
    if (!Array.isArray(raw)) throw new WireError(`${where}: expected a ${kind}`);
    return raw.map((e, i) => fromWire(e, inner, `${where}[${i}]`));
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new WireError(`${where}: expected an ${kind}`);
  const obj = raw as Record<string, unknown>;
  if (kind === 'map') return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fromWire(v, inner, `${where}.${k}`)]));
  return Object.fromEntries(Object.entries(inner).map(([k, t]) => [k, fromWire(obj[k], t, path ? `${path}.${k}` : k)]));
}

/** Converts a TfValue into what goes on the wire for `type` (complete objects, unknown as extension 0). */
export function toWire(value: TfValue | undefined, type: TfType): Msg {
  if (value === undefined || value === null) return null;
  if (isUnknown(value)) return UNKNOWN_WIRE;
  if (type === 'string' || type === 'bool' || type === 'number') return value as string | number | boolean;
  const [kind, inner] = type;
  if (kind === 'list' || kind === 'set') return (value as TfValue[]).map((e) => toWire(e, inner));
  const obj = value as Record<string, TfValue>;
  if (kind === 'map') return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, toWire(v, inner as TfType)]));
  const attrs = inner as Record<string, TfType>;
  return Object.fromEntries(Object.keys(attrs).sort().map((k) => [k, toWire(obj[k], attrs[k])]));
}

export function decodeMsgpack(bytes: Uint8Array, type: TfType): TfValue {
  if (!bytes || bytes.length === 0) return null;
  return fromWire(decode(Buffer.from(bytes)), type);
}

export function encodeMsgpack(value: TfValue, type: TfType): Buffer {
  return encode(toWire(value, type));
}

/** A JSON-encoded value (state files, or DynamicValue.json): no unknowns, numbers as JSON numbers. */
export function decodeJson(bytes: Uint8Array, type: TfType): TfValue {
  if (!bytes || bytes.length === 0) return null;
  return fromWire(JSON.parse(Buffer.from(bytes).toString('utf8')), type);
}


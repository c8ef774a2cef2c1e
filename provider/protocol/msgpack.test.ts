import { describe, expect, it } from 'vitest';
import { Ext, decode, encode } from './msgpack-codec.js';
import { decodeJson, decodeMsgpack, encodeMsgpack } from './msgpack.js';
import { Unknown, UNKNOWN, valuesEqual, type TfType, type TfValue } from './values.js';

const OBJ: TfType = ['object', { name: 'string', n: 'number', on: 'bool', tags: ['set', 'string'], meta: ['map', 'string'] }];
const hex = (b: Buffer) => b.toString('hex');

describe("Terraform's msgpack value encoding", () => {
  it('writes complete objects with sorted keys, nulls for missing attributes', () => {
    const bytes = encodeMsgpack({ name: 'a' }, OBJ);
    expect(decode(bytes)).toEqual({ meta: null, n: null, name: 'a', on: null, tags: null });
    expect(Object.keys(decode(bytes) as object)).toEqual(['meta', 'n', 'name', 'on', 'tags']);
  });

  it('writes an unknown as fixext1 type 0 with a zero byte, as cty does', () => {
    expect(hex(encodeMsgpack(UNKNOWN, 'string'))).toBe('d40000');
  });

  it('reads an unknown (extension 0) and a refined unknown (extension 12) with its refinements', () => {
    expect(decodeMsgpack(Buffer.from('d40000', 'hex'), 'string')).toBeInstanceOf(Unknown);
    // {1: false (not null), 2: "www."} as Terraform 1.11 sends for "${prefix}..." templates
    const refinements = encode({ 1: false, 2: 'www.' } as never);
    const wire = encode({ name: new Ext(12, refinements), n: 1, on: true, tags: [], meta: {} });
    const v = decodeMsgpack(wire, OBJ) as Record<string, unknown>;
    expect(v.name).toBeInstanceOf(Unknown);
    expect((v.name as Unknown).refinements).toEqual({ notNull: true, stringPrefix: 'www.' });
  });

  it('reads numbers sent as strings, and integers of every width', () => {
    expect(decodeMsgpack(encode('12.5'), 'number')).toBe(12.5);
    for (const n of [0, 1, 127, 128, 255, 65535, 70000, 2 ** 40, -1, -33, -200, -70000, 1.25]) {
      expect(decodeMsgpack(encodeMsgpack(n, 'number'), 'number')).toBe(n);
    }
    expect(decodeMsgpack(Buffer.from('cd0100', 'hex'), 'number')).toBe(256);
    expect(decodeMsgpack(Buffer.from('ca3fc00000', 'hex'), 'number')).toBe(1.5);
  });

  it('round-trips long strings, lists of objects and maps', () => {
    const t: TfType = ['list', ['object', { s: 'string', m: ['map', 'number'] }]];
    const v: TfValue = [{ s: 'x'.repeat(70_000), m: { a: 1, b: 2 } }, { s: 'é', m: {} }];
    expect(decodeMsgpack(encodeMsgpack(v, t), t)).toEqual(v);
  });

  it('reads JSON state, where attributes may be missing', () => {
    expect(decodeJson(Buffer.from('{"name":"a","n":3}'), OBJ)).toEqual({ name: 'a', n: 3, on: null, tags: null, meta: null });
  });

  it('compares sets without order and never calls an unknown equal', () => {
    expect(valuesEqual(['a', 'b'], ['b', 'a'], ['set', 'string'])).toBe(true);
    expect(valuesEqual(['a', 'b'], ['b', 'a'], ['list', 'string'])).toBe(false);
    expect(valuesEqual(UNKNOWN, UNKNOWN)).toBe(false);
  });
});

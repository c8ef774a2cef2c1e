/**
 * Terraform values in JavaScript: strings, numbers, booleans, null, arrays (lists and sets),
 * plain objects (objects and maps), and `Unknown` for values known only after apply.
 */
export type TfType = 'string' | 'number' | 'bool' | ['list' | 'set' | 'map', TfType] | ['object', Record<string, TfType>];

/** Refinements Terraform may attach to an unknown value (msgpack extension 12). */
export interface Refinements {
  notNull?: boolean;
  stringPrefix?: string;
  numberMin?: [number, boolean];
  numberMax?: [number, boolean];
  lengthMin?: number;
  lengthMax?: number;
}

export class Unknown {
  constructor(readonly refinements: Refinements = {}) {}
}

export const UNKNOWN = new Unknown();

export type TfValue = string | number | boolean | null | Unknown | TfValue[] | { [k: string]: TfValue };
export type TfObject = { [k: string]: TfValue };

export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;

/** True when no part of the value is unknown. */
export function isWhollyKnown(v: TfValue): boolean {
  if (isUnknown(v)) return false;
  if (Array.isArray(v)) return v.every(isWhollyKnown);
  if (v && typeof v === 'object') return Object.values(v).every(isWhollyKnown);
  return true;
}

/** Structural equality; unknown equals nothing, set order is ignored for sets given as `type`. */
export function valuesEqual(a: TfValue, b: TfValue, type?: TfType): boolean {
  if (isUnknown(a) || isUnknown(b)) return false;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    const elem = Array.isArray(type) && type[0] !== 'object' ? type[1] : undefined;
    if (Array.isArray(type) && type[0] === 'set') return a.every((x) => b.some((y) => valuesEqual(x, y, elem)));
    return a.every((x, i) => valuesEqual(x, b[i], elem));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const attrTypes = Array.isArray(type) && type[0] === 'object' ? type[1] : undefined;
  const elem = Array.isArray(type) && type[0] === 'map' ? type[1] : undefined;
  return ka.every((k) => k in b && valuesEqual(a[k], b[k], attrTypes?.[k] ?? elem));
}

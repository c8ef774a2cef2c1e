/**
 * A small MessagePack codec: everything the format defines on decode, and on encode the subset
 * Terraform's values need (nil, bool, integers, float64, str, array, map, ext). Written here rather
 * than taken from a library because Terraform's unknown value is extension type 0, which general
 * libraries reserve or refuse.
 */
export class Ext {
  constructor(
    readonly type: number,
    readonly data: Buffer,
  ) {}
}

export type Msg = null | boolean | number | bigint | string | Buffer | Ext | Msg[] | { [k: string]: Msg };

export function decode(buf: Buffer): Msg {
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > buf.length) throw new RangeError('msgpack: unexpected end of data');
  };
  const u8 = () => (need(1), buf[pos++]);
  const take = (n: number) => (need(n), buf.subarray(pos, (pos += n)));
  const be = (n: number, signed: boolean): number | bigint => {
    const b = take(n);
    switch (n) {
      case 1: return signed ? b.readInt8(0) : b[0];
      case 2: return signed ? b.readInt16BE(0) : b.readUInt16BE(0);
      case 4: return signed ? b.readInt32BE(0) : b.readUInt32BE(0);
      default: {
        const v = signed ? b.readBigInt64BE(0) : b.readBigUInt64BE(0);
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
    }
  };
  const len = (n: number) => Number(be(n, false));
  const arr = (n: number): Msg[] => Array.from({ length: n }, () => value());
  const map = (n: number) => {
    const o: { [k: string]: Msg } = {};
    for (let i = 0; i < n; i++) {
      const k = value();
      o[typeof k === 'string' ? k : String(k)] = value();
    }
    return o;
  };
  const str = (n: number) => take(n).toString('utf8');
  const ext = (n: number) => {
    const type = be(1, true) as number;
    return new Ext(type, Buffer.from(take(n)));
  };
  function value(): Msg {
    const b = u8();
    if (b <= 0x7f) return b;
    if (b >= 0xe0) return b - 0x100;
    if ((b & 0xf0) === 0x80) return map(b & 0x0f);
    if ((b & 0xf0) === 0x90) return arr(b & 0x0f);
    if ((b & 0xe0) === 0xa0) return str(b & 0x1f);
    switch (b) {
      case 0xc0: return null;
      case 0xc2: return false;
      case 0xc3: return true;
      case 0xc4: return Buffer.from(take(len(1)));
      case 0xc5: return Buffer.from(take(len(2)));
      case 0xc6: return Buffer.from(take(len(4)));
      case 0xc7: return ext(len(1));
      case 0xc8: return ext(len(2));
      case 0xc9: return ext(len(4));
      case 0xca: return take(4).readFloatBE(0);
      case 0xcb: return take(8).readDoubleBE(0);
      case 0xcc: return be(1, false);
      case 0xcd: return be(2, false);
      case 0xce: return be(4, false);
      case 0xcf: return be(8, false);
      case 0xd0: return be(1, true);
      case 0xd1: return be(2, true);
      case 0xd2: return be(4, true);
      case 0xd3: return be(8, true);
      case 0xd4: return ext(1);
      case 0xd5: return ext(2);
      case 0xd6: return ext(4);
      case 0xd7: return ext(8);
      case 0xd8: return ext(16);
      case 0xd9: return str(len(1));
      case 0xda: return str(len(2));
      case 0xdb: return str(len(4));
      case 0xdc: return arr(len(2));
      case 0xdd: return arr(len(4));
      case 0xde: return map(len(2));
      case 0xdf: return map(len(4));
      default: throw new RangeError(`msgpack: invalid byte 0x${b.toString(16)}`);
    }
  }
  const v = value();
  return v;
}

export function encode(v: Msg): Buffer {
  const parts: Buffer[] = [];
  const head = (bytes: number[]): void => {
    parts.push(Buffer.from(bytes));
  };
  const sized = (n: number, small: number | null, smallMax: number, c8: number | null, c16: number, c32: number) => {
    if (small !== null && n <= smallMax) head([small | n]);
    else if (c8 !== null && n < 0x100) head([c8, n]);
    else if (n < 0x10000) head([c16, n >> 8, n & 0xff]);
    else {
      const b = Buffer.alloc(5);
      b[0] = c32;
      b.writeUInt32BE(n, 1);
      parts.push(b);
    }
  };
  function write(x: Msg): void {
    if (x === null || x === undefined) return head([0xc0]);
    if (x === true) return head([0xc3]);
    if (x === false) return head([0xc2]);
    if (typeof x === 'number' || typeof x === 'bigint') return writeNumber(x);
    if (typeof x === 'string') {
      const b = Buffer.from(x, 'utf8');
      sized(b.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
      parts.push(b);
      return;
    }
    if (x instanceof Ext) {
      const n = x.data.length;
      const fixed: Record<number, number> = { 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 };
      if (fixed[n]) head([fixed[n]]);
      else sized(n, null, -1, 0xc7, 0xc8, 0xc9);
      head([x.type & 0xff]);
      parts.push(x.data);
      return;
    }
    if (Buffer.isBuffer(x)) {
      sized(x.length, null, -1, 0xc4, 0xc5, 0xc6);
      parts.push(x);
      return;
    }
    if (Array.isArray(x)) {
      sized(x.length, 0x90, 15, null, 0xdc, 0xdd);
      x.forEach(write);
      return;
    }
    const entries = Object.entries(x);
    sized(entries.length, 0x80, 15, null, 0xde, 0xdf);
    for (const [k, val] of entries) {
      write(k);
      write(val);
    }
  }
  function writeNumber(n: number | bigint) {
    if (typeof n === 'bigint' || (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER)) {
      const big = BigInt(n);
      if (big >= 0n && big <= 0x7fn) return head([Number(big)]);
      if (big < 0n && big >= -32n) return head([Number(big) & 0xff]);
      const b = Buffer.alloc(9);
      if (big >= 0n) {
        b[0] = 0xcf;
        b.writeBigUInt64BE(big, 1);
      } else {
        b[0] = 0xd3;
        b.writeBigInt64BE(big, 1);
      }
      parts.push(b);
      return;
    }
    const b = Buffer.alloc(9);
    b[0] = 0xcb;
    b.writeDoubleBE(n, 1);
    parts.push(b);
  }
  write(v);
  return Buffer.concat(parts);
}

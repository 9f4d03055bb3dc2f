/**
 * The few ASN.1 DER encodings (ITU-T X.690 §8 and §10) that a self-signed X.509 certificate
 * needs. Node can sign and parse certificates but cannot build one, and this is small enough
 * to own rather than pull in a certificate library for a development tool.
 */

const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  objectIdentifier: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** X.690 §8.1.3: short form below 128, otherwise long form with the byte count first. */
function encodeLength(length: number): Buffer {
  if (length < 0x80) {
    return Buffer.from([length]);
  }

  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export function derSequence(...items: Buffer[]): Buffer {
  return tlv(TAG.sequence, Buffer.concat(items));
}

export function derSet(...items: Buffer[]): Buffer {
  return tlv(TAG.set, Buffer.concat(items));
}

/** A non-negative integer given as big-endian bytes; X.690 §8.3 wants two's complement. */
export function derUnsignedInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) {
    start += 1;
  }
  const minimal = bytes.subarray(start);
  const needsSignByte = (minimal[0] ?? 0) >= 0x80;
  return tlv(TAG.integer, needsSignByte ? Buffer.concat([Buffer.from([0]), minimal]) : minimal);
}

export function derSmallInteger(value: number): Buffer {
  return derUnsignedInteger(Buffer.from([value]));
}

export function derNull(): Buffer {
  return tlv(TAG.null, Buffer.alloc(0));
}

export function derBoolean(value: boolean): Buffer {
  return tlv(TAG.boolean, Buffer.from([value ? 0xff : 0x00]));
}

/** A bit string of whole bytes, less the trailing bits the caller marks as unused. */
export function derBitString(content: Buffer, unusedBits = 0): Buffer {
  return tlv(TAG.bitString, Buffer.concat([Buffer.from([unusedBits]), content]));
}

export function derOctetString(content: Buffer): Buffer {
  return tlv(TAG.octetString, content);
}

export function derUtf8String(value: string): Buffer {
  return tlv(TAG.utf8String, Buffer.from(value, 'utf8'));
}

/** X.690 §8.19: the first two arcs share a byte, every arc is base-128 with continuation bits. */
export function derObjectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = arcs;
  const bytes: number[] = [];
  for (const arc of [first * 40 + second, ...rest]) {
    const groups: number[] = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      groups.unshift((value & 0x7f) | 0x80);
    }
    bytes.push(...groups);
  }
  return tlv(TAG.objectIdentifier, Buffer.from(bytes));
}

/** Context-specific, constructed, explicit tag [n] around one encoded value. */
export function derExplicit(tagNumber: number, inner: Buffer): Buffer {
  return tlv(0xa0 | tagNumber, inner);
}

/**
 * RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, both in UTC with
 * whole seconds.
 */
export function derTime(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '');
  const useUtcTime = date.getUTCFullYear() < 2050;
  const value = `${useUtcTime ? digits.slice(2) : digits}Z`;
  return tlv(useUtcTime ? TAG.utcTime : TAG.generalizedTime, Buffer.from(value, 'ascii'));
}

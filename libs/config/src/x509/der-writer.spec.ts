import { derObjectIdentifier, derSequence, derTime, derUnsignedInteger } from './der-writer';

describe('der-writer', () => {
  it('encodes object identifiers with base-128 arcs', () => {
    // sha256WithRSAEncryption, as printed in RFC 4055 §2.1.
    expect(derObjectIdentifier('1.2.840.113549.1.1.11').toString('hex')).toBe(
      '06092a864886f70d01010b',
    );
  });

  it('keeps integers positive and minimal', () => {
    expect(derUnsignedInteger(Buffer.from([0x00, 0x00, 0x7f])).toString('hex')).toBe('02017f');
    expect(derUnsignedInteger(Buffer.from([0x80])).toString('hex')).toBe('02020080');
  });

  it('switches to the long length form at 128 bytes', () => {
    const encoded = derSequence(Buffer.alloc(300));

    expect(encoded.subarray(0, 4).toString('hex')).toBe('3082012c');
  });

  it('uses UTCTime before 2050 and GeneralizedTime from 2050', () => {
    expect(derTime(new Date('2035-06-07T08:09:10.999Z')).toString('latin1')).toBe(
      '\u0017\u000d350607080910Z',
    );
    expect(derTime(new Date('2050-01-01T00:00:00Z')).toString('latin1')).toBe(
      '\u0018\u000f20500101000000Z',
    );
  });
});

// Flyte's fixed-length unique IDs (pluginmachinery/encoding/encoder.go). Expected hashes
// come from a reference implementation written here differently from the SDK's (BigInt arithmetic, Buffer for
// UTF-8, whole-number base32), checked itself against published FNV-1a vectors and Flyte's worked example.
import assert from 'node:assert/strict';
import {
  GeneratedNameError,
  IDMaxLength,
  fixedLengthUniqueID,
  fixedLengthUniqueIDForParts,
  fnv1a32,
  generatedName,
} from '@plugbench/sdk';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz123456';

function referenceFnv1a32(s: string): bigint {
  let h = 2166136261n;
  for (const byte of Buffer.from(s, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * 16777619n) % 2n ** 32n;
  }
  return h;
}

/** base32 of the 4 big-endian bytes of h without padding: 32 bits padded with 3 zero bits on the right, 7 digits. */
function referenceEncode(h: bigint): string {
  const v = h << 3n;
  let out = '';
  for (let i = 6; i >= 0; i--) out += ALPHABET[Number((v >> BigInt(5 * i)) & 31n)];
  return `f${out}`;
}

const referenceID = (s: string, max: number): string =>
  Buffer.byteLength(s, 'utf8') <= max ? s : referenceEncode(referenceFnv1a32(s));

describe('contract: generated names', () => {
  it("the reference implementation agrees with published FNV-1a-32 vectors and Flyte's worked example", () => {
    assert.equal(referenceFnv1a32(''), 0x811c9dc5n);
    assert.equal(referenceFnv1a32('a'), 0xe40c292cn);
    assert.equal(referenceFnv1a32('foobar'), 0xbf9cf968n);
    assert.equal(referenceID('xxxxxxxxxxxxxxxxxxxxxxxx', 20), 'fuaa3aji');
  });

  it('fnv1a32 matches the published vectors', () => {
    assert.equal(fnv1a32(''), 0x811c9dc5);
    assert.equal(fnv1a32('a'), 0xe40c292c);
    assert.equal(fnv1a32('foobar'), 0xbf9cf968);
  });

  it('fnv1a32 matches the reference, including multibyte UTF-8', () => {
    for (const s of [
      'b',
      'flyte',
      'xxxxxxxxxxxxxxxxxxxxxxxx',
      'ä',
      '名前',
      '\u{1F600}',
      'a'.repeat(1000),
      'exec-abc-n0-3',
    ]) {
      assert.equal(BigInt(fnv1a32(s)), referenceFnv1a32(s), s);
    }
  });

  it("fixedLengthUniqueID: Flyte's worked example", () => {
    assert.equal(fixedLengthUniqueID('xxxxxxxxxxxxxxxxxxxxxxxx', 20), 'fuaa3aji');
  });

  it('fixedLengthUniqueID leaves input that fits unchanged', () => {
    assert.equal(fixedLengthUniqueID('short', 20), 'short');
    assert.equal(fixedLengthUniqueID('', 0), '');
    assert.equal(fixedLengthUniqueID('x'.repeat(20), 20), 'x'.repeat(20));
    // Fits: returned as is even when the maximum is below the 8 a hash needs.
    assert.equal(fixedLengthUniqueID('abc', 3), 'abc');
  });

  it('fixedLengthUniqueID hashes to f + 7 base32 characters when the input is too long', () => {
    for (const [s, max] of [
      ['x'.repeat(21), 20],
      ['my-execution-name-that-is-long', 10],
      ['a'.repeat(51), 50],
      ['exec-n0-0', 8],
    ] as Array<[string, number]>) {
      const id = fixedLengthUniqueID(s, max);
      assert.equal(id, referenceID(s, max), s);
      assert.match(id, /^f[a-z1-6]{7}$/);
    }
  });

  it('fixedLengthUniqueID counts UTF-8 bytes, not UTF-16 units', () => {
    const ten = 'é'.repeat(10); // 10 characters, 20 bytes
    assert.equal(ten.length, 10);
    assert.equal(fixedLengthUniqueID(ten, 20), ten);
    assert.equal(fixedLengthUniqueID(ten, 15), referenceID(ten, 15));
    assert.notEqual(fixedLengthUniqueID(ten, 15), ten);
    const emoji = '\u{1F600}\u{1F600}'; // 4 UTF-16 units, 8 bytes
    assert.equal(fixedLengthUniqueID(emoji, 8), emoji);
    assert.equal(fixedLengthUniqueID(`${emoji}a`, 8), referenceID(`${emoji}a`, 8)); // 5 units, 9 bytes
  });

  it('fixedLengthUniqueID throws when even the hash exceeds the maximum, with the name Go still returns', () => {
    for (const max of [0, 1, 7]) {
      assert.throws(
        () => fixedLengthUniqueID('x'.repeat(30), max),
        (err: unknown) => {
          assert.ok(err instanceof GeneratedNameError, String(err));
          assert.match(err.message, /^max Length is too small/);
          assert.equal(err.bestEffortName, referenceID('x'.repeat(30), 8));
          assert.equal(err.bestEffortName.length, 8);
          assert.equal(err.code, 'GeneratedName');
          return true;
        },
      );
    }
    assert.equal(fixedLengthUniqueID('x'.repeat(30), 8), referenceID('x'.repeat(30), 8));
  });

  it('fixedLengthUniqueIDForParts joins with "-", skipping the separator while nothing is written yet', () => {
    assert.equal(fixedLengthUniqueIDForParts(50, ['exec', 'n0', '0']), 'exec-n0-0');
    assert.equal(fixedLengthUniqueIDForParts(50, ['', '', 'n0']), 'n0');
    assert.equal(fixedLengthUniqueIDForParts(50, ['', 'a', '', 'b']), 'a--b');
    assert.equal(fixedLengthUniqueIDForParts(50, ['a', '']), 'a-');
    assert.equal(fixedLengthUniqueIDForParts(50, ['a', '', '']), 'a--');
    assert.equal(fixedLengthUniqueIDForParts(50, []), '');
    assert.equal(fixedLengthUniqueIDForParts(50, ['']), '');
  });

  it('fixedLengthUniqueIDForParts hashes the joined string when it is too long', () => {
    const parts = ['a'.repeat(20), 'n0', '1'];
    assert.equal(fixedLengthUniqueIDForParts(20, parts), referenceID(parts.join('-'), 20));
    assert.equal(fixedLengthUniqueIDForParts(20, ['', ...parts]), referenceID(parts.join('-'), 20));
  });

  it('generatedName is [execution, unique node id, attempt] within 50 by default', () => {
    assert.equal(IDMaxLength, 50);
    assert.equal(generatedName('f8a7b6c5d4', 'n0', 0), 'f8a7b6c5d4-n0-0');
    assert.equal(generatedName('exec', 'n0', 3), 'exec-n0-3');
    const fifty = `${'e'.repeat(45)}-n0-0`;
    assert.equal(fifty.length, 50);
    assert.equal(generatedName('e'.repeat(45), 'n0', 0), fifty);
    assert.equal(generatedName('e'.repeat(46), 'n0', 0), referenceID(`${'e'.repeat(46)}-n0-0`, 50));
    assert.equal(generatedName('exec', 'n0', 12, 8), referenceID('exec-n0-12', 8));
    assert.notEqual(generatedName('e'.repeat(46), 'n0', 0), generatedName('e'.repeat(46), 'n0', 1));
  });

  it('generatedName throws GeneratedNameError for a maximum under 8', () => {
    assert.throws(() => generatedName('exec', 'n0', 0, 7), GeneratedNameError);
  });
});

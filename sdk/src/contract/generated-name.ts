/**
 * Flyte's fixed-length unique names (`pluginmachinery/encoding`): the generated name of a task execution, which is
 * also its resource-manager token and the key of its in-memory caches.
 *
 * @module
 */
import { GeneratedNameError } from './errors';

/** Go `IDMaxLength`: the default maximum length of a generated name. */
export const IDMaxLength = 50;

// Go: base32.NewEncoding("abcdefghijklmnopqrstuvwxyz123456").WithPadding(base32.NoPadding)
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz123456';
const encoder = new TextEncoder();

/** FNV-1a, 32 bit, of the UTF-8 bytes of `s`. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  // ASCII is its own UTF-8: hashed without encoding (most names); anything else through the encoder.
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) {
      ascii = false;
      break;
    }
    h ^= c;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  if (ascii) return h >>> 0;
  h = 0x811c9dc5;
  for (const b of encoder.encode(s)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Go `encoding.FixedLengthUniqueID`: `inputID` when it fits `maxLength`, else `f` + base32(FNV-1a-32(inputID)),
 * 8 characters.
 * @throws {@link GeneratedNameError} when even 8 characters exceed `maxLength`; its `bestEffortName` is the hash.
 */
export function fixedLengthUniqueID(inputID: string, maxLength: number): string {
  if (encoder.encode(inputID).length <= maxLength) return inputID;
  const h = fnv1a32(inputID);
  const bytes = new Uint8Array([(h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255]);
  const name = `f${base32(bytes)}`;
  if (name.length > maxLength) {
    throw new GeneratedNameError(`max Length is too small, cannot generate a unique ID of length ${maxLength}`, name);
  }
  return name;
}

/** Go `encoding.FixedLengthUniqueIDForParts`: the parts joined by `-`, then {@link fixedLengthUniqueID}. */
export function fixedLengthUniqueIDForParts(maxLength: number, parts: readonly string[]): string {
  let joined = '';
  for (const p of parts) joined = joined === '' ? p : `${joined}-${p}`;
  return fixedLengthUniqueID(joined, maxLength);
}

/**
 * The generated name of a task execution attempt, as FlytePropeller makes it:
 * `fixedLengthUniqueIDForParts(maxLength, [executionName, uniqueNodeID, String(retryAttempt)])`.
 */
export function generatedName(
  executionName: string,
  uniqueNodeID: string,
  retryAttempt: number,
  maxLength = IDMaxLength,
): string {
  return fixedLengthUniqueIDForParts(maxLength, [executionName, uniqueNodeID, String(retryAttempt)]);
}

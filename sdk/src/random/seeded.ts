/**
 * Seeded randomness for plugins: the random names and ids a Go plugin takes from `math/rand` or
 * `k8s.io/apimachinery/pkg/util/rand`, reproducible from a seed so that a run's timeline is the same every time.
 *
 * @module
 */
import { mulberry32 } from '../executor/names';

/** Go `k8s.io/apimachinery/pkg/util/rand`'s alphabet: lower-case letters and digits without vowels or look-alikes. */
export const K8sAlphanums = 'bcdfghjklmnpqrstvwxz2456789';

/** A seeded source of random values. */
export interface SeededRandom {
  /** A float in [0, 1). */
  float(): number;
  /** An integer in [0, n) (Go `rand.Intn`). @throws for `n <= 0`. */
  intn(n: number): number;
  /** `n` characters of `alphabet` (Go `rand.String(n)` of k8s' util/rand with the default). */
  string(n: number, alphabet?: string): string;
  /** A version 4 UUID made of this source's bits (Go `uuid.New()`, deterministic here). */
  uuid(): string;
}

/** FNV-1a of a string: a 32-bit seed from a name. */
export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A {@link SeededRandom} from a numeric seed, or from a string (hashed with {@link seedOf}). */
export function newSeededRandom(seed: number | string): SeededRandom {
  const next = mulberry32(typeof seed === 'string' ? seedOf(seed) : seed);
  const intn = (n: number): number => {
    if (!(n > 0)) throw new RangeError(`invalid argument to intn: ${n}`);
    return Math.floor(next() * n);
  };
  return {
    float: next,
    intn,
    string: (n, alphabet = K8sAlphanums) => Array.from({ length: n }, () => alphabet[intn(alphabet.length)]).join(''),
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => intn(16).toString(16));
      hex[12] = '4';
      hex[16] = (8 + intn(4)).toString(16);
      const h = hex.join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}

/**
 * The {@link SeededRandom} of a task attempt, seeded by its generated name: the same values in every round of the
 * attempt and in every run, different ones in the next attempt. Pass `salt` to draw an independent sequence.
 */
export function randomForTask(
  tCtx: { taskExecutionMetadata(): { getTaskExecutionID(): { getGeneratedName(): string } } },
  salt = '',
): SeededRandom {
  return newSeededRandom(
    `${tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName()}${salt === '' ? '' : `/${salt}`}`,
  );
}

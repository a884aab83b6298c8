/**
 * `@plugbench/sdk/random`: seeded random names and ids, so that a plugin that makes up names (Go `rand.String`,
 * `uuid.New()`) still gives the same timeline on every run.
 *
 * @module
 */
export { newSeededRandom, randomForTask, seedOf, K8sAlphanums, type SeededRandom } from './seeded';

/**
 * `@plugbench/sdk/mocks`: the counterpart of Go's `pluginmachinery/core/mocks`. {@link newMockTaskExecutionContext}
 * builds a task execution context and everything it hands out from plain options (template, inputs, state, secrets,
 * quotas, metadata), recording every call, so that a plugin's helpers can be unit-tested without an executor.
 *
 * @module
 */
export { newMockTaskExecutionContext, type MockTaskExecutionContext, type MockEffects } from './context';
export { MockDataOptionsSchema, MockMetadataSchema, type MockOptions, type MockDataOptions } from './options';
export { recorded, type MockCall } from './recorder';

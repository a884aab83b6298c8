/**
 * The plain options a mock task execution context is built from, validated with zod.
 *
 * @module
 */
import * as z from 'zod';
import type { JsonObject } from '@bufbuild/protobuf';
import type { LiteralMap, TaskTemplate } from '../idl/index';

/** The task execution metadata of a mock; every field has a default. */
export const MockMetadataSchema = z.object({
  /** Go `GetGeneratedName`. */
  generatedName: z.string().default('f8a7b6c5d4-n0-0'),
  /** Go `GetNamespace`. */
  namespace: z.string().default('flytesnacks-development'),
  /** The task's retry attempt (in `GetID().retryAttempt`). */
  retryAttempt: z.number().int().min(0).default(0),
  labels: z.record(z.string(), z.string()).default({}),
  annotations: z.record(z.string(), z.string()).default({}),
  /** Go `GetK8sServiceAccount`. */
  serviceAccount: z.string().default('default'),
  /** Go `IsInterruptible`. */
  interruptible: z.boolean().default(false),
  /** Go `GetEnvironmentVariables`. */
  environmentVariables: z.record(z.string(), z.string()).default({}),
});

/** The data options of {@link newMockTaskExecutionContext}. */
export const MockDataOptionsSchema = z.object({
  metadata: MockMetadataSchema.default(MockMetadataSchema.parse({})),
  /** Secrets by key; a key not here rejects with `SecretNotFoundError`. */
  secrets: z.record(z.string(), z.string()).default({}),
  /** Quotas by resource namespace: tokens are granted while fewer than the quota are held. No entry: unlimited. */
  quotas: z.record(z.string(), z.number().int().min(0)).default({}),
  /** The state of previous rounds. */
  state: z.object({ version: z.number().int().min(0).max(255), value: z.unknown() }).optional(),
  /** Go `MaxDatasetSizeBytes`. */
  maxDatasetSizeBytes: z.number().default(10 * 1024 * 1024),
  /** The prefix of the attempt's data (inputs, outputs, raw outputs). */
  dataPrefix: z.string().default('mem://bucket/metadata/node-0/0'),
});

/** What {@link MockDataOptionsSchema} accepts. */
export type MockDataOptions = z.input<typeof MockDataOptionsSchema>;

/** The options of {@link newMockTaskExecutionContext}: the data options, the template and the inputs. */
export interface MockOptions extends MockDataOptions {
  /** The task template, as a message or in Flyte's JSON form. @default `{"type": "mock"}` */
  template?: TaskTemplate | JsonObject;
  /** The inputs, as a message or in Flyte's JSON form (`{"literals": {...}}`). @default none */
  inputs?: LiteralMap | JsonObject;
}

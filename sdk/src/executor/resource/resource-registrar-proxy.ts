/**
 * Go `resourcemanager.ResourceRegistrarProxy`: the registrar a plugin gets at setup.
 *
 * @module
 */
import { createSubNamespace, type ResourceNamespace, type ResourceRegistrar } from '../../contract/resource';
import { PlugbenchError } from '../../contract/errors';
import type { QuotaBackend } from './quota-backend';
import { composeNamespacePrefix } from './qualify';

/** One registration, for the timeline's `quota.registered` record. */
export interface QuotaRegistrationRecord {
  /** As the plugin named it. */
  namespace: string;
  /** `<rmID>:<pluginID>:<namespace>`. */
  namespaceFQ: string;
  quota: number;
  /** Why the manager refused it. */
  error?: { message: string; code?: string };
}

/** Options of {@link ResourceRegistrarProxy}. */
export interface ResourceRegistrarProxyOptions {
  backend: QuotaBackend;
  /** Go `PluginEntry.ID` of the plugin being set up. */
  pluginID: string;
  /** Receives a record after each registration, before its promise settles. */
  onRegister?: (registration: QuotaRegistrationRecord) => void;
}

/**
 * Go `ResourceRegistrarProxy`: prefixes the plugin's namespaces with `<rmID>:<pluginID>` and registers them with the
 * backend. A refusal rejects the promise with the backend's error.
 */
export class ResourceRegistrarProxy implements ResourceRegistrar {
  readonly #backend: QuotaBackend;
  readonly #namespacePrefix: string;
  readonly #onRegister: ((registration: QuotaRegistrationRecord) => void) | undefined;

  constructor(options: ResourceRegistrarProxyOptions) {
    this.#backend = options.backend;
    this.#namespacePrefix = composeNamespacePrefix(options.backend.id, options.pluginID);
    this.#onRegister = options.onRegister;
  }

  /** Go `ResourceRegistrarProxy.RegisterResourceQuota`. */
  async registerResourceQuota(namespace: ResourceNamespace, quota: number): Promise<void> {
    const record: QuotaRegistrationRecord = {
      namespace,
      namespaceFQ: createSubNamespace(this.#namespacePrefix, namespace),
      quota,
    };
    try {
      this.#backend.registerResourceQuota(record.namespaceFQ, quota);
    } catch (error) {
      record.error =
        error instanceof PlugbenchError
          ? { message: error.message, code: error.code }
          : { message: error instanceof Error ? error.message : String(error) };
      this.#onRegister?.(record);
      throw error;
    }
    this.#onRegister?.(record);
  }
}

/**
 * Call recording for the mocks: every method of a mocked service pushes one {@link MockCall}.
 *
 * @module
 */

/** One call a plugin made on a mock (Go mockery's recorded `Calls`). */
export interface MockCall {
  /** The service and method, as `secretManager.get`. */
  method: string;
  /** The arguments, as passed. */
  args: unknown[];
}

/** `impl` with each of its methods recording its calls into `calls` under `service.method`. */
export function recorded<T extends object>(calls: MockCall[], service: string, impl: T): T {
  const out = {} as Record<string, unknown>;
  const source = impl as Record<string, unknown>;
  const names = new Set<string>([
    ...Object.keys(source),
    ...Object.getOwnPropertyNames(Object.getPrototypeOf(impl) ?? {}),
  ]);
  for (const name of names) {
    const v = source[name];
    if (name === 'constructor' || typeof v !== 'function') continue;
    out[name] = (...args: unknown[]) => {
      calls.push({ method: `${service}.${name}`, args });
      return (v as (...a: unknown[]) => unknown).apply(impl, args);
    };
  }
  return out as T;
}

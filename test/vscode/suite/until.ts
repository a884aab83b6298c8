/** Polls `fn` every 50 ms until it returns something truthy, which it resolves to; fails after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 20000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

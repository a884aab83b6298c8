/**
 * A temporary directory for a mocha suite: made fresh before each of its tests (or once before all of them) and
 * removed after, so that no test sees another's files and nothing is left in the system's temp folder.
 *
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Registers the hooks in the calling suite; answers the current directory's path (valid inside its tests).
 * @param prefix the start of the directory's name, `plugbench-<what>-`.
 * @param scope `each`: a new directory for every test; `suite`: one for the whole suite.
 */
export function useTempDir(prefix: string, scope: 'each' | 'suite' = 'each'): () => string {
  let dir: string | undefined;
  const make = () => {
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  };
  const remove = () => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  };
  if (scope === 'each') {
    beforeEach(make);
    afterEach(remove);
  } else {
    before(make);
    after(remove);
  }
  return () => {
    if (dir === undefined) throw new Error(`no temporary directory ${prefix}* outside a test`);
    return dir;
  };
}

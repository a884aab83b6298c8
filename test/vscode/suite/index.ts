// Entry loaded by VS Code through extensionTestsPath: runs the compiled *.test.js beside it that belong to this
// session. test/vscode/run.mjs starts three code-server sessions: `trusted` (the workspace trusted, every suite
// but those below), `restricted` (Workspace Trust on and the folder untrusted: only restricted.test.js and
// *.restricted.test.js), because trust is fixed for the lifetime of a workbench, and `packages` (a plugin project
// with the packed packages installed: *.packages.test.js).
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

const SESSIONS = ['trusted', 'restricted', 'packages'] as const;
const session = SESSIONS.find((x) => x === process.env.PLUGBENCH_VSCODE_TRUST) ?? 'trusted';
/** The session a suite belongs to, by its file name. */
function sessionOf(file: string): (typeof SESSIONS)[number] {
  const name = path.basename(file);
  if (/(^|\.)restricted\.test\.js$/.test(name)) return 'restricted';
  if (/\.packages\.test\.js$/.test(name)) return 'packages';
  return 'trusted';
}

function findTests(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return findTests(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60000, color: false });
  if (process.env.PLUGBENCH_VSCODE_GREP) mocha.grep(process.env.PLUGBENCH_VSCODE_GREP);
  for (const f of findTests(__dirname).sort()) if (sessionOf(f) === session) mocha.addFile(f);
  // Set by run.mjs, which adds the sessions up into the one closing line; a grep may leave a session empty.
  const results = process.env.PLUGBENCH_VSCODE_RESULTS;
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passes = runner.stats?.passes ?? 0;
      if (results) {
        fs.writeFileSync(results, JSON.stringify({ session, passes, failures }));
        // Not the "vscode: N passed" form: test-all.sh adds up the last such line of each suite's log.
        console.log(`vscode ${session} session: ${passes} passed, ${failures} failed`);
      } else {
        // A closing line CI tooling understands, whatever reporter mocha used.
        console.log(`vscode: ${passes} passed, ${failures} failed`);
      }
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if (passes === 0 && !results) reject(new Error('no integration test ran'));
      else resolve();
    });
  });
}

// Entry loaded by VS Code through extensionTestsPath: runs every compiled *.test.js beside it.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

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
  for (const f of findTests(__dirname).sort()) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // A closing line CI tooling understands, whatever reporter mocha used.
      console.log(`vscode: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else if ((runner.stats?.passes ?? 0) === 0) reject(new Error('no integration test ran'));
      else resolve();
    });
  });
}

// Runs the integration suite in a real VS Code through @vscode/test-electron, with scripts/vscode/code
// standing in for the desktop executable that cannot be downloaded here.
import { runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const workspace = path.join(root, 'examples');
// git keeps no empty folders; a missing workspace would open with an error notification over screenshots.
fs.mkdirSync(workspace, { recursive: true });

try {
  await runTests({
    vscodeExecutablePath: path.join(root, 'scripts/vscode/code'),
    extensionDevelopmentPath: root,
    extensionTestsPath: path.join(root, 'dist/test/vscode/suite/index.js'),
    launchArgs: [workspace],
    extensionTestsEnv: {
      PLUGBENCH_SCREENSHOT_DIR: process.env.PLUGBENCH_SCREENSHOT_DIR || path.join(root, 'test-artifacts/screenshots'),
    },
  });
} catch (err) {
  console.error(`[vscode-tests] ${err instanceof Error ? err.message : err}`);
  process.exit(typeof err?.code === 'number' && err.code !== 0 ? err.code : 1);
}

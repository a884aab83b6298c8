// The workspace of the `packages` session: a plugin project outside the repository, as a plugin author has it. The
// two packages are packed from the repository (their prepack builds them), installed into a new npm project (their
// dependencies from npm's cache or the registry), and `plugbench init` writes the plugin, fixture and test.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', timeout: 300_000 });

/** Makes the project in `scratch`/project and returns its folder. */
export function preparePackagesProject(root, scratch) {
  const tarballs = path.join(scratch, 'tarballs');
  fs.mkdirSync(tarballs, { recursive: true });
  for (const w of ['sdk', 'harness']) run('npm', ['pack', '--pack-destination', tarballs], path.join(root, w));
  const project = path.join(scratch, 'project');
  fs.mkdirSync(project);
  run('npm', ['init', '-y'], project);
  const packed = fs
    .readdirSync(tarballs)
    .filter((f) => f.endsWith('.tgz'))
    .map((f) => path.join(tarballs, f));
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', ...packed], project);
  run('npx', ['--no-install', 'plugbench', 'init'], project);
  return project;
}

// zod is imported as a namespace everywhere (`import * as z from 'zod'`). Its named `z` export is an object that
// holds every locale, so one named import of `z` keeps all of them in a bundle: the extension's and the
// runner's bundles were a third larger (and the runner's almost four times) before.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';

const repo = path.resolve(__dirname, '../..');

describe('bundles: zod without its locales', () => {
  it("no TypeScript file imports zod's named `z` export", () => {
    const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '*.ts'], {
      cwd: repo,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    const named = files.filter((f) => {
      try {
        return /import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*['"]zod(\/v4)?['"]/.test(
          readFileSync(path.join(repo, f), 'utf8'),
        );
      } catch {
        return false; // listed but deleted in the work tree
      }
    });
    assert.deepEqual(named, [], "import * as z from 'zod' instead");
  });

  it('a bundle of the runner process holds no zod locale but English', async () => {
    const r = await esbuild.build({
      absWorkingDir: repo,
      entryPoints: ['harness/src/runner/process/main.ts'],
      outfile: 'runner.js',
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'cjs',
      external: ['esbuild'],
      conditions: ['@plugbench/source'],
      logLevel: 'silent',
    });
    // The inputs that left code in the output (the metafile's inputs also list what tree shaking dropped).
    const used = Object.values(r.metafile.outputs).flatMap((o) =>
      Object.entries(o.inputs)
        .filter(([, i]) => i.bytesInOutput > 0)
        .map(([f]) => f),
    );
    assert.ok(
      used.some((f) => f.includes('zod/v4/classic/')),
      'the bundle has no zod at all: the test looks at the wrong thing',
    );
    const locales = used.filter((f) => /zod\/v4\/locales\/(?!en\.js)/.test(f));
    assert.deepEqual(locales, []);
  });
});

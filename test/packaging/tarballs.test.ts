// The published packages as a registry would get them: `npm pack` from the repository (its prepack builds), then
// the tarballs' contents (README, LICENSE, built code and declarations, no build info or tests), every export present
// and every bundle exported, every import of the built code and declarations declared as a dependency, publint and
// arethetypeswrong with nothing to report, and `npm publish --dry-run` clean.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { PUBLISHED, packPublished, repo, sh, type Packed } from './pack';

const bin = (name: string) => path.join(repo, 'node_modules', '.bin', name);

/** The package a bare specifier names: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

/** Bare specifiers that `file` imports: `require("x")` in bundles, `from 'x'` and `import("x")` in declarations. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  // Bundles load packages only through require (esbuild's CommonJS output); declarations import them.
  const pattern = file.endsWith('.d.ts')
    ? /\bfrom ['"]([^'"]+)['"]|\bimport\(['"]([^'"]+)['"]\)/g
    : /\brequire\("([^"]+)"\)/g;
  const found = [...text.matchAll(pattern)].map((m) => m[1] ?? m[2]!);
  // Only what names a module: text that merely looks like an import inside a string is not one.
  return found.filter(
    (s) => !s.startsWith('.') && !s.startsWith('/') && /^(node:)?(@[\w.-]+\/)?[\w.-]+(\/[\w./-]+)?$/.test(s),
  );
}

/** The files an `exports` entry can resolve to. */
function exportTargets(entry: string | Record<string, string>): string[] {
  return typeof entry === 'string' ? [entry] : Object.values(entry);
}

describe('packaging: the published tarballs', function () {
  this.timeout(600_000);
  let packed: Record<(typeof PUBLISHED)[number], Packed>;
  before(async () => {
    packed = await packPublished();
  });

  for (const ws of PUBLISHED) {
    describe(`@plugbench/${ws}`, () => {
      it("carries README.md, LICENSE (the repository's), package.json, built code and declarations; no build info, tests or maps of tests", () => {
        const { files, dir } = packed[ws];
        for (const f of ['README.md', 'LICENSE', 'package.json', 'dist/index.js', 'dist/types/index.d.ts'])
          assert.ok(files.includes(f), `${ws} tarball lacks ${f}`);
        assert.equal(
          readFileSync(path.join(dir, 'LICENSE'), 'utf8'),
          readFileSync(path.join(repo, 'LICENSE'), 'utf8'),
          `${ws}/LICENSE differs from the repository's LICENSE`,
        );
        const unwanted = files.filter(
          (f) => /\.tsbuildinfo$|(^|\/)test\/|\.test\.ts$|^tsconfig/.test(f) && !f.startsWith('templates/'),
        );
        assert.deepEqual(unwanted, [], `${ws} tarball ships files it should not`);
      });

      it('is publishable: public access, repository, homepage, bugs, keywords, engines, license', () => {
        const m = packed[ws].manifest;
        assert.deepEqual(m.publishConfig, { access: 'public' });
        for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'engines', 'license', 'description'])
          assert.ok(m[field] !== undefined, `${ws}/package.json has no ${field}`);
        assert.equal(m.private, undefined, `${ws}/package.json is private`);
      });

      it('has every file its exports, typesVersions and bin name, and exports every bundle but the internal ones', () => {
        const { files, manifest } = packed[ws];
        const targets = [
          ...Object.values(manifest.exports).flatMap(exportTargets),
          ...Object.values(manifest.typesVersions?.['*'] ?? {}).flat(),
          ...Object.values(manifest.bin ?? {}),
        ];
        for (const t of targets)
          assert.ok(
            files.includes(t.replace(/^\.\//, '')),
            `${ws}/package.json names ${t}, which is not in the tarball`,
          );
        // cli.js is the bin's; view.js is inlined into HTML reports: neither is an import of users.
        const internal = new Set(['dist/cli.js', 'dist/view.js']);
        const exported = new Set(
          Object.values(manifest.exports)
            .flatMap(exportTargets)
            .map((t) => t.replace(/^\.\//, '')),
        );
        const bundles = files.filter((f) => /^dist\/[^/]+\.js$/.test(f) && !internal.has(f));
        assert.deepEqual(
          bundles.filter((b) => !exported.has(b)),
          [],
          `${ws}: bundles that no export reaches`,
        );
        // Every subpath with declarations resolves under moduleResolution node10 too, through typesVersions.
        const subpaths = Object.entries(manifest.exports)
          .filter(([k, v]) => k !== '.' && typeof v !== 'string' && 'types' in v)
          .map(([k]) => k.slice(2));
        assert.deepEqual(
          Object.keys(manifest.typesVersions?.['*'] ?? {}).sort(),
          subpaths.sort(),
          `${ws}: typesVersions does not cover the typed exports`,
        );
      });

      it('declares every package its built code and declarations import', () => {
        const { files, dir, manifest } = packed[ws];
        const declared = new Set([
          manifest.name,
          ...Object.keys(manifest.dependencies ?? {}),
          ...Object.keys(manifest.peerDependencies ?? {}),
        ]);
        const builtins = new Set(builtinModules);
        const undeclared: string[] = [];
        for (const f of files.filter((f) => /^dist\/.*(\.js|\.d\.ts)$/.test(f) && f !== 'dist/view.js')) {
          for (const s of importsOf(path.join(dir, f))) {
            const name = packageOf(s);
            if (s.startsWith('node:') || builtins.has(name) || declared.has(name)) continue;
            undeclared.push(`${f}: ${s}`);
          }
        }
        assert.deepEqual(undeclared, [], `${ws}: imports of packages not in dependencies`);
      });

      it('publint reports nothing', () => {
        const out = sh(process.execPath, [bin('publint'), 'run', packed[ws].tarball, '--level', 'suggestion'], repo);
        assert.match(out, /All good!/, out);
      });

      it('arethetypeswrong reports nothing (node10, node16 from CJS and ESM, bundler)', () => {
        // An export of a bare .js file is a process to fork (the harness's `./runner-process`), never imported: no types.
        const processes = Object.entries(packed[ws].manifest.exports)
          .filter(([, target]) => typeof target === 'string' && target.endsWith('.js'))
          .map(([subpath]) => subpath);
        const exclude = processes.length > 0 ? ['--exclude-entrypoints', ...processes] : [];
        const r = spawnSync(process.execPath, [bin('attw'), packed[ws].tarball, ...exclude, '--format', 'json'], {
          cwd: repo,
          encoding: 'utf8',
        });
        // `problems` is an object keyed by problem kind; each entry lists where it shows.
        const report = JSON.parse(r.stdout) as { analysis: { problems: unknown[] }; problems: Record<string, unknown> };
        assert.deepEqual(
          { problems: report.problems, analysis: report.analysis.problems },
          { problems: {}, analysis: [] },
          JSON.stringify(report.problems, null, 2),
        );
        assert.equal(r.status, 0, r.stderr);
      });

      it('npm publish --dry-run is clean', () => {
        // Scripts off: the pack above has just built the package; this checks the manifest and what would be sent.
        const out = sh('npm', ['publish', '--dry-run', '--ignore-scripts'], path.join(repo, ws));
        const warnings = out
          .split('\n')
          .filter((l) => /^npm (warn|error)/i.test(l) && !/requires you to be logged in/.test(l));
        assert.deepEqual(warnings, [], out);
        assert.match(out, /with tag latest and public access \(dry-run\)/);
      });
    });
  }
});

// Packs @plugbench/sdk and @plugbench/harness once per test process, as `npm pack` does for a release: their
// `prepack` scripts build them, so this works from a clean checkout. The tarballs and their unpacked contents go to a
// temporary folder outside the repository.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repo = path.resolve(__dirname, '../..');

/** The packages that are published, by workspace folder. */
export const PUBLISHED = ['sdk', 'harness'] as const;
export type Published = (typeof PUBLISHED)[number];

/** One packed package. */
export interface Packed {
  workspace: Published;
  tarball: string;
  /** The tarball unpacked: its `package/` folder. */
  dir: string;
  /** Every path in the tarball, relative to `package/`. */
  files: string[];
  manifest: PackageManifest;
}

/** The package.json fields these tests read. */
export interface PackageManifest {
  name: string;
  version: string;
  exports: Record<string, string | Record<string, string>>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  bin?: Record<string, string>;
  [key: string]: unknown;
}

/** Runs a command, failing with its output when it fails. */
export function sh(command: string, args: string[], cwd: string, timeoutMs = 300_000): string {
  const r = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  if (r.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed with ${r.status ?? r.signal}${r.error ? `: ${r.error.message}` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
    );
  }
  return `${r.stdout}${r.stderr}`;
}

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel === '' ? e.name : `${rel}/${e.name}`;
    return e.isDirectory() ? listFiles(dir, p) : [p];
  });
}

let packed: Promise<Record<Published, Packed>> | undefined;
let workDir: string | undefined;

/** A temporary folder outside the repository for this process's packaging tests, removed when the process exits. */
export function packagingTmp(): string {
  if (workDir === undefined) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'plugbench-packaging-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    workDir = dir;
  }
  return workDir;
}

async function packAll(): Promise<Record<Published, Packed>> {
  const out = path.join(packagingTmp(), 'tarballs');
  mkdirSync(out, { recursive: true });
  const result = {} as Record<Published, Packed>;
  for (const workspace of PUBLISHED) {
    const before = new Set(readdirSync(out));
    // npm pack runs the package's prepack (its build): the test needs nothing built beforehand.
    sh('npm', ['pack', '--pack-destination', out], path.join(repo, workspace));
    const tarball = readdirSync(out).find((f) => f.endsWith('.tgz') && !before.has(f));
    if (tarball === undefined) throw new Error(`npm pack in ${workspace}/ wrote no tarball to ${out}`);
    const unpacked = path.join(packagingTmp(), 'unpacked', workspace);
    mkdirSync(unpacked, { recursive: true });
    sh('tar', ['xzf', path.join(out, tarball), '-C', unpacked], out);
    const dir = path.join(unpacked, 'package');
    result[workspace] = {
      workspace,
      tarball: path.join(out, tarball),
      dir,
      files: listFiles(dir).sort(),
      manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageManifest,
    };
  }
  return result;
}

/** Both packages, packed and unpacked (once per process). */
export function packPublished(): Promise<Record<Published, Packed>> {
  packed ??= packAll();
  return packed;
}

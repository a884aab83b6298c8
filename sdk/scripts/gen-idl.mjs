// Generates protobuf-es code for Flyte's IDL (flyteidl/core, flyteidl/event and the plugin messages of
// flyteidl/plugins) from the .proto files shipped in
// the installed @flyteorg/flyteidl package. Generated at build time, never committed, so the types always match
// the declared IDL version. The package's own compiled JS cannot read Flyte's JSON form and protobufjs reflection
// drops google.protobuf.Struct content silently; protobuf-es handles both (measured, see the README).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sdkDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(sdkDir, 'package.json'));
const idlDir = dirname(require.resolve('@flyteorg/flyteidl/package.json'));
const idlVersion = JSON.parse(readFileSync(join(idlDir, 'package.json'), 'utf8')).version;
const outDir = join(sdkDir, 'src', 'idl', 'gen');
const stamp = join(outDir, '.stamp');
// The IDL folders generated; part of the stamp, so that adding one regenerates an existing tree.
const folders = ['core', 'event', 'plugins'];
// Single files of other folders: the connector (agent) protocol `plugbench serve` speaks.
const files = ['admin/agent.proto', 'service/agent.proto'];
const stampText = `${idlVersion} ${folders.join(',')} ${files.join(',')}`;

if (existsSync(stamp) && readFileSync(stamp, 'utf8') === stampText) process.exit(0);

const work = mkdtempSync(join(tmpdir(), 'plugbench-idl-'));
try {
  for (const f of folders)
    cpSync(join(idlDir, 'protos', 'flyteidl', f), join(work, 'flyteidl', f), { recursive: true });
  // cloudevents.proto imports the admin service tree, which the executor never needs.
  rmSync(join(work, 'flyteidl', 'event', 'cloudevents.proto'), { force: true });
  for (const f of files) {
    mkdirSync(dirname(join(work, 'flyteidl', f)), { recursive: true });
    writeFileSync(
      join(work, 'flyteidl', f),
      withoutHttpAnnotations(readFileSync(join(idlDir, 'protos', 'flyteidl', f), 'utf8')),
    );
  }
  writeFileSync(join(work, 'buf.yaml'), 'version: v2\n');
  const plugin = join(dirname(require.resolve('@bufbuild/protoc-gen-es/package.json')), 'bin', 'protoc-gen-es');
  writeFileSync(
    join(work, 'buf.gen.yaml'),
    [
      'version: v2',
      'plugins:',
      `  - local: ${JSON.stringify(plugin)}`,
      `    out: ${JSON.stringify(outDir)}`,
      '    opt: [target=ts, import_extension=none]',
      '',
    ].join('\n'),
  );
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const buf = join(dirname(require.resolve('@bufbuild/buf/package.json')), 'bin', 'buf');
  execFileSync(buf, ['generate', work, '--template', join(work, 'buf.gen.yaml'), '--path', join(work, 'flyteidl')], {
    cwd: work,
    stdio: 'inherit',
  });
  writeFileSync(stamp, stampText);
} finally {
  rmSync(work, { recursive: true, force: true });
}

/**
 * The proto without its `google.api.http` options and their import: they only configure Flyte's REST gateway, the
 * package does not ship `google/api/*.proto`, and gRPC never sees them (method paths and messages are unchanged).
 */
function withoutHttpAnnotations(text) {
  return text
    .replace(/^import "google\/api\/annotations\.proto";\n/m, '')
    .replace(/option \(google\.api\.http\) = \{[\s\S]*?\n\s*\};/g, '');
}

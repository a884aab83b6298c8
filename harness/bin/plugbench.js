#!/usr/bin/env node
// The `plugbench` command: the built CLI (harness/dist/cli.js, made by `npm run build`).
'use strict';
// `plugbench --version` answers before the CLI loads: loading it loads the SDK (protobuf descriptors, zod schemas),
// which is most of a command's start-up and nothing a version needs.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  process.stdout.write(`${require('../package.json').version}\n`);
  return;
}
let cli;
try {
  cli = require('../dist/cli.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli.js')) {
    process.stderr.write(
      'plugbench: the CLI is not built (harness/dist/cli.js is missing); run `npm run build` first\n',
    );
    process.exit(70);
  }
  throw e;
}
// `plugbench run ... | head`: a closed pipe ends the command quietly.
process.stdout.on('error', (e) => {
  if (e && e.code === 'EPIPE') process.exit(process.exitCode || 0);
  throw e;
});
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`plugbench: ${(e && e.stack) || e}\n`);
    process.exitCode = 70;
  },
);

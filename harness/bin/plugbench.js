#!/usr/bin/env node
// The `plugbench` command: the built CLI (harness/dist/cli.js, made by `npm run build`).
'use strict';
let cli;
try {
  cli = require('../dist/cli.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('dist/cli.js')) {
    process.stderr.write('plugbench: the CLI is not built (harness/dist/cli.js is missing); run `npm run build` first\n');
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

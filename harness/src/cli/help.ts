/**
 * The help texts of `plugbench` and its commands.
 *
 * @module
 */

/** `plugbench --help`. */
export const MAIN_HELP = `plugbench: run and test Flyte backend plugins written with @plugbench/sdk

Usage:
  plugbench run <fixture> [--task ID] [--json] [--html FILE]
  plugbench test [paths or globs...] [--reporter spec|json|junit] [--out FILE] [--update-golden]
  plugbench schema [--out FILE]
  plugbench init [DIR] [--kind core|webapi]

Commands:
  run      run one fixture and show its timeline (phases, events, tokens per task)
  test     run fixtures' expectations, contract checks and golden timelines
  schema   print the JSON Schema of fixture files
  init     write a plugin project: plugin, fixture, golden timeline, mocha test, tsconfig, CI workflow

Options:
  -h, --help     show help (also after a command: plugbench run --help)
  -v, --version  show the version

Exit codes: 0 all passed, 1 a test failed, 2 a fixture or the command line is invalid, 3 a plugin failed to load.
`;

/** `plugbench run --help`. */
export const RUN_HELP = `Usage: plugbench run <fixture> [--task ID] [--json] [--html FILE]

Runs one fixture (*.fixture.json or *.fixture.yaml) to the end and prints its timeline: per task and attempt the
phases, the events sent, the tokens held; then the fixture's expectations and contract checks.

Options:
  --task ID      show this task only
  --json         print the timeline as NDJSON (one record per line, the schema of @plugbench/sdk/timeline) instead
  --html FILE    also write a standalone HTML report (timeline and resource pools, no network needed)
  --allow-outside-project
                 let the fixture's module: and golden: paths leave its project (the nearest folder with a
                 package.json); by default such a path makes the fixture invalid
  --no-color     no colours (default: colours when the output is a terminal; FORCE_COLOR, NO_COLOR and
                 TERM=dumb are honoured)
  -h, --help     show this help

Exit code: 0 the fixture passed, 1 it failed, 2 it is invalid, 3 its plugin failed to load.
`;

/** `plugbench test --help`. */
export const TEST_HELP = `Usage: plugbench test [paths or globs...] [--reporter spec|json|junit] [--out FILE] [--update-golden]

Runs every fixture found: a file is taken as it is, a directory is searched for *.fixture.json and *.fixture.yaml
(node_modules and dot-directories skipped), a glob ("examples/**/*.fixture.yaml", quoted) matches files. Default:
the current directory. Each fixture's expectations, contract checks and golden timeline are checked. A glob that
does not compile (an unclosed "{") is a usage error.

Options:
  --reporter R       spec (default): readable, one line per fixture as it finishes
                     json: one JSON document;  junit: JUnit XML for CI
  --out FILE         write the report to FILE instead of standard output (progress goes to standard error)
  --update-golden    write the golden timelines of fixtures that name one, instead of comparing
  --allow-outside-project
                     let module: and golden: paths leave the fixture's project (default: invalid fixture)
  --no-color         no colours
  -h, --help         show this help

Exit code: the worst outcome: 0 all passed, 1 a test failed, 2 a fixture is invalid (or nothing matched),
3 a plugin failed to load.
`;

/** `plugbench schema --help`. */
export const SCHEMA_HELP = `Usage: plugbench schema [--out FILE]

Prints the JSON Schema (draft 7) of fixture files, generated from the harness's zod schema; the same as
harness/schema/fixture.schema.json. Point "$schema" in a fixture at it for completion in editors.

Options:
  --out FILE   write it to FILE
  -h, --help   show this help
`;

/** `plugbench init --help`. */
export const INIT_HELP = `Usage: plugbench init [DIR] [--kind core|webapi]

Writes a plugin project into DIR (default: the current directory): package.json with @plugbench/sdk,
@plugbench/harness and the development tools (typescript, mocha, tsx, types) and the scripts test and check-types;
tsconfig.json; a plugin (src/plugin.ts); a fixture with expectations and its golden timeline (fixtures/); a mocha
test (test/); .vscode/extensions.json recommending the plugbench extension; a CI workflow (.github/workflows/).
Existing files are kept; an existing package.json only gets the entries it lacks. Then: npm install && npm test.

Options:
  --kind K     the kind of plugin: core (default), a plugin of pluginmachinery/core (Handle, Abort, Finalize);
               webapi, an AsyncPlugin of pluginmachinery/webapi (create, get, delete, status) on a remote service
  -h, --help   show this help
`;

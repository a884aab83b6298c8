/**
 * The help texts of `plugbench` and its commands.
 *
 * @module
 */

/** `plugbench --help`. */
export const MAIN_HELP = `plugbench: run and test Flyte backend plugins written with @plugbench/sdk

Usage:
  plugbench run <fixture> [--task ID] [--json] [--html FILE] [--timeout MS]
  plugbench test [paths or globs...] [--reporter spec|json|junit|github]... [--out FILE]... [--jobs N]
                 [--shard I/N] [--grep PATTERN] [--bail] [--timeout MS] [-u] [--watch]
  plugbench schema [--out FILE]
  plugbench init [DIR] [--kind core|webapi]
  plugbench serve [--host H] [--port P] [--redis URL] [--config FILE] MODULE[#EXPORT]...

Commands:
  run      run one fixture and show its timeline (phases, events, tokens per task)
  test     run fixtures' expectations, contract checks and golden timelines
  schema   print the JSON Schema of fixture files
  init     write a plugin project: plugin, fixture, golden timeline, mocha test, tsconfig, CI workflow
  serve    serve plugins to FlytePropeller as a connector (gRPC), state in memory or Redis

Options:
  -h, --help     show help (also after a command: plugbench run --help)
  -v, --version  show the version

Every fixture runs in a runner process of its own: a plugin that hangs, loops, exits or crashes fails its fixture,
never the command.

Exit codes: 0 all passed, 1 a test failed, 2 a fixture or the command line is invalid, 3 a plugin failed to load.
`;

/** `plugbench run --help`. */
export const RUN_HELP = `Usage: plugbench run <fixture> [--task ID] [--json] [--html FILE] [--timeout MS]

Runs one fixture (*.fixture.json or *.fixture.yaml) to the end and prints its timeline: per task and attempt the
phases, the events sent, the tokens held; then the fixture's expectations and contract checks.

Options:
  --task ID      show this task only
  --json         print the timeline as NDJSON (one record per line, the schema of @plugbench/sdk/timeline) instead
  --html FILE    also write a standalone HTML report (timeline and resource pools, no network needed)
  --timeout MS   stop the fixture after MS milliseconds of wall clock, loading included (default 30000)
  --allow-outside-project
                 let the fixture's module: and golden: paths leave its project (the nearest folder with a
                 package.json); by default such a path makes the fixture invalid
  --no-color     no colours (default: colours when the output is a terminal; FORCE_COLOR, NO_COLOR and
                 TERM=dumb are honoured)
  -h, --help     show this help

Exit code: 0 the fixture passed, 1 it failed, 2 it is invalid, 3 its plugin failed to load.
`;

/** `plugbench test --help`. */
export const TEST_HELP = `Usage: plugbench test [paths or globs...] [options]

Runs every fixture found: a file is taken as it is, a directory is searched for *.fixture.json and *.fixture.yaml
(node_modules and dot-directories skipped), a glob ("examples/**/*.fixture.yaml", quoted) matches files. Default:
the current directory. Each fixture's expectations, contract checks and golden timeline are checked. A glob that
does not compile (an unclosed "{") is a usage error.

Each fixture runs in a runner process (several at once with --jobs). A plugin that never finishes loading, loops,
stops answering, calls process.exit, crashes or leaves a promise rejection unhandled fails that fixture, with the
cause named, and the run goes on; what a plugin prints never reaches the reports.

Options:
  --reporter R       spec (default): readable, one line per fixture as it finishes
                     json: one JSON document;  junit: JUnit XML for CI
                     github: GitHub Actions annotations at the fixture line of each failure
                     give it several times for several reports: --reporter spec --reporter junit --out results.xml
  --out FILE         write the report to FILE instead of standard output (progress goes to standard error); with
                     several reporters, each --out goes to the next of json, junit, github in the order given
  --jobs, -j N       run N fixtures at once, each in its own runner process (default: the number of cores)
  --shard I/N        run the I-th of N parts of the sorted fixture list (every N-th fixture from the I-th on):
                     the N shards together run every fixture exactly once
  --grep, -g RE      run only what the regular expression matches (case-insensitive): fixtures by name or file,
                     else the tasks of a fixture by id (golden timelines are then not compared)
  --bail             stop starting fixtures after the first that did not pass (the report is still written)
  --timeout MS       wall-clock limit of one fixture, loading included (default 30000); a plugin that stops
                     answering is caught sooner, after twice its round timeout
  --pass-with-no-tests  exit 0 when no fixture is found or matched (default: exit 2)
  -u, --update-golden   write the golden timelines of fixtures that name one, instead of comparing
  -w, --watch        run, then rerun the affected fixtures whenever a fixture or a plugin source changes
  --allow-outside-project
                     let module: and golden: paths leave the fixture's project (default: invalid fixture)
  --no-color         no colours
  -h, --help         show this help

A fixture still running after 5 s is announced on standard error every 5 s.

Exit code: the worst outcome: 0 all passed, 1 a test failed (a plugin that hung, exited or crashed in a round
counts), 2 a fixture or the command line is invalid (or nothing matched), 3 a plugin failed to load (a loader that
never settles within the timeout counts).
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

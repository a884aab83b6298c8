/**
 * Starts runner processes: forked with an IPC channel for ordinary runs and tests, or launched by VS Code's Node
 * debugger (js-debug) for the Debug profile and "Debug fixture", in which case the runner connects back over a local
 * socket. Either way the host drives it with the same requests.
 *
 * @module
 */
import * as path from 'node:path';
import harnessManifest from '@plugbench/harness/package.json';
import type { DebugSession, TestRun, VSCode, WorkspaceFolder } from '../vscode-types';
import {
  RunnerClient,
  silenceFor,
  forkRunner,
  RunnerSocketServer,
  type RunnerTransport,
} from '@plugbench/harness/runner';
import { choosePackages, describeChoice, type PackagesChoice } from './workspace-packages';

/** A round timeout long enough never to fire while the user sits on a breakpoint (setTimeout's limit is ~24.8 days). */
export const DEBUG_ROUND_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** DAP requests that end a debug session at the user's request (the Stop button, Shift+F5, `stopDebugging`). */
const ENDING_REQUESTS: ReadonlySet<string> = new Set(['disconnect', 'terminate', 'restart']);

/**
 * How long the end of a debugged runner's connection waits for word that the user ended the debug session. The
 * request and the end of the runner reach the extension host on different paths, in either order.
 */
const DEBUG_STOP_GRACE_MS = 500;

/** What the factory needs to know. */
export interface RunnerSettings {
  roundTimeoutMs: number;
  nodePath: string;
}

/** Makes runners. */
export class RunnerFactory {
  readonly runnerPath: string;
  #counter = 0;
  /** The last choice of packages per folder, to log (and warn) only when it changes. */
  readonly #choices = new Map<string, string>();

  readonly #vscode: VSCode;
  readonly #settings: () => RunnerSettings;
  readonly #log: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void;
  /** Where the harness writes plugin bundles: the extension's storage, never the user's folders. */
  readonly #cacheDir: string | undefined;
  constructor(
    vscode: VSCode,
    extensionPath: string,
    settings: () => RunnerSettings,
    log: (level: 'trace' | 'debug' | 'info' | 'warn' | 'error', message: string) => void,
    cacheDir?: string,
  ) {
    this.#vscode = vscode;
    this.#settings = settings;
    this.#log = log;
    this.#cacheDir = cacheDir;
    this.runnerPath = path.join(extensionPath, 'dist', 'extension', 'runner.js');
  }

  #env(): Record<string, string> {
    return this.#cacheDir ? { PLUGBENCH_CACHE_DIR: this.#cacheDir } : {};
  }

  /** The runner process to start: the chosen harness's own, else the one bundled in the extension. */
  #runnerFor(choice: PackagesChoice): string {
    return choice.source === 'workspace' ? choice.runner : this.runnerPath;
  }

  /** The SDK and harness for runners in `folder`: the workspace's installed ones, else the bundled copy. */
  packagesFor(folder: string): PackagesChoice {
    const choice = choosePackages(folder);
    const line = describeChoice(choice, harnessManifest.version);
    if (this.#choices.get(folder) !== line) {
      this.#choices.set(folder, line);
      this.#log('info', line);
      if (choice.source === 'bundled' && choice.tooOld) {
        void this.#vscode.window.showWarningMessage(
          `plugbench: ${choice.reason}; fixtures run with the SDK and harness bundled in the extension. Update it: npm install --save-dev ${choice.tooOld.name}@latest`,
        );
      }
    }
    return choice;
  }

  /** The folder a runner for `file` starts in: its workspace folder, else the file's folder. */
  cwdFor(file: string): string {
    return this.#vscode.workspace.getWorkspaceFolder(this.#vscode.Uri.file(file))?.uri.fsPath ?? path.dirname(file);
  }

  /** A forked runner. */
  async fork(cwd: string): Promise<RunnerClient> {
    const s = this.#settings();
    const transport = forkRunner({
      runnerPath: this.#runnerFor(this.packagesFor(cwd)),
      cwd,
      env: this.#env(),
      ...(s.nodePath ? { nodePath: s.nodePath } : {}),
    });
    const client = new RunnerClient(transport, { silenceTimeoutMs: silenceFor(s.roundTimeoutMs), log: this.#log });
    transport.onOutput((stream, text) => {
      for (const line of text.replace(/\n$/, '').split('\n'))
        this.#log(stream === 'stderr' ? 'warn' : 'info', `[runner ${transport.pid}] ${line}`);
    });
    const hello = await client.ready.catch(() => undefined);
    if (hello)
      this.#log(
        'debug',
        `runner ${hello.pid} started (Node ${hello.node}; SDK and harness: ${hello.packages?.source ?? 'unknown'})`,
      );
    return client;
  }

  /**
   * A runner under the Node debugger: breakpoints in the plugin's TypeScript hit (the harness bundles plugins with
   * inline source maps). Its round timeout is off, and so is the watchdog: a breakpoint stops everything.
   */
  async debug(folder: WorkspaceFolder | undefined, name: string, testRun?: TestRun): Promise<RunnerClient> {
    const s = this.#settings();
    const server = new RunnerSocketServer();
    const id = `plugbench-${process.pid}-${++this.#counter}`;
    const cwd = folder?.uri.fsPath ?? path.dirname(this.runnerPath);
    const choice = this.packagesFor(cwd);
    const config = {
      type: 'node',
      request: 'launch',
      name: `plugbench: ${name}`,
      program: this.#runnerFor(choice),
      cwd,
      env: { ...this.#env(), PLUGBENCH_RUNNER_SOCKET: server.path, PLUGBENCH_RUNNER: 'debug' },
      ...(s.nodePath ? { runtimeExecutable: s.nodePath } : {}),
      sourceMaps: true,
      // Plugin bundles live in a temporary folder, outside the workspace: their inline maps must be read anyway.
      resolveSourceMapLocations: null,
      // The runner and the executor are not the user's code: stepping goes through them to the plugin.
      skipFiles: [
        '<node_internals>/**',
        this.runnerPath,
        ...(choice.source === 'workspace' ? [`${choice.harness.dir}/**`, `${choice.sdk.dir}/**`] : []),
      ],
      console: 'internalConsole',
      outputCapture: 'std',
      plugbenchId: id,
    };
    let session: DebugSession | undefined;
    const ours = (s2: DebugSession) => (rootOf(s2).configuration as { plugbenchId?: string }).plugbenchId === id;
    const started$ = this.#vscode.debug.onDidStartDebugSession((s2) => {
      // js-debug starts a launch session and a child for the process; both carry the configuration. Stopping the
      // root ends both.
      if (!session && ours(s2)) session = rootOf(s2);
    });
    // The user ending the debug session ends the runner: that is a stop, not a crash. Only the request sent to the
    // debug adapter tells the two apart; the runner's connection just closes either way.
    let userEnded = false;
    const tracker = this.#vscode.debug.registerDebugAdapterTrackerFactory('*', {
      createDebugAdapterTracker: (s2) =>
        ours(s2)
          ? {
              onWillReceiveMessage: (m: { type?: string; command?: string }) => {
                if (m.type === 'request' && ENDING_REQUESTS.has(m.command ?? '')) userEnded = true;
              },
            }
          : undefined,
    });
    const sub = {
      dispose: () => {
        started$.dispose();
        tracker.dispose();
      },
    };
    let started: boolean;
    try {
      started = await this.#vscode.debug.startDebugging(folder, config, testRun ? { testRun } : undefined);
    } catch (e) {
      sub.dispose();
      server.close();
      throw e;
    }
    if (!started) {
      sub.dispose();
      server.close();
      throw new Error('VS Code did not start the Node debugger (is the JavaScript debugger extension enabled?)');
    }
    this.#log('info', `debug session "${config.name}" started; waiting for the runner to connect`);
    try {
      const socket = await server.accept(60_000, () => {
        if (session) void this.#vscode.debug.stopDebugging(session);
      });
      const transport = endedByUser(socket, () => userEnded);
      const client = new RunnerClient(transport, {
        silenceTimeoutMs: Infinity,
        openTimeoutMs: Infinity,
        log: this.#log,
      });
      client.onExit(() => {
        sub.dispose();
        server.close();
        // Node waits for the debugger to detach before it exits: end the session, or it lingers.
        if (session) void this.#vscode.debug.stopDebugging(session);
      });
      return client;
    } catch (e) {
      sub.dispose();
      server.close();
      if (session) void this.#vscode.debug.stopDebugging(session);
      throw e;
    }
  }
}

/** The root of a debug session (js-debug's launch session, not its child for the process). */
function rootOf(s: DebugSession): DebugSession {
  let root = s;
  while (root.parentSession) root = root.parentSession;
  return root;
}

/**
 * A debugged runner's connection whose end counts as killed by the host (a stop, not a crash) when the user ended
 * its debug session; the end waits {@link DEBUG_STOP_GRACE_MS} for that word when it has not come yet.
 */
export function endedByUser(transport: RunnerTransport, ended: () => boolean): RunnerTransport {
  return {
    get pid() {
      return transport.pid;
    },
    send: (m) => transport.send(m),
    onMessage: (l) => transport.onMessage(l),
    onOutput: (l) => transport.onOutput(l),
    kill: () => transport.kill(),
    onExit(listener) {
      transport.onExit((exit) => {
        const report = () => listener({ ...exit, killed: exit.killed || ended() });
        if (exit.killed || ended()) report();
        else setTimeout(report, DEBUG_STOP_GRACE_MS);
      });
    },
  };
}

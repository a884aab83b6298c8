// The extension activated in a fake VS Code, as the extension tests that drive it whole start it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PlugbenchExtension } from '../../extension/src/plugbench-extension';
import type { ExtensionContext, VSCode } from '../../extension/src/vscode-types';
import { createFakeVscode, fakeContext, type FakeVscode } from './fake-vscode';
import { ensureRunnerBuilt, ROOT } from './support';

/** What {@link disposeFakeExtensions} undoes: each activated extension and its storage folder. */
const undo: (() => void)[] = [];

/** The extension, activated in a fake VS Code with the workspace folder `ws` and a fresh storage folder. */
export async function activateInFake(
  ws: string,
  trusted = true,
): Promise<{ fake: FakeVscode; ext: PlugbenchExtension }> {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-storage-'));
  const fake = createFakeVscode({ folders: [ws], trusted });
  const ext = new PlugbenchExtension(
    fake.vscode as unknown as VSCode,
    fakeContext(ROOT, storage) as unknown as ExtensionContext,
  );
  undo.push(() => {
    ext.dispose();
    fs.rmSync(storage, { recursive: true, force: true });
  });
  await ext.activate();
  return { fake, ext };
}

/** Disposes every extension {@link activateInFake} made since the last call and removes its storage (an `afterEach`). */
export function disposeFakeExtensions(): void {
  for (const u of undo.splice(0)) u();
}

/**
 * A suite's extension in a fake VS Code: the hooks that build the runner once, make a fresh workspace with
 * `workspace` before each test, and afterwards dispose of every extension activated in it and remove it.
 */
export function fakeExtensionSuite(workspace: () => string): FakeExtensionSuite {
  const suite = new FakeExtensionSuite();
  before(() => ensureRunnerBuilt());
  beforeEach(() => {
    suite.ws = workspace();
  });
  afterEach(() => {
    disposeFakeExtensions();
    fs.rmSync(suite.ws, { recursive: true, force: true });
  });
  return suite;
}

/** The current test's workspace folder and, once {@link FakeExtensionSuite.activate} ran, its extension. */
export class FakeExtensionSuite {
  /** The workspace folder of the current test. */
  ws = '';
  #activated: { fake: FakeVscode; ext: PlugbenchExtension } | undefined;

  /** Activates the extension over the current test's workspace. */
  async activate(trusted = true): Promise<void> {
    this.#activated = await activateInFake(this.ws, trusted);
  }

  /** The fake VS Code of the last activation. */
  get fake(): FakeVscode {
    return this.#current().fake;
  }

  /** The extension of the last activation. */
  get ext(): PlugbenchExtension {
    return this.#current().ext;
  }

  #current(): { fake: FakeVscode; ext: PlugbenchExtension } {
    if (this.#activated === undefined) throw new Error('the test did not activate the extension');
    return this.#activated;
  }
}

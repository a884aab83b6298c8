// The extension activated in a fake VS Code, as the extension tests that drive it whole start it.
import { PlugbenchExtension } from '../../extension/src/plugbench-extension';
import type { ExtensionContext, VSCode } from '../../extension/src/vscode-types';
import { createFakeVscode, fakeContext, type FakeVscode } from './fake-vscode';
import { ROOT } from './support';

/** The extension, activated in a fake VS Code with the workspace folder `ws` and its storage in `storage`. */
export async function activateInFake(
  ws: string,
  storage: string,
  trusted = true,
): Promise<{ fake: FakeVscode; ext: PlugbenchExtension }> {
  const fake = createFakeVscode({ folders: [ws], trusted });
  const ext = new PlugbenchExtension(
    fake.vscode as unknown as VSCode,
    fakeContext(ROOT, storage) as unknown as ExtensionContext,
  );
  await ext.activate();
  return { fake, ext };
}

// Screenshots of a webview in the themes and window sizes people use: dark, light and both high-contrast themes,
// at 1600x1000 and 1000x700. The files go to the test artifacts, named <name>-<theme>-<width>x<height>.png.
import * as vscode from 'vscode';
import { screenshot, setViewport } from './driver';

/** The built-in themes every view is shown in, by the id `workbench.colorTheme` takes. */
export const SCREEN_THEMES = [
  { id: 'Default Dark Modern', slug: 'dark' },
  { id: 'Default Light Modern', slug: 'light' },
  { id: 'Default High Contrast', slug: 'hc-dark' },
  { id: 'Default High Contrast Light', slug: 'hc-light' },
] as const;

/** The window sizes every view is shown at. */
export const SCREEN_SIZES = [
  { width: 1600, height: 1000 },
  { width: 1000, height: 700 },
] as const;

/** The size the driver opens the browser at (scripts/vscode/code), restored after a series. */
const DEFAULT_SIZE = { width: 1280, height: 800 } as const;

/**
 * Screenshots the webview that shows `waitFor` in every theme and size (without `waitFor`: the whole workbench, e.g.
 * the Problems panel or Test Explorer); returns the files. Puts the theme and the window size back afterwards, so
 * that later tests see the workbench as it was.
 */
export async function screenshotsInThemes(name: string, waitFor?: string): Promise<string[]> {
  const config = vscode.workspace.getConfiguration('workbench');
  const before = config.inspect<string>('colorTheme')?.globalValue;
  const files: string[] = [];
  try {
    for (const theme of SCREEN_THEMES) {
      await config.update('colorTheme', theme.id, vscode.ConfigurationTarget.Global);
      for (const size of SCREEN_SIZES) {
        await setViewport(size.width, size.height);
        files.push(...(await screenshot(`${name}-${theme.slug}-${size.width}x${size.height}`, waitFor)));
      }
    }
  } finally {
    await config.update('colorTheme', before, vscode.ConfigurationTarget.Global);
    await setViewport(DEFAULT_SIZE.width, DEFAULT_SIZE.height);
  }
  return files;
}

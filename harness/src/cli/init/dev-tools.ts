/**
 * The development tools a plugin project needs besides the two packages: the TypeScript compiler, mocha with tsx to
 * run TypeScript tests, and their types. The ranges are the ones this repository tests with (a test keeps them equal
 * to the root package.json's), so a new project starts on versions known to work together.
 *
 * @module
 */

/** Package name -> version range, for a new project's `devDependencies`. */
export const DEV_TOOLS: Readonly<Record<string, string>> = {
  '@types/mocha': '^10.0.10',
  '@types/node': '^20.19.0',
  mocha: '^11.7.0',
  tsx: '^4.23.0',
  typescript: '~5.9.3',
};

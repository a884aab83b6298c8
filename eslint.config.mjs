// The linter of the whole repository (`npm run lint`; `npm run format` fixes what it can). Besides the usual rules it
// encodes the architecture: imports point one way (sdk <- view <- harness <- extension), the contract and the
// timeline run anywhere (no node modules), the view sees only the timeline, and `vscode` is a value only in the
// extension host's entry point. Formatting is Prettier's (eslint-config-prettier turns off the rules it owns).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';

const TS = ['**/*.ts'];
const NODE_BUILTINS = [...new Set(builtinModules.map((m) => m.replace(/^node:/, '')))].join('|');

/** One `no-restricted-imports` entry: a regular expression over the module name, and why it is refused. */
const refuse = (regex, message, allowTypeImports = false) => ({ regex, message, allowTypeImports });

const NO_HARNESS = refuse(
  String.raw`^@plugbench/harness(/|$)|(^|/)harness/(src|bin)(/|$)`,
  'the sdk does not import the harness',
);
const NO_VIEW = refuse(
  String.raw`^@plugbench/view(/|$)|(^|/)view/src(/|$)|(^|/)harness/src/view(/|$)`,
  'the sdk does not import the view',
);
const NO_EXTENSION = refuse(String.raw`(^|/)extension/(src|webview)(/|$)`, 'only the extension imports the extension');
const NO_VSCODE = refuse(String.raw`^vscode$|(^|/)vscode-types$`, '`vscode` exists only in the extension host');
const NO_NODE = refuse(
  String.raw`^node:|^(${NODE_BUILTINS})(/|$)`,
  'sdk/src/contract and sdk/src/timeline run in any environment (the browser view, a webview): no node modules',
);
/** The view draws timelines: it reads the sdk's timeline and nothing else outside its own folder. */
const VIEW_ONLY_TIMELINE = refuse(
  String.raw`^(?!\./|@plugbench/sdk/timeline$)`,
  'the view imports only @plugbench/sdk/timeline and its own modules',
);
/** The webview bundle: the view and the webview's own message types. */
const WEBVIEW_ONLY = refuse(
  String.raw`^(?!\./|@plugbench/view$|@plugbench/view/types$|\.\./src/protocol/webview-messages$)`,
  'the webview imports only @plugbench/view, @plugbench/view/types and ../src/protocol/webview-messages',
);
/** The runner process (harness/src/runner/process): itself, the protocol, the rest of the harness, the SDK, node and zod; never the client. */
const RUNNER_PROCESS_ONLY = refuse(
  String.raw`^(?!\./|\.\./protocol/|\.\./\.\./(?!runner/)|@plugbench/sdk(/|$)|node:|zod$)`,
  'the runner process imports only itself, ../protocol/, the rest of the harness, the SDK, node: modules and zod',
);
/**
 * The runner's client (harness/src/runner/client) runs no plugin code: itself, the protocol, the timeline, the copy of
 * the runner's record store (@plugbench/sdk/runner), node and zod.
 */
const RUNNER_CLIENT_ONLY = refuse(
  String.raw`^(?!\./|\.\./protocol/|@plugbench/sdk/(timeline|runner)$|node:|zod$)`,
  'the runner client imports only itself, ../protocol/, @plugbench/sdk/timeline, @plugbench/sdk/runner, node: modules and zod',
);
/** The protocol both processes share: pure (the record store's rows are @plugbench/sdk/runner's). */
const PROTOCOL_ONLY = refuse(
  String.raw`^(?!\./|@plugbench/sdk/(timeline|runner)$|zod$|node:net$)`,
  'the protocol imports only itself, @plugbench/sdk/timeline, @plugbench/sdk/runner, zod and node:net',
);
const NO_RUNNER_PROCESS = refuse(
  String.raw`runner-process|runner/(process|client|protocol)`,
  'the extension reaches the runner through @plugbench/harness/runner and forks its process, never imports it',
);
/** A package is reached through its exports, never through another package's files. */
const NO_REACHING_IN = refuse(
  String.raw`^@plugbench/(sdk|harness|view)/src(/|$)|^(\.\./)+(sdk|view|harness|extension|examples|test)/`,
  'another package is imported by name, through its exports, not through its files',
);

/** `no-restricted-imports` (TypeScript's, which can let type-only imports through) with these entries. */
const restrictImports = (...patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] });

/** One private-member style: `#name`. TypeScript's `private` only hides a member from the type checker. */
const PRIVATE_SYNTAX = [
  {
    // A constructor has no `#` form: `private constructor` stays the way to force a factory.
    selector:
      ':matches(PropertyDefinition, MethodDefinition[kind!="constructor"], TSParameterProperty, TSAbstractPropertyDefinition)[accessibility="private"]',
    message: 'Use a `#private` member, not TypeScript `private`: one style, and private at run time too.',
  },
];
/** `import('vscode')` in a type position escapes `no-restricted-imports`. */
const NO_VSCODE_TYPE_SYNTAX = [
  {
    selector: 'TSImportType[argument.literal.value="vscode"]',
    message: 'this code runs outside the extension host: no `vscode`, not even its types',
  },
];
const restrictSyntax = (...lists) => ({ 'no-restricted-syntax': ['error', ...lists.flat()] });

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      'sdk/src/idl/gen/**',
      'sdk/schema/**',
      '.vscode-test/**',
      '.plugbench/**',
      'test-artifacts/**',
      // Fixtures that are broken on purpose (a plugin that does not compile).
      'test/**/fixtures/broken-*',
    ],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        // Node and browser code share the repository; TypeScript checks which globals exist where.
        console: 'readonly',
        process: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        __filename: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        globalThis: 'readonly',
        fetch: 'readonly',
      },
    },
    plugins: { 'import-x': importX },
    rules: {
      'no-restricted-syntax': ['error', ...PRIVATE_SYNTAX],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // Terminal colours and NUL bytes are matched on purpose (ANSI codes in reporters, binary checks).
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js', '.mjs', '.json'] })],
    },
  },
  // TypeScript, with types: promises must be handled, type-only imports said so.
  {
    files: TS,
    languageOptions: {
      // One program over the whole repository (the root tsconfig.json includes every TypeScript folder): one type
      // check's worth of work instead of one per environment's project.
      parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-undef': 'off', // TypeScript knows the globals of each project.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // `import('vscode')` in a type stays allowed: it is how host code names vscode's types without loading it.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-import-type-side-effects': 'error',
    },
  },
  // The layers (what test/extension/boundaries.test.ts pinned by regex). Later entries override earlier ones for the
  // same files, so each lists all it refuses.
  { files: ['sdk/src/**/*.ts'], rules: restrictImports(NO_REACHING_IN, NO_HARNESS, NO_VIEW, NO_EXTENSION, NO_VSCODE) },
  {
    files: ['sdk/src/contract/**/*.ts', 'sdk/src/timeline/**/*.ts'],
    rules: restrictImports(NO_REACHING_IN, NO_HARNESS, NO_VIEW, NO_EXTENSION, NO_VSCODE, NO_NODE),
  },
  // The view: view/src (and harness/src/view, where it lived before its own package).
  { files: ['view/src/**/*.ts', 'harness/src/view/**/*.ts'], rules: restrictImports(VIEW_ONLY_TIMELINE) },
  {
    files: ['harness/src/**/*.ts', 'harness/bin/**/*.js'],
    ignores: ['harness/src/view/**'],
    rules: restrictImports(NO_REACHING_IN, NO_EXTENSION, NO_VSCODE),
  },
  { files: ['extension/webview/**/*.ts'], rules: restrictImports(WEBVIEW_ONLY) },
  // The extension host: `vscode` as types anywhere, as a value only in extension.ts; never the runner process.
  {
    files: ['extension/src/**/*.ts'],
    rules: restrictImports(
      NO_REACHING_IN,
      NO_RUNNER_PROCESS,
      refuse(NO_VSCODE.regex, 'only extension/src/extension.ts imports `vscode` as a value', true),
    ),
  },
  { files: ['extension/src/extension.ts'], rules: restrictImports(NO_REACHING_IN, NO_RUNNER_PROCESS) },
  // The pure parts of the extension: no vscode, not even its types.
  {
    files: ['extension/src/core/**/*.ts', 'extension/src/session/**/*.ts'],
    rules: {
      ...restrictImports(NO_REACHING_IN, NO_RUNNER_PROCESS, NO_VSCODE),
      ...restrictSyntax(PRIVATE_SYNTAX, NO_VSCODE_TYPE_SYNTAX),
    },
  },
  {
    files: ['extension/src/protocol/**/*.ts', 'harness/src/runner/protocol/**/*.ts'],
    rules: { ...restrictImports(PROTOCOL_ONLY), ...restrictSyntax(PRIVATE_SYNTAX, NO_VSCODE_TYPE_SYNTAX) },
  },
  // The runner process, a child of the CLI and of the extension host; and the client that forks it.
  {
    files: ['harness/src/runner/process/**/*.ts'],
    rules: { ...restrictImports(RUNNER_PROCESS_ONLY), ...restrictSyntax(PRIVATE_SYNTAX, NO_VSCODE_TYPE_SYNTAX) },
  },
  {
    files: ['harness/src/runner/client/**/*.ts'],
    rules: { ...restrictImports(RUNNER_CLIENT_ONLY), ...restrictSyntax(PRIVATE_SYNTAX, NO_VSCODE_TYPE_SYNTAX) },
  },
  // Everything else that is not extension host code: examples, bench, scripts, and tests outside test/vscode.
  {
    files: ['examples/**', 'bench/**', 'scripts/**', 'test/**'],
    ignores: ['test/vscode/**', 'test/extension/**'],
    rules: restrictImports(NO_VSCODE),
  },
  // JavaScript (build scripts, benches): no type information; CommonJS where the file says so.
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  { files: ['**/*.js', '**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  // Scripts whose functions run in a browser page (handed to Playwright's evaluate).
  {
    files: ['bench/webview-paint.mjs', 'scripts/vscode/automation.cjs'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', requestAnimationFrame: 'readonly' },
    },
  },
  prettier,
);

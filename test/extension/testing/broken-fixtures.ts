// Broken fixtures the Test Explorer tests share (unit tests and the real VS Code suite).

/**
 * A fixture whose task id `a` is written twice (on lines 3 and 8, the repeat's value at column 9) while the file has
 * a schema error besides (`retries: many`, line 5); `second` names the task between them.
 */
export function duplicateIdFixture(module: string, second = 'b'): string {
  return [
    `plugin: { module: ${module} }`,
    'tasks:',
    '  - id: a',
    '    type: echo',
    '    retries: many',
    `  - id: ${second}`,
    '    type: echo',
    '  - id: a',
    '    type: echo',
    '',
  ].join('\n');
}

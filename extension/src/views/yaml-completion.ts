/**
 * Completion for YAML fixtures from the fixture JSON Schema (JSON fixtures get theirs from VS Code's JSON language
 * service through `contributes.jsonValidation`). Works without the YAML extension, and never writes `yaml.schemas`
 * into the user's settings.
 *
 * @module
 */
import { schemaCompletions, yamlCursor, type JsonSchema } from '../core/yaml-complete';
import type { CompletionItem, CompletionItemProvider, Position, TextDocument, VSCode } from '../vscode-types';

/** The provider. */
export class YamlFixtureCompletion implements CompletionItemProvider {
  readonly #vscode: VSCode;
  readonly #schema: () => JsonSchema | undefined;
  readonly #isFixture: (document: TextDocument) => boolean;
  constructor(vscode: VSCode, schema: () => JsonSchema | undefined, isFixture: (document: TextDocument) => boolean) {
    this.#vscode = vscode;
    this.#schema = schema;
    this.#isFixture = isFixture;
  }

  provideCompletionItems(document: TextDocument, position: Position): CompletionItem[] {
    const schema = this.#schema();
    if (!schema || !this.#isFixture(document)) return [];
    const cursor = yamlCursor(document.getText(), position.line, position.character);
    if (!cursor) return [];
    const v = this.#vscode;
    const range = new v.Range(
      position.line,
      position.character - cursor.prefix.length,
      position.line,
      position.character,
    );
    return schemaCompletions(schema, cursor).map((c) => {
      const item = new v.CompletionItem(
        c.label,
        c.kind === 'property' ? v.CompletionItemKind.Property : v.CompletionItemKind.EnumMember,
      );
      item.insertText = c.kind === 'property' ? new v.SnippetString(c.insert) : c.insert;
      item.range = range;
      if (c.detail) item.detail = c.detail;
      if (c.documentation) item.documentation = new v.MarkdownString(c.documentation);
      // Required keys first.
      item.sortText = `${c.required ? '0' : '1'}${c.label}`;
      // After a key, offer what goes below it or after it.
      if (c.kind === 'property') item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
      return item;
    });
  }
}

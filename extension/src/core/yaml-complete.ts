/**
 * Completion in YAML fixtures from the fixture JSON Schema, without the YAML extension: where the cursor is (the
 * path of keys and list indices, found by parsing the document with a marker at the cursor, so flow style, comments
 * and anchors need no hand-written indentation rules), then what the schema allows there (keys not yet written,
 * with their descriptions; enum values; booleans).
 *
 * @module
 */
import { isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';

/** A JSON Schema node (the subset the fixture schema uses). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
}

/** Where the cursor is. */
export interface YamlCursor {
  /** `key`: a key is being typed; `value`: the value of `key`, or a list item. */
  mode: 'key' | 'value';
  /** Path of the mapping (key mode) or of the value (value mode). */
  path: (string | number)[];
  /** What is typed so far. */
  prefix: string;
  /** Keys already in the mapping (key mode). */
  siblings: string[];
}

/** A completion to offer. */
export interface SchemaCompletion {
  label: string;
  kind: 'property' | 'value';
  /** Snippet text to insert (`\t` is one indentation step, `$0` the cursor). */
  insert: string;
  detail?: string;
  documentation?: string;
  required?: boolean;
}

const MARK = '__plugbench_cursor__';

/** Finds the path of the marker in a parsed document. */
function findMarker(
  node: unknown,
  path: (string | number)[],
): { path: (string | number)[]; siblings: string[]; asKey: boolean } | undefined {
  if (isMap(node)) {
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const key = isScalar(item.key) ? String(item.key.value) : undefined;
      if (key === MARK) {
        const siblings = node.items
          .map((p) => (isPair(p) && isScalar(p.key) ? String(p.key.value) : ''))
          .filter((k) => k && k !== MARK);
        return { path, siblings, asKey: true };
      }
      if (isScalar(item.value) && item.value.value === MARK && key !== undefined)
        return { path: [...path, key], siblings: [], asKey: false };
      if (key !== undefined) {
        const found = findMarker(item.value, [...path, key]);
        if (found) return found;
      }
    }
  } else if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const it = node.items[i];
      if (isScalar(it) && it.value === MARK) return { path: [...path, i], siblings: [], asKey: false };
      const found = findMarker(it, [...path, i]);
      if (found) return found;
    }
  }
  return undefined;
}

/** Where the cursor is in YAML `text` (0-based line and character); `undefined` where nothing can be offered. */
export function yamlCursor(text: string, line: number, character: number): YamlCursor | undefined {
  const lines = text.split(/\r?\n/);
  const current = lines[line] ?? '';
  const before = current.slice(0, character);
  let replaced: string;
  let mode: 'key' | 'value';
  let prefix: string;
  let m: RegExpExecArray | null;
  if ((m = /^(\s*(?:-\s+)?)([\w$.-]*)$/.exec(before))) {
    // Typing a key (or a list item: the schema decides whether a key or a value fits).
    prefix = m[2]!;
    replaced = `${m[1]}${MARK}: 0`;
    mode = 'key';
  } else if ((m = /^(\s*(?:-\s+)?[\w$.-]+:\s+)(["']?)([^"'#]*)$/.exec(before))) {
    prefix = m[3]!;
    replaced = `${m[1]}${MARK}`;
    mode = 'value';
  } else {
    return undefined;
  }
  lines[line] = replaced;
  const doc = parseDocument(lines.join('\n'), { uniqueKeys: false, strict: false });
  let found = findMarker(doc.contents, []);
  if (!found && mode === 'key') {
    // `- ` followed by a scalar: a list item's value.
    const item = /^(\s*-\s+)$/.exec(before.slice(0, before.length - prefix.length));
    if (item) {
      lines[line] = `${item[1]}${MARK}`;
      found = findMarker(parseDocument(lines.join('\n'), { uniqueKeys: false, strict: false }).contents, []);
      if (found) mode = 'value';
    }
  }
  if (!found) return undefined;
  if (found.asKey) return { mode: 'key', path: found.path, prefix, siblings: found.siblings };
  return { mode: 'value', path: found.path, prefix, siblings: [] };
}

/** Resolves `$ref` and flattens `allOf`/`anyOf`/`oneOf` into the alternatives a value may match. */
function alternatives(root: JsonSchema, s: JsonSchema | undefined, depth = 0): JsonSchema[] {
  if (!s || depth > 20) return [];
  if (s.$ref) {
    const m = /^#\/(\$defs|definitions)\/(.+)$/.exec(s.$ref);
    const target = m
      ? (m[1] === '$defs' ? root.$defs : root.definitions)?.[decodeURIComponent(m[2]!)]
      : s.$ref === '#'
        ? root
        : undefined;
    return alternatives(root, target, depth + 1);
  }
  const out: JsonSchema[] = [s];
  for (const sub of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
    out.push(...alternatives(root, sub, depth + 1));
  return out;
}

/** The schema alternatives at `path`. */
export function schemaAt(root: JsonSchema, path: readonly (string | number)[]): JsonSchema[] {
  let current = alternatives(root, root);
  for (const key of path) {
    const next: JsonSchema[] = [];
    for (const s of current) {
      if (typeof key === 'number') {
        if (s.items) next.push(...alternatives(root, s.items));
      } else if (s.properties && key in s.properties) {
        next.push(...alternatives(root, s.properties[key]));
      } else if (typeof s.additionalProperties === 'object') {
        next.push(...alternatives(root, s.additionalProperties));
      }
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

function typeLabel(root: JsonSchema, s: JsonSchema): string | undefined {
  const alts = alternatives(root, s);
  const types = new Set<string>();
  for (const a of alts) {
    if (a.enum) types.add(a.enum.map((e) => JSON.stringify(e)).join(' | '));
    else if (a.const !== undefined) types.add(JSON.stringify(a.const));
    else if (typeof a.type === 'string') types.add(a.type);
    else if (Array.isArray(a.type)) a.type.forEach((t) => types.add(t));
  }
  return types.size ? [...types].join(' | ') : undefined;
}

/** What the schema allows at the cursor. */
export function schemaCompletions(root: JsonSchema, cursor: YamlCursor): SchemaCompletion[] {
  const nodes = schemaAt(root, cursor.path);
  const out = new Map<string, SchemaCompletion>();
  if (cursor.mode === 'key') {
    for (const s of nodes) {
      for (const [key, prop] of Object.entries(s.properties ?? {})) {
        if (cursor.siblings.includes(key) || key === '$schema' || out.has(key)) continue;
        const alts = alternatives(root, prop);
        const isObject = alts.some((a) => a.type === 'object' || a.properties);
        const isArray = alts.some((a) => a.type === 'array');
        const detail = typeLabel(root, prop);
        const doc = alts.find((a) => a.description)?.description;
        out.set(key, {
          label: key,
          kind: 'property',
          // A snippet: objects and lists continue indented on the next line, scalars after a space.
          insert: isArray && !isObject ? `${key}:\n\t- $0` : isObject ? `${key}:\n\t$0` : `${key}: $0`,
          ...(detail ? { detail } : {}),
          ...(doc ? { documentation: doc } : {}),
          required: (s.required ?? []).includes(key),
        });
      }
    }
  }
  // Values: for a value position, and for a list item whose items are scalars.
  if (cursor.mode === 'value' || out.size === 0) {
    for (const s of nodes) {
      for (const a of alternatives(root, s)) {
        const values = a.enum ?? (a.const !== undefined ? [a.const] : a.type === 'boolean' ? [true, false] : []);
        for (const v of values) {
          const label = typeof v === 'string' ? v : JSON.stringify(v);
          if (!out.has(label))
            out.set(label, {
              label,
              kind: 'value',
              insert: label,
              ...(a.description ? { documentation: a.description } : {}),
            });
        }
      }
    }
  }
  return [...out.values()].filter(
    (c) => c.label.toLowerCase().startsWith(cursor.prefix.toLowerCase()) || cursor.prefix === '',
  );
}

/**
 * Go `pluginmachinery/core/template` (`template.go`, `Render`): evaluates the templates of a command line
 * (`{{ .Input }}`, `{{ .OutputPrefix }}`, `{{ .Inputs.x }}`, ...), case-insensitively, with `.` or `$`.
 *
 * @module
 */
import type { InputReader, OutputWriter } from '../contract/io';
import type { TaskExecutionMetadata } from '../contract/exec-context';
import type { LiteralMap } from '../idl/index';
import { serializeLiteral } from './serialize';

/** Go `core.TaskTemplatePath`: where an offloaded copy of the task template is. */
export interface TaskTemplatePath {
  /** Go `Path`. */
  path(): Promise<string>;
}

/** The output paths a template reads (Go `io.OutputFilePaths`, the part `Render` uses). */
export type OutputFilePaths = Pick<
  OutputWriter,
  'getOutputPrefixPath' | 'getRawOutputPrefix' | 'getCheckpointPrefix' | 'getPreviousCheckpointsPrefix'
>;

/** Go `template.Parameters`. */
export interface Parameters {
  /** Go `TaskExecMetadata`: the generated name (`PerRetryUniqueKey`) and the namespace. */
  taskExecMetadata: Pick<TaskExecutionMetadata, 'getTaskExecutionID' | 'getNamespace'>;
  /** Go `Inputs`. */
  inputs: InputReader;
  /** Go `OutputPath`. */
  outputPath: OutputFilePaths;
  /** Go `Task`: only read when a template names `{{ .TaskTemplatePath }}`. */
  task?: TaskTemplatePath;
}

const re = (name: string) => new RegExp(String.raw`{{\s*[.$]${name}\s*}}`, 'gi');
const inputFileRegex = re('Input');
const inputPrefixRegex = re('InputPrefix');
const outputRegex = re('OutputPrefix');
const inputVarRegex = /{{\s*[.$]Inputs\.([^}\s]+)\s*}}/gi;
const rawOutputDataPrefixRegex = re('RawOutputDataPrefix');
const perRetryUniqueKeyRegex = re('PerRetryUniqueKey');
const taskTemplateRegex = re('TaskTemplatePath');
const prevCheckpointPrefixRegex = re('PrevCheckpointPrefix');
const currCheckpointPrefixRegex = re('CheckpointOutputPrefix');
const namespaceRegex = re('Namespace');

/** Go `ErrorCollection`: every input a template could not fill, one line each (`0: ...\r\n`). */
export class ErrorCollection extends Error {
  /** The errors, in the order the templates were met. */
  readonly errors: Error[];
  constructor(errors: Error[]) {
    super(errors.map((e, i) => `${i}: ${e.message}\r\n`).join(''));
    this.name = 'ErrorCollection';
    this.errors = errors;
  }
}

/** Go's `perRetryUniqueKey`: the generated name, starting with a letter, only letters, digits and `_`. */
export function perRetryUniqueKey(generatedName: string): string {
  return generatedName.replace(/^[^a-zA-Z_]+/, 'a').replace(/[^a-zA-Z0-9_]+/g, '_');
}

/** Go `replacementValues`: computed once per {@link render} call. */
interface ReplacementValues {
  inputFile: string;
  inputPrefix: string;
  outputPrefix: string;
  rawOutputDataPrefix: string;
  prevCheckpointPrefix: string;
  checkpointOutputPrefix: string;
  perRetryUniqueKey: string;
}

function replacementValues(params: Parameters): ReplacementValues {
  const prev = params.outputPath.getPreviousCheckpointsPrefix();
  return {
    inputFile: params.inputs.getInputPath(),
    inputPrefix: params.inputs.getInputPrefixPath(),
    outputPrefix: params.outputPath.getOutputPrefixPath(),
    rawOutputDataPrefix: params.outputPath.getRawOutputPrefix(),
    prevCheckpointPrefix: prev === '' ? '""' : prev,
    checkpointOutputPrefix: params.outputPath.getCheckpointPrefix(),
    perRetryUniqueKey: perRetryUniqueKey(params.taskExecMetadata.getTaskExecutionID().getGeneratedName()),
  };
}

// A replacement string would interpret `$&` and the like; a function inserts the value as is, as Go's
// ReplaceAllString does for values without `$`.
const literally = (value: string) => () => value;

/** Go `render`: one string. */
async function renderOne(template: string, params: Parameters, v: ReplacementValues): Promise<string> {
  let val = template
    .replace(inputFileRegex, literally(v.inputFile))
    .replace(outputRegex, literally(v.outputPrefix))
    .replace(inputPrefixRegex, literally(v.inputPrefix))
    .replace(rawOutputDataPrefixRegex, literally(v.rawOutputDataPrefix))
    .replace(prevCheckpointPrefixRegex, literally(v.prevCheckpointPrefix))
    .replace(currCheckpointPrefixRegex, literally(v.checkpointOutputPrefix))
    .replace(perRetryUniqueKeyRegex, literally(v.perRetryUniqueKey));
  // Only read when named: offloading the template may be expensive.
  if (new RegExp(taskTemplateRegex).test(val)) {
    if (params.task === undefined)
      throw new Error('the template names {{ .TaskTemplatePath }} and no task template path was given');
    val = val.replace(taskTemplateRegex, literally(await params.task.path()));
  }
  // The namespace last: the other values may embed it.
  val = val.replace(namespaceRegex, literally(params.taskExecMetadata.getNamespace()));
  if (!new RegExp(inputVarRegex).test(val)) return val;
  return renderInputs(val, params.inputs);
}

async function renderInputs(val: string, reader: InputReader): Promise<string> {
  let inputs: LiteralMap;
  try {
    inputs = await reader.get();
  } catch (e) {
    throw new Error(`unable to read inputs: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  // Go returns the string unchanged for a map without literals (its nil map; protobuf-es has no nil map).
  if (Object.keys(inputs.literals).length === 0) return val;
  const errors: Error[] = [];
  const out = val.replace(inputVarRegex, (s: string, name: string) => {
    try {
      return transformVarNameToStringVal(name, inputs);
    } catch (e) {
      errors.push(new Error(`input template [${s}]: ${(e as Error).message}`, { cause: e }));
      return '';
    }
  });
  if (errors.length > 0) throw new ErrorCollection(errors);
  return out;
}

/** Go `transformVarNameToStringVal`. */
function transformVarNameToStringVal(name: string, inputs: LiteralMap): string {
  const literal = inputs.literals[name];
  if (literal === undefined) throw new Error(`requested input is not found [${name}]`);
  try {
    return serializeLiteral(literal);
  } catch (e) {
    throw new Error(`failed to bind a value to inputName [${name}]: ${(e as Error).message}`, { cause: e });
  }
}

/**
 * Go `template.Render`: each string of `inputTemplate` with its templates evaluated. A string that is not a valid
 * template is returned as is. Rejects when an `{{ .Inputs.x }}` names a missing input or one that cannot be
 * serialized (an {@link ErrorCollection}), or when the inputs cannot be read.
 */
export async function render(inputTemplate: readonly string[], params: Parameters): Promise<string[]> {
  if (inputTemplate.length === 0) return [];
  const values = replacementValues(params);
  const out: string[] = [];
  for (const t of inputTemplate) out.push(await renderOne(t, params, values));
  return out;
}

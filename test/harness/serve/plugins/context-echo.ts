// A plugin for the serve tests that succeeds at once with one string output, `seen`: the JSON of what its task
// execution context says about the namespace, the environment variables and the output paths, so that a GetTask
// shows what a CreateTask request's fields became.
import type { JsonObject } from '@bufbuild/protobuf';
import {
  doTransition,
  newInMemoryOutputReader,
  phaseInfoSuccess,
  type PluginEntry,
  type TaskExecutionContext,
  type Transition,
} from '@plugbench/sdk';
import { primitiveLiterals } from '../../../support/literals';

/** The typed interface of the echo task: one string output `seen`. */
export const ECHO_INTERFACE: JsonObject = { outputs: { variables: { seen: { type: { simple: 'STRING' } } } } };

async function handle(tCtx: TaskExecutionContext): Promise<Transition> {
  const md = tCtx.taskExecutionMetadata();
  const w = tCtx.outputWriter();
  const seen = JSON.stringify({
    namespace: md.getNamespace(),
    environmentVariables: md.getEnvironmentVariables(),
    outputPrefix: w.getOutputPrefixPath(),
    outputPath: w.getOutputPath(),
    errorPath: w.getErrorPath(),
  });
  await w.put(newInMemoryOutputReader(primitiveLiterals({ seen })));
  return doTransition(phaseInfoSuccess());
}

/** The echo plugin's entry (task type `context-echo`). */
export const contextEchoEntry: PluginEntry = {
  id: 'context-echo',
  registeredTaskTypes: ['context-echo'],
  loadPlugin: async () => ({
    getID: () => 'context-echo',
    getProperties: () => ({}),
    handle,
    abort: () => {},
    finalize: () => {},
  }),
};

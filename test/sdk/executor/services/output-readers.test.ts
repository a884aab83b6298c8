// Output readers as Go's ioutils: in-memory and remote file, the size limit, error documents, and the helpers that
// write outputs and error documents.
import assert from 'node:assert/strict';
import {
  ContainerError_Kind,
  create,
  DefaultMaxPayloadSizeBytes,
  ErrorDocumentSchema,
  ExecutionError_ErrorKind,
  ExecutionErrorSchema,
  InMemoryDataStore,
  LiteralMapSchema,
  newInMemoryOutputReader,
  newRemoteFileOutputReader,
  NotFoundError,
  type OutputFilePaths,
  OutputSizeExceededError,
  PlugbenchErrorCode,
  protobufSize,
  readProtobuf,
  writeErrorDocument,
  writeOutputs,
  writeProtobuf,
  writeReaderToFiles,
} from '@plugbench/sdk';
import { primitiveLiterals, primitiveOf } from '../../../support/literals';

const paths: OutputFilePaths = {
  getOutputPath: () => 'mem://b/n0/data/0/outputs.pb',
  getErrorPath: () => 'mem://b/n0/data/0/error.pb',
};
const userError = (recoverable: boolean) => ({
  isRecoverable: recoverable,
  error: create(ExecutionErrorSchema, {
    code: 'BadInput',
    message: 'x must be positive',
    kind: ExecutionError_ErrorKind.USER,
  }),
});

describe('io: InMemoryOutputReader (Go ioutils.NewInMemoryOutputReader)', () => {
  it('outputs: exists, not a file, no error; size is the protobuf binary size', async () => {
    const outputs = primitiveLiterals({ o0: 'hello' });
    const r = newInMemoryOutputReader(outputs);
    assert.equal(await r.exists(), true);
    assert.equal(r.isFile(), false);
    assert.equal(await r.isError(), false);
    assert.equal(await r.size(), protobufSize(LiteralMapSchema, outputs));
    assert.equal(primitiveOf((await r.read()).outputs, 'o0'), 'hello');
    await assert.rejects(r.readError(), NotFoundError);
  });

  it('an error: isError, readError gives it; nothing exists; size 0', async () => {
    const r = newInMemoryOutputReader(undefined, userError(true));
    assert.equal(await r.isError(), true);
    assert.equal(await r.exists(), false);
    assert.equal(await r.size(), 0);
    const e = await r.readError();
    assert.equal(e.isRecoverable, true);
    assert.equal(e.error.code, 'BadInput');
  });

  it('holds copies: changing the map after creating the reader changes nothing', async () => {
    const outputs = primitiveLiterals({ o0: 'before' });
    const r = newInMemoryOutputReader(outputs);
    outputs.literals = primitiveLiterals({ o0: 'after' }).literals;
    assert.equal(primitiveOf((await r.read()).outputs, 'o0'), 'before');
  });
});

describe('io: RemoteFileOutputReader (Go ioutils.NewRemoteFileOutputReader)', () => {
  let store: InMemoryDataStore;
  beforeEach(() => {
    store = new InMemoryDataStore();
  });

  it('reads outputs.pb: exists, is a file, size is the blob size', async () => {
    const r = newRemoteFileOutputReader(store, paths, 1024);
    assert.equal(await r.exists(), false, 'nothing written yet');
    assert.equal(await r.size(), 0);
    await writeOutputs(store, paths, primitiveLiterals({ o0: 'hi' }));
    assert.equal(r.isFile(), true);
    assert.equal(await r.exists(), true);
    assert.equal(await r.size(), (await store.head(paths.getOutputPath())).size);
    assert.equal(primitiveOf((await r.read()).outputs, 'o0'), 'hi');
  });

  it('exists() rejects with OutputSizeExceededError (code OutputSizeExceeded) when outputs.pb is over the maximum', async () => {
    const outputs = primitiveLiterals({ o0: 'x'.repeat(200) });
    await writeOutputs(store, paths, outputs);
    const size = protobufSize(LiteralMapSchema, outputs);
    assert.equal(await newRemoteFileOutputReader(store, paths, size).exists(), true, 'exactly the maximum is fine');
    await assert.rejects(newRemoteFileOutputReader(store, paths, size - 1).exists(), (e: unknown) => {
      assert.ok(e instanceof OutputSizeExceededError);
      assert.equal(e.code, PlugbenchErrorCode.OutputSizeExceeded);
      assert.equal(e.size, size);
      assert.equal(e.maxSize, size - 1);
      assert.equal(
        e.message,
        `output file @[${paths.getOutputPath()}] is too large [${size}] bytes, max allowed [${size - 1}] bytes`,
      );
      return true;
    });
  });

  it('a maximum of 0 means the 2 MiB storage default, as in Go', async () => {
    assert.equal(newRemoteFileOutputReader(store, paths, 0).maxPayloadSize, DefaultMaxPayloadSizeBytes);
    assert.equal(DefaultMaxPayloadSizeBytes, 2 * 1024 * 1024);
  });

  it('isError() is true when error.pb exists, whatever outputs.pb holds; readError maps RECOVERABLE', async () => {
    const r = newRemoteFileOutputReader(store, paths, 1024);
    assert.equal(await r.isError(), false);
    await writeOutputs(store, paths, primitiveLiterals({ o0: 'hi' }));
    await writeErrorDocument(store, paths, userError(true));
    assert.equal(await r.isError(), true, 'an error document is there next to the outputs');
    const e = await r.readError();
    assert.equal(e.isRecoverable, true);
    assert.equal(e.error.code, 'BadInput');
    assert.equal(e.error.message, 'x must be positive');
    assert.equal(e.error.kind, ExecutionError_ErrorKind.USER, 'the kind is the container error origin');
    await writeErrorDocument(store, paths, userError(false));
    assert.equal((await r.readError()).isRecoverable, false);
  });

  it('readError: a missing error.pb is a recoverable SYSTEM ErrorFileNotFound', async () => {
    const e = await newRemoteFileOutputReader(store, paths, 1024).readError();
    assert.equal(e.isRecoverable, true);
    assert.equal(e.error.code, 'ErrorFileNotFound');
    assert.equal(e.error.kind, ExecutionError_ErrorKind.SYSTEM);
  });

  it('readError: a document without an error is a recoverable SYSTEM ErrorFileBadFormat', async () => {
    await writeProtobuf(store, paths.getErrorPath(), ErrorDocumentSchema, create(ErrorDocumentSchema, {}));
    const e = await newRemoteFileOutputReader(store, paths, 1024).readError();
    assert.equal(e.isRecoverable, true);
    assert.equal(e.error.code, 'ErrorFileBadFormat');
    assert.equal(e.error.kind, ExecutionError_ErrorKind.SYSTEM);
    assert.equal(e.error.message, `error not formatted correctly, nil error @path [${paths.getErrorPath()}]`);
  });

  it('an oversized error.pb reads as "no error", as Go (Wrapf of a nil error); optionally it rejects', async () => {
    await writeErrorDocument(store, paths, {
      isRecoverable: false,
      error: create(ExecutionErrorSchema, { code: 'E', message: 'm'.repeat(100) }),
    });
    assert.equal(await newRemoteFileOutputReader(store, paths, 10).isError(), false);
    await assert.rejects(
      newRemoteFileOutputReader(store, paths, 10, { rejectOversizedErrorFile: true }).isError(),
      OutputSizeExceededError,
    );
  });

  it('read: an outputs.pb without literals is a recoverable "No outputs produced"; a missing one rejects', async () => {
    const r = newRemoteFileOutputReader(store, paths, 1024);
    await assert.rejects(r.read(), /failed to read data from dataDir/);
    await writeOutputs(store, paths, create(LiteralMapSchema, {}));
    const { outputs, error } = await r.read();
    assert.equal(outputs, undefined);
    assert.equal(error?.isRecoverable, true);
    assert.equal(error?.error.code, 'No outputs produced');
  });
});

describe('io: writing outputs and error documents', () => {
  it('writeErrorDocument writes an ErrorDocument with the kind from isRecoverable and the origin from the kind', async () => {
    const store = new InMemoryDataStore();
    await writeErrorDocument(store, paths, userError(false));
    const doc = await readProtobuf(store, paths.getErrorPath(), ErrorDocumentSchema);
    assert.equal(doc.error?.kind, ContainerError_Kind.NON_RECOVERABLE);
    assert.equal(doc.error?.origin, ExecutionError_ErrorKind.USER);
    assert.equal(doc.error?.code, 'BadInput');
  });

  it('writeReaderToFiles (Go RemoteFileOutputWriter.Put): the error if any, else the outputs, else rejects', async () => {
    const store = new InMemoryDataStore();
    await writeReaderToFiles(store, paths, newInMemoryOutputReader(primitiveLiterals({ o0: 'v' })));
    assert.equal(primitiveOf(await readProtobuf(store, paths.getOutputPath(), LiteralMapSchema), 'o0'), 'v');
    assert.equal((await store.head(paths.getErrorPath())).exists, false);
    await writeReaderToFiles(store, paths, newInMemoryOutputReader(primitiveLiterals({ o0: 'v' }), userError(true)));
    assert.equal((await store.head(paths.getErrorPath())).exists, true, 'the error takes precedence');
    await assert.rejects(writeReaderToFiles(store, paths, newInMemoryOutputReader()), /no data found to write/);
  });
});

/**
 * Plugin-facing io helpers, Go's `pluginmachinery/ioutils`: output readers to hand to `OutputWriter.put`, and
 * helpers to read and write protobuf blobs, outputs and error documents in the data store.
 *
 * @module
 */
export * from './errors';
export * from './paths';
export * from './protobuf-store';
export * from './output-reader';
export * from './output-files';

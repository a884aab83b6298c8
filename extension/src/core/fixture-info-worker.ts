/**
 * The worker thread that reads fixtures for the extension host ({@link describeFixture} off the host's thread): a
 * large or hostile fixture takes from hundreds of milliseconds to seconds to parse, which on the host's thread would
 * freeze every extension. Bundled on its own as `dist/extension/fixture-info-worker.js`; the host talks to it
 * through `FixtureParser` (fixture-parser.ts), one request at a time.
 *
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { describeFixture, type FixtureInfo } from './fixture-info';

/** A fixture to read: its text and absolute path. */
export interface FixtureParseRequest {
  id: number;
  text: string;
  file: string;
}

/** What {@link describeFixture} made of a request (plain data: it crosses threads by structured clone). */
export interface FixtureParseReply {
  id: number;
  info: FixtureInfo;
}

// Only as a worker: imported for its types on the host's side, this module does nothing.
parentPort?.on('message', (req: FixtureParseRequest) => {
  const reply: FixtureParseReply = { id: req.id, info: describeFixture(req.text, req.file) };
  parentPort?.postMessage(reply);
});

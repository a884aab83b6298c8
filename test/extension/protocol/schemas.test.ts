// The protocol's schemas: what the webview and the runner may send.
import assert from 'node:assert/strict';
import {
  RUNNER_PROTOCOL,
  RecordDecoder,
  RecordEncoder,
  parseRunnerMessage,
  readRecordBatch,
} from '@plugbench/harness/runner';
import { parsePanelState, parseWebviewMessage } from '../../../extension/src/protocol/webview-parse';

describe('message validation', () => {
  it('accepts the webview messages of the protocol and nothing else', () => {
    assert.equal(
      parseWebviewMessage({
        type: 'intent',
        intent: { type: 'runToEnd', breakpoints: [{ kind: 'phase', phase: 'Success' }] },
      }).ok,
      true,
    );
    assert.equal(
      parseWebviewMessage({ type: 'ready', state: { fixture: '/f', rounds: 3, ui: { cursor: 2 } } }).ok,
      true,
    );
    for (const bad of [
      { type: 'intent', intent: { type: 'runToEnd', breakpoints: [{ kind: 'phase', phase: 'Sucess' }] } },
      { type: 'intent', intent: { type: 'seek', call: -2 } },
      { type: 'intent', intent: { type: 'seek', call: 1.5 } },
      { type: 'command', command: 'exec' },
      { type: 'ready', state: { fixture: '', rounds: 0 } },
      { type: 'eval', code: '1' },
      null,
    ]) {
      const r = parseWebviewMessage(bad);
      assert.equal(r.ok, false, JSON.stringify(bad));
    }
  });
  it('reads only valid saved panel states', () => {
    assert.deepEqual(parsePanelState({ fixture: '/f', rounds: 2 }), { fixture: '/f', rounds: 2 });
    assert.equal(parsePanelState({ fixture: '/f', rounds: -1 }), undefined);
    assert.equal(parsePanelState('x'), undefined);
  });
  it('validates runner messages, including every timeline record', () => {
    assert.equal(parseRunnerMessage({ type: 'progress', rounds: 3 }).ok, true);
    const batch = new RecordEncoder().encode([{ v: 1, seq: 0, at: 0, kind: 'call', task: 'a' }]);
    assert.equal(parseRunnerMessage({ type: 'records', batch }).ok, true, 'the envelope follows the protocol');
    const bad = readRecordBatch(new RecordDecoder(), batch);
    assert.equal(bad.ok, false, 'its record does not follow the timeline schema');
    assert.match((bad as { error: string }).error, /records\[0\]/);
    assert.equal(parseRunnerMessage({ type: 'records', records: [] }).ok, false, 'records travel encoded');
    assert.equal(parseRunnerMessage({ type: 'result', id: 1, ok: false }).ok, false);
    assert.equal(parseRunnerMessage({ type: 'hello', protocol: RUNNER_PROTOCOL, pid: 1, node: 'v20' }).ok, true);
  });
});

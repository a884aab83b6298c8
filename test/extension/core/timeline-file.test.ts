// Recorded timelines (NDJSON) opened in the panel.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readTimelineText } from '../../../extension/src/core/timeline-file';
import { ROOT } from '../support';

describe('timeline files', () => {
  it('open golden timelines, whose canonical projection drops seq and wall times', () => {
    const dir = path.join(ROOT, 'examples/golden');
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ndjson')) : [];
    for (const f of files) {
      const records = readTimelineText(fs.readFileSync(path.join(dir, f), 'utf8'), f);
      assert.ok(
        records.some((r) => r.kind === 'call'),
        f,
      );
      assert.deepEqual(
        records.map((r) => r.seq),
        records.map((_, i) => i),
        f,
      );
    }
  });
  it('say which line is wrong', () => {
    assert.throws(
      () => readTimelineText('{"v":1,"kind":"run.started"}\nnot json\n', 't.ndjson'),
      (e: Error) => /t\.ndjson:1 \$\.seed/.test(e.message) && /t\.ndjson:2 \$: not JSON/.test(e.message),
    );
  });
});

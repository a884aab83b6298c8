// The NDJSON codec of timelines: golden files (their canonical projection) read with `{ golden: true }`.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTimeline } from '@plugbench/sdk/timeline';

const GOLDEN_DIR = path.resolve(__dirname, '../../../examples/golden');
const goldenFiles = fs.readdirSync(GOLDEN_DIR).filter((f) => f.endsWith('.ndjson'));

describe('timeline codec', () => {
  it('reads golden timelines with { golden: true }: seq is the index, the dropped wall times are filled', () => {
    assert.ok(goldenFiles.length > 0, `no golden timelines in ${GOLDEN_DIR}`);
    for (const f of goldenFiles) {
      const records = parseTimeline(fs.readFileSync(path.join(GOLDEN_DIR, f), 'utf8'), f, { golden: true });
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
  it('rejects a golden timeline without the option: seq is missing', () => {
    const f = goldenFiles[0];
    assert.ok(f);
    assert.throws(
      () => parseTimeline(fs.readFileSync(path.join(GOLDEN_DIR, f), 'utf8'), f),
      (e: Error) => new RegExp(`${f.replace(/\./g, '\\.')}:1 \\$\\.seq`).test(e.message),
    );
  });
  it('says which line is wrong, golden or not', () => {
    assert.throws(
      () => parseTimeline('{"v":1,"kind":"run.started"}\nnot json\n', 't.ndjson', { golden: true }),
      (e: Error) => /t\.ndjson:1 \$\.seed/.test(e.message) && /t\.ndjson:2 \$: not JSON/.test(e.message),
    );
  });
});

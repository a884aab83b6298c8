// The extension host reads fixtures in a worker thread (the bundled dist/extension/fixture-info-worker.js): the
// same result as on the thread, the host's event loop free while a large fixture is read, a reader that dies or
// takes too long reported on the fixture and started again, and stopped on dispose.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeFixture } from '../../../extension/src/core/fixture-info';
import { FixtureParser, type FixtureParserOptions } from '../../../extension/src/core/fixture-parser';
import { ROOT, ensureRunnerBuilt } from '../support';

const WORKER = path.join(ROOT, 'dist/extension/fixture-info-worker.js');
const EXAMPLE = path.join(ROOT, 'examples/fixtures/echo-instant.fixture.json');

/** A valid-looking fixture of `count` tasks, large enough to take the worker a while to read. */
function largeFixture(count: number): string {
  const task = (i: number) =>
    `  - id: t${i}\n    type: echo\n    template: { custom: { a: ${i}, b: [1, 2, 3] } }\n    expect: { nodePhase: SUCCEEDED }\n`;
  return `plugin: { module: ./p.ts }\ntasks:\n${Array.from({ length: count }, (_, i) => task(i)).join('')}`;
}

describe('fixture parser (worker thread)', function () {
  this.timeout(60_000);
  const logs: string[] = [];
  const parsers: FixtureParser[] = [];
  const parser = (options: Partial<FixtureParserOptions> = {}) => {
    const p = new FixtureParser({ workerPath: WORKER, log: (l, m) => logs.push(`${l}: ${m}`), ...options });
    parsers.push(p);
    return p;
  };
  before(function () {
    this.timeout(120_000);
    ensureRunnerBuilt();
  });
  beforeEach(() => (logs.length = 0));
  afterEach(() => {
    for (const p of parsers.splice(0)) p.dispose();
  });

  it('reads a fixture off-thread with the same result as describeFixture', async () => {
    const p = parser();
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    assert.deepEqual(await p.describe(text, EXAMPLE), describeFixture(text, EXAMPLE));
    const invalid = 'tasks:\n  - id: a\n    type: x\n    expect: { rounds: zero }\n  - type: y\n';
    assert.deepEqual(await p.describe(invalid, '/w/x.fixture.yaml'), describeFixture(invalid, '/w/x.fixture.yaml'));
    assert.deepEqual(logs, []);
  });

  it('answers requests in order, each with its own fixture', async () => {
    const p = parser();
    const texts = [0, 1, 2, 3].map((n) => `tasks:\n${'  - { id: x, type: t }\n'.repeat(n)}`);
    const infos = await Promise.all(texts.map((t, i) => p.describe(t, `/w/f${i}.fixture.yaml`)));
    assert.deepEqual(
      infos.map((i) => [path.basename(i.file), i.tasks.length]),
      [0, 1, 2, 3].map((n) => [`f${n}.fixture.yaml`, n]),
    );
  });

  it('leaves the event loop free while a large fixture is read', async () => {
    const p = parser();
    const reading = p.describe(largeFixture(1000), '/w/large.fixture.yaml');
    let turns = 0;
    let done = false;
    void reading.then(() => (done = true));
    // Counts event-loop turns until the answer: on the host's thread there would be none before it.
    await new Promise<void>((resolve) => {
      const turn = () => (done ? resolve() : (turns++, setImmediate(turn)));
      setImmediate(turn);
    });
    const info = await reading;
    assert.ok(turns > 0, 'no event-loop turn ran while the fixture was read');
    assert.equal(info.tasks.length, 1000);
  });

  it('reports a fixture that kills its reader, and reads the next one with a new reader', async () => {
    // A heap limit the large fixture exceeds: the worker dies of it, as it would of a hostile fixture.
    const p = parser({ maxHeapMb: 16 });
    const killer = await p.describe(largeFixture(5000), '/w/killer.fixture.yaml');
    assert.equal(killer.parsed, false);
    assert.match(killer.problems[0]!.message, /its reader stopped/);
    assert.ok(
      logs.some((l) => /^warn: the fixture reader stopped/.test(l)),
      logs.join('\n'),
    );
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    assert.deepEqual(await p.describe(text, EXAMPLE), describeFixture(text, EXAMPLE));
  });

  it('reports a fixture not read in time, and reads the next one with a new reader', async () => {
    // Far more than the limit: the worker is stopped mid-parse and the fixture queued behind it still read.
    const p = parser({ timeoutMs: 2000 });
    const slow = p.describe(largeFixture(30000), '/w/slow.fixture.yaml');
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    const next = p.describe(text, EXAMPLE);
    const info = await slow;
    assert.equal(info.parsed, false);
    assert.match(info.problems[0]!.message, /could not read the fixture in time \(2000 ms\)/);
    assert.equal(info.problems[0]!.file, '/w/slow.fixture.yaml');
    assert.deepEqual(await next, describeFixture(text, EXAMPLE));
  });

  it('stops its worker on dispose, and answers pending fixtures', async () => {
    const p = parser();
    await p.describe('tasks: []\n', '/w/a.fixture.yaml');
    const pending = p.describe(largeFixture(1000), '/w/pending.fixture.yaml');
    p.dispose();
    const info = await pending;
    assert.match(info.problems[0]!.message, /shutting down/);
    const after = await p.describe('tasks: []\n', '/w/b.fixture.yaml');
    assert.match(after.problems[0]!.message, /shutting down/);
  });

  it('reads on the calling thread, and says so once, without a worker file', async () => {
    const p = parser({ workerPath: path.join(ROOT, 'dist/extension/no-such-worker.js') });
    const text = fs.readFileSync(EXAMPLE, 'utf8');
    assert.deepEqual(await p.describe(text, EXAMPLE), describeFixture(text, EXAMPLE));
    await p.describe(text, EXAMPLE);
    assert.equal(logs.filter((l) => /read on the extension host's thread/.test(l)).length, 1);
  });
});

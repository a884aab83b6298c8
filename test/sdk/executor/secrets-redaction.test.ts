// Secrets never appear in the timeline (issue 3): whatever a plugin does with a secret it got from the secret
// manager — logs it, stores it in its state, puts it in a reason, task info, an event, an error, a resource token,
// a metric label — the NDJSON (kept or streamed) and the records step() returns show `***` instead.
import assert from 'node:assert/strict';
import {
  create,
  doTransition,
  Executor,
  now,
  phaseInfoQueued,
  phaseInfoRunning,
  phaseInfoSuccess,
  serializeRecord,
  TaskLogSchema,
  type CallRecord,
  type Counter,
} from '@plugbench/sdk';
import { entryOf, ndjson, template, testPlugin } from '../../support/plugins';

const API_KEY = 's3cr3t-api-key-123';
const DB_PASSWORD = 'db-password-xyz';

function leakyPlugin() {
  let counter!: Counter;
  const plugin = testPlugin(
    'leaky',
    async (tCtx, n) => {
      const key = await tCtx.secretManager().get('api_key');
      const db = (await tCtx.secretManager().get('db')).trim();
      console.log(`using key ${key} and ${db}`);
      console.error({ nested: { key } });
      counter.inc({ who: key });
      tCtx.pluginStateWriter().put(1, { key, db, [key]: 'as a property name' });
      await tCtx.eventsRecorder().recordRaw(phaseInfoQueued(now(), n, `queued with ${key}`));
      await tCtx.resourceManager().allocateResource('pool', `token-${key}`, {});
      if (n === 2) throw new Error(`failed with ${db}`);
      if (n < 4) {
        return doTransition(
          phaseInfoRunning(n, {
            logs: [create(TaskLogSchema, { name: key, uri: `https://logs/${db}` })],
            customInfo: { key },
          }),
        );
      }
      return doTransition(phaseInfoSuccess());
    },
    {
      abort: () => console.log(`abort ${API_KEY}`),
      finalize: async (tCtx) => {
        console.log(`finalize ${await tCtx.secretManager().get('api_key')}`);
        throw new Error(`finalize failed: ${API_KEY}`);
      },
    },
  );
  const entry = entryOf(plugin, {
    load: (iCtx) => {
      counter = iCtx.metricsScope().newCounter('uses', 'secret uses', ['who']);
    },
  });
  return { plugin, entry };
}

describe('executor: secrets never appear in the timeline', () => {
  it('not in the kept timeline, the streamed records, or what step() returns', async () => {
    const streamed: string[] = [];
    const returned: CallRecord[] = [];
    const { entry } = leakyPlugin();
    const ex = await Executor.create({
      plugins: [entry],
      secrets: { env: { FLYTE_SECRET_api_key: API_KEY }, files: { '/etc/secrets/db': `${DB_PASSWORD}\n` } },
      onRecord: (r) => streamed.push(serializeRecord(r)),
    });
    ex.start({ id: 't', template: template('leaky') });
    for (let i = 0; i < 8; i++) returned.push(...((await ex.step()) ?? []));
    await ex.runUntil({ maxRounds: 5 });

    const kept = ndjson(ex.timeline);
    // The run did what was meant: the secrets went through every channel, and were replaced.
    assert.ok(kept.includes('using key *** and ***'), 'the log line is there, redacted');
    assert.ok(kept.includes('failed with ***'));
    assert.ok(kept.includes('token-***'));
    const channels = { kept, streamed: streamed.join('\n'), returned: JSON.stringify(returned) };
    for (const [channel, text] of Object.entries(channels)) {
      for (const secret of [API_KEY, DB_PASSWORD]) {
        const at = text.indexOf(secret);
        assert.ok(at < 0, `a secret leaked into the ${channel} records: ...${text.slice(at - 80, at + 40)}...`);
      }
    }
  });

  it('the timeline is unchanged when no secret is configured (nothing to redact)', async () => {
    const p = testPlugin('p', () => {
      console.log('a *** line');
      return doTransition(phaseInfoSuccess());
    });
    const ex = await Executor.create({ plugins: [entryOf(p)] });
    ex.start({ template: template('p') });
    await ex.runUntil();
    assert.ok(ndjson(ex.timeline).includes('a *** line'));
  });
});

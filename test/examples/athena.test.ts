// The Athena example (examples/plugins/athena.ts), a port of flyteplugins go/tasks/plugins/webapi/athena on
// @plugbench/sdk/webapi: utils_test.go (Test_ExtractQueryInfo, Test_writeOutput) and plugin_test.go
// (TestCreateTaskInfo) with the SDK's mocks, then the plugin driven by the executor against its fake Athena.
import assert from 'node:assert/strict';
import { Executor, fromJson, LiteralMapSchema, TaskTemplateSchema, type JsonObject } from '@plugbench/sdk';
import { newMockTaskExecutionContext } from '@plugbench/sdk/mocks';
import type { CorePlugin } from '@plugbench/sdk/webapi';
import {
  AthenaPlugin,
  clientRequestToken,
  createAthenaEntry,
  createTaskInfo,
  extractQueryInfo,
  type ResourceWrapper,
} from '../../examples/plugins/athena';
import { callsOf, capture, eventsOf, finishedOf } from './support';

const results = { outputs: { variables: { results: { type: { schema: { columns: [] } } } } } };

async function run(
  tasks: Array<{ id: string; template: JsonObject; retries?: number; inputs?: JsonObject }>,
  config = {},
  options = {},
) {
  const c = capture<CorePlugin<string, ResourceWrapper>>(createAthenaEntry(config));
  const ex = await Executor.create({ plugins: [c.entry], resourceManager: { type: 'redis' }, ...options });
  for (const t of tasks) {
    ex.start({
      id: t.id,
      template: fromJson(TaskTemplateSchema, t.template),
      ...(t.retries ? { retries: t.retries } : {}),
      ...(t.inputs ? { inputs: fromJson(LiteralMapSchema, t.inputs) } : {}),
    });
  }
  return { ex, athena: () => (c.plugin().asyncPlugin as AthenaPlugin).client };
}

describe('examples: the Athena plugin', () => {
  describe('helpers, with @plugbench/sdk/mocks', () => {
    it('extractQueryInfo of a hive and a presto task (Test_ExtractQueryInfo)', async () => {
      const hive = newMockTaskExecutionContext({
        template: {
          type: 'hive',
          interface: results,
          custom: { clusterLabel: 'mydb', query: { query: 'Select * from mytable' } },
        },
      });
      assert.deepEqual(await extractQueryInfo(hive), {
        queryString: 'Select * from mytable',
        database: 'mydb',
        workgroup: '',
        catalog: '',
      });
      const presto = newMockTaskExecutionContext({
        template: {
          type: 'presto',
          custom: {
            statement: 'Select * from mytable',
            schema: 'mytable',
            routingGroup: 'primary',
            catalog: 'catalog',
          },
        },
      });
      assert.deepEqual(await extractQueryInfo(presto), {
        queryString: 'Select * from mytable',
        database: 'mytable',
        workgroup: 'primary',
        catalog: 'catalog',
      });
      assert.ok(presto.methods().includes('taskReader.read'));
    });

    it('extractQueryInfo refuses a missing statement or query, and another task type, with code User', async () => {
      const bad = (template: JsonObject) => extractQueryInfo(newMockTaskExecutionContext({ template }));
      await assert.rejects(
        bad({ type: 'presto', custom: {} }),
        (e: Error & { code?: string }) => e.code === 'User' && /Statement is a required field/.test(e.message),
      );
      await assert.rejects(
        bad({ type: 'hive', custom: { clusterLabel: 'x' } }),
        /\[User\] Expects a valid QubleHiveJob proto in custom field., caused by: \[BadTaskSpecification\] Query is a required field./,
      );
      await assert.rejects(bad({ type: 'spark' }), /\[User\] Unexpected task type \[spark\]\./);
    });

    it('writeOutput: no outputs, no `results`, or the schema at the output location (Test_writeOutput)', async () => {
      const p = new AthenaPlugin();
      const status = async (template: JsonObject) => {
        const tCtx = newMockTaskExecutionContext({ template });
        const resource: ResourceWrapper = {
          status: { state: 'SUCCEEDED' },
          resultsConfiguration: { outputLocation: 's3://results/q.csv' },
        };
        await p.status({ ...tCtx, resourceMeta: () => 'q-1', resource: () => resource });
        return tCtx.effects.outputs;
      };
      assert.deepEqual(await status({ type: 'presto' }), []);
      assert.deepEqual(
        await status({
          type: 'presto',
          interface: { outputs: { variables: { other: { type: { simple: 'STRING' } } } } },
        }),
        [],
      );
      const [reader] = await status({ type: 'presto', interface: results });
      const lit = (await reader!.read()).outputs!.literals.results!.value;
      assert.ok(lit.case === 'scalar' && lit.value.value.case === 'schema');
      assert.equal(lit.value.value.value.uri, 's3://results/q.csv');
    });

    it('createTaskInfo links the Athena console of the region (TestCreateTaskInfo); tokens padded to 32', () => {
      const info = createTaskInfo('query_id', 'us-east-1');
      assert.equal(
        info.logs![0]!.uri,
        'https://us-east-1.console.aws.amazon.com/athena/home?force&region=us-east-1#query/history/query_id',
      );
      assert.equal(info.logs![0]!.name, 'Athena Query Console');
      assert.equal(clientRequestToken('abc'), `abc${'0'.repeat(29)}`);
      assert.ok(clientRequestToken('x'.repeat(200)).length <= 128);
    });
  });

  describe('driven by the executor', () => {
    it('success: the rendered query reaches Athena with the defaults filled in; the results output is written', async () => {
      const { ex, athena } = await run([
        {
          id: 'p',
          template: {
            type: 'presto',
            interface: results,
            custom: {
              routingGroup: 'adhoc',
              schema: 'city',
              statement: "SELECT * FROM trips WHERE ds = '{{ .Inputs.ds }}'",
            },
          },
          inputs: { literals: { ds: { scalar: { primitive: { stringValue: '2026-01-01' } } } } },
        },
      ]);
      await ex.runUntil({ maxRounds: 200 });
      assert.deepEqual(eventsOf(ex, 'p'), ['QUEUED:0', 'QUEUED:2', 'RUNNING:1', 'SUCCEEDED:0']);
      const start = athena().calls.find((c) => c.op === 'StartQueryExecution')!;
      assert.equal(start.queryExecutionId, 'q-0001');
      const name = ex.task('p').generatedName;
      assert.deepEqual(
        { ...start.input, outputLocation: undefined },
        {
          clientRequestToken: name.padEnd(32, '0'),
          database: 'city',
          catalog: 'AwsDataCatalog',
          outputLocation: undefined,
          queryString: "SELECT * FROM trips WHERE ds = '2026-01-01'",
          workGroup: 'adhoc',
        },
      );
      assert.match(start.input!.outputLocation, /^mem:\/\//);
      const success = callsOf(ex, 'p').find((c) => c.events.some((e) => e.phase === 'SUCCEEDED'))!;
      assert.ok(success.events[0]!.outputUri?.endsWith('/outputs.pb'));
      assert.deepEqual(ex.pools()[0]!.holders, []);
    });

    it('quota contention: at most two queries hold a token; the others wait', async () => {
      const q = { type: 'presto', custom: { schema: 'city', statement: 'SELECT 1 /* fake {"runSeconds": 60} */' } };
      const { ex } = await run(
        ['a', 'b', 'c', 'd'].map((id) => ({ id, template: q })),
        { webApi: { resourceQuotas: { default: 2 } } },
      );
      let peak = 0;
      while (await ex.step()) peak = Math.max(peak, ex.pools()[0]!.holders.length);
      assert.equal(peak, 2);
      assert.deepEqual(
        ['a', 'b', 'c', 'd'].map((id) => eventsOf(ex, id)[0]),
        ['QUEUED:0', 'QUEUED:0', 'WAITING_FOR_RESOURCES:0', 'WAITING_FOR_RESOURCES:0'],
      );
    });

    it("a failed query is a retryable FAILED with Athena's reason; the retry starts a new query", async () => {
      const statement =
        'SELECT x /* fake {"runSeconds": 20, "fail": {"reason": "SYNTAX_ERROR: Column x cannot be resolved", "attempts": 1}} */';
      const { ex, athena } = await run([
        { id: 'f', retries: 1, template: { type: 'presto', custom: { schema: 'city', statement } } },
      ]);
      await ex.runUntil({ maxRounds: 300 });
      const failed = callsOf(ex, 'f').find((c) => c.events.some((e) => e.phase === 'FAILED'))!;
      assert.deepEqual(failed.events[0]!.err, {
        code: 'FAILED',
        message: 'SYNTAX_ERROR: Column x cannot be resolved',
        kind: 'USER',
      });
      assert.equal(finishedOf(ex, 'f')?.nodePhase, 'Succeeded');
      assert.deepEqual(
        [
          ...new Set(
            athena()
              .calls.filter((c) => c.op === 'StartQueryExecution')
              .map((c) => c.queryExecutionId),
          ),
        ],
        ['q-0001', 'q-0002'],
      );
    });

    it('abort while running: StopQueryExecution of the query in the state, then the token is released', async () => {
      const { ex, athena } = await run([
        {
          id: 'l',
          template: {
            type: 'presto',
            custom: { schema: 'city', statement: 'SELECT 1 /* fake {"runSeconds": 3600} */' },
          },
        },
      ]);
      while (ex.task('l').pluginPhase !== 'Running') assert.ok(await ex.step());
      ex.abort('l', 'user asked');
      await ex.runUntil({ maxRounds: 20 });
      assert.deepEqual(
        athena()
          .calls.filter((c) => c.op === 'StopQueryExecution')
          .map((c) => c.queryExecutionId),
        ['q-0001'],
      );
      assert.equal(athena().getQueryExecution('q-0001').status.state, 'CANCELLED');
      assert.equal(finishedOf(ex, 'l')?.nodePhase, 'Aborted');
      assert.deepEqual(ex.pools()[0]!.holders, []);
    });

    it('the read rate limiter spaces the polls: five at once, then one per second', async () => {
      const q = {
        type: 'presto',
        custom: { schema: 'city', statement: 'SELECT 1 /* fake {"queueSeconds": 0, "runSeconds": 45} */' },
      };
      const { ex, athena } = await run(
        Array.from({ length: 8 }, (_, i) => ({ id: `r${i}`, template: q })),
        { webApi: { resourceQuotas: {}, readRateLimiter: { qps: 1, burst: 5 } } },
      );
      await ex.runUntil({ maxRounds: 500 });
      const polls = athena()
        .calls.filter((c) => c.op === 'GetQueryExecution')
        .map((c) => c.atMs);
      const first = polls.slice(0, 8).map((t) => t - polls[0]!);
      assert.deepEqual(first, [0, 0, 0, 0, 0, 1000, 2000, 3000]);
    });
  });
});

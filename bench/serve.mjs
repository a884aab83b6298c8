// Benchmark 8: `plugbench serve`. One replica, 1,000 executions at once over gRPC on the loopback address: the
// latency of CreateTask and GetTask (p50, p99, ms) and the rounds per second the replica drives, with state in memory
// and in a real redis-server (Debian's, started here on a free port). Nothing here asserts a time.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { sdk } from './lib.mjs';

const require = createRequire(import.meta.url);

/** A plugin whose every round is a new Running version until round 20, then success: rounds back to back. */
function benchEntry(s) {
  return {
    id: 'bench',
    registeredTaskTypes: ['bench'],
    loadPlugin: () => ({
      getID: () => 'bench',
      getProperties: () => ({}),
      handle: (tCtx) => {
        const n = (tCtx.pluginStateReader().get().value?.n ?? 0) + 1;
        tCtx.pluginStateWriter().put(1, { n });
        return s.doTransition(n >= 20 ? s.phaseInfoSuccess() : s.phaseInfoRunning(n));
      },
      abort: () => {},
      finalize: () => {},
    }),
  };
}

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((r) => (child.once('exit', r), child.kill('SIGTERM'))),
  };
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function timed(fn) {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Runs `fn(i)` for i < n, `concurrency` at a time; returns each call's ms. */
async function pool(n, concurrency, fn) {
  const ms = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        ms.push(await timed(() => fn(i)));
      }
    }),
  );
  return ms;
}

async function runOnce(s, serve, grpc, { executions, redis }) {
  const server = await serve.startServe({
    plugins: [benchEntry(s)],
    port: 0,
    resyncMs: 1000,
    ...(redis ? { redis } : {}),
  });
  const Client = grpc.makeGenericClientConstructor(
    serve.serviceDefinition(s.AgentIdl.AsyncAgentService),
    'AsyncAgentService',
  );
  const client = new Client(server.address, grpc.credentials.createInsecure());
  const call = (m, req) => new Promise((resolve, reject) => client[m](req, (e, r) => (e ? reject(e) : resolve(r))));
  const request = (i) =>
    s.create(s.AgentIdl.CreateTaskRequestSchema, {
      template: s.create(s.TaskTemplateSchema, { type: 'bench' }),
      taskExecutionMetadata: {
        taskExecutionId: {
          nodeExecutionId: { nodeId: 'n0', executionId: { project: 'bench', domain: 'development', name: `e${i}` } },
          retryAttempt: 0,
        },
      },
    });
  const metas = [];
  const started = Date.now();
  const roundsBefore = server.driver.rounds;
  const createMs = await pool(
    executions,
    50,
    async (i) => (metas[i] = (await call('createTask', request(i))).resourceMeta),
  );
  const getMs = await pool(executions, 50, (i) =>
    call('getTask', s.create(s.AgentIdl.GetTaskRequestSchema, { resourceMeta: metas[i] })),
  );
  // Wait until every execution finished, then count the rounds.
  for (;;) {
    const done = await pool(executions, 50, async (i) => {
      const r = await call('getTask', s.create(s.AgentIdl.GetTaskRequestSchema, { resourceMeta: metas[i] }));
      if (r.resource.phase !== s.TaskExecution_Phase.SUCCEEDED) throw new Error('not yet');
    }).then(
      () => true,
      () => false,
    );
    if (done) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - started) / 1000;
  const rounds = server.driver.rounds - roundsBefore;
  client.close();
  await server.close();
  return {
    executions,
    createTaskMs: { p50: percentile(createMs, 50), p99: percentile(createMs, 99) },
    getTaskMs: { p50: percentile(getMs, 50), p99: percentile(getMs, 99) },
    rounds,
    roundsPerSecond: rounds / seconds,
  };
}

export async function serveBench({ executions = 1_000 } = {}) {
  const s = sdk();
  const serve = require('@plugbench/harness/serve');
  const grpc = require('@grpc/grpc-js');
  const memory = await runOnce(s, serve, grpc, { executions });
  let redis;
  let withRedis;
  try {
    redis = await startRedis();
    withRedis = await runOnce(s, serve, grpc, { executions, redis: redis.url });
  } catch (e) {
    withRedis = { error: `redis-server: ${e.message} (bash scripts/serve/install.sh installs it)` };
  } finally {
    await redis?.stop();
  }
  return { memory, redis: withRedis };
}

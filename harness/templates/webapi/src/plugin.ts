/**
 * A Flyte web API plugin for tasks of type `remote-job`: it creates a job in a remote service, polls it, and succeeds
 * when the job is done. Written as a Go `webapi.AsyncPlugin` (create, get, delete, status); `createRemotePlugin`
 * adds what Flyte's webapi machinery does around it: the `default` quota (two jobs at once), launching once per
 * attempt, polling through the resource cache every resync period, and a Finalize that releases the quota.
 *
 * `JobService` stands in for the remote service, in the executor's virtual time; replace it with your service's
 * client.
 *
 * @module
 */
import {
  now,
  phaseInfoFailure,
  phaseInfoRunning,
  phaseInfoSuccess,
  type JsonObject,
  type PhaseInfo,
  type PluginEntry,
  type StateValue,
} from '@plugbench/sdk';
import {
  createRemotePlugin,
  DefaultPluginConfig,
  type AsyncPlugin,
  type CreateResult,
  type DeleteContext,
  type GetContext,
  type PluginConfig,
  type StatusContext,
  type TaskExecutionContextReader,
} from '@plugbench/sdk/webapi';

/** The task type this plugin handles, and its id. */
export const RemoteJobTaskType = 'remote-job';

/** Where a job is. */
export type JobState = 'running' | 'succeeded' | 'cancelled';

/** A fake remote service: a job runs for its duration of virtual time from its creation, unless cancelled. */
export class JobService {
  readonly #jobs = new Map<string, { createdAtMs: number; durationMs: number; cancelled: boolean }>();

  /** Creates the job `name`; the same name gives the same job, as `create` must be idempotent. */
  create(name: string, durationMs: number): string {
    if (!this.#jobs.has(name)) this.#jobs.set(name, { createdAtMs: now().getTime(), durationMs, cancelled: false });
    return name;
  }

  get(jobId: string): JobState {
    const job = this.#jobs.get(jobId);
    if (job === undefined) throw new Error(`no job ${jobId}`);
    if (job.cancelled) return 'cancelled';
    return now().getTime() - job.createdAtMs >= job.durationMs ? 'succeeded' : 'running';
  }

  cancel(jobId: string): void {
    const job = this.#jobs.get(jobId);
    if (job !== undefined) job.cancelled = true;
  }
}

/** What Flyte keeps for the task between rounds: the id of its job. */
export interface JobMeta {
  [key: string]: StateValue;
  jobId: string;
}

/** At most two jobs at once; the resource cache polls every 10 s of virtual time. */
const config: PluginConfig = {
  ...DefaultPluginConfig,
  resourceQuotas: { default: 2 },
  caching: { ...DefaultPluginConfig.caching, resyncIntervalMs: 10_000 },
};

/** `custom.seconds` of the task template: how long its job runs (30 when not given). */
function durationMsOf(custom: JsonObject | undefined): number {
  const seconds = custom?.['seconds'];
  return (typeof seconds === 'number' && seconds >= 0 ? seconds : 30) * 1000;
}

/** The plugin, talking to `service`. */
export function createJobPlugin(service: JobService): AsyncPlugin<JobMeta, JobState> {
  return {
    getConfig: () => config,
    resourceRequirements: () => ({ namespace: 'default', constraints: {} }),
    async create(tCtx: TaskExecutionContextReader): Promise<CreateResult<JobMeta, JobState>> {
      const template = await tCtx.taskReader().read();
      // The generated name is stable across rounds: creating twice makes one job.
      const name = tCtx.taskExecutionMetadata().getTaskExecutionID().getGeneratedName();
      return { resourceMeta: { jobId: service.create(name, durationMsOf(template.custom)) } };
    },
    get: (ctx: GetContext<JobMeta>) => service.get(ctx.resourceMeta().jobId),
    // Called on abort, possibly before the job exists (no resourceMeta yet).
    delete(ctx: DeleteContext<JobMeta>) {
      const meta = ctx.resourceMeta();
      if (meta !== undefined) service.cancel(meta.jobId);
    },
    status(ctx: StatusContext<JobMeta, JobState>): PhaseInfo {
      switch (ctx.resource()) {
        case 'succeeded':
          return phaseInfoSuccess();
        case 'cancelled':
          return phaseInfoFailure('JobCancelled', `job ${ctx.resourceMeta().jobId} was cancelled`);
        default:
          return phaseInfoRunning(0);
      }
    },
  };
}

/** The entry FlytePropeller (and plugbench) loads: each load talks to a new service. */
export const remoteJobEntry: PluginEntry = createRemotePlugin({
  id: RemoteJobTaskType,
  supportedTaskTypes: [RemoteJobTaskType],
  pluginLoader: () => createJobPlugin(new JobService()),
});

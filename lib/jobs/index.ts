import "server-only";
export { enqueue, retryJob, type EnqueueOptions } from "./enqueue";
export {
  defineJob,
  PermanentJobError,
  type Clock,
  type JobContext,
  type JobDefinition,
  type JobHandler,
  type OnceResult,
} from "./define";
export type { JobExecutor } from "./tables";

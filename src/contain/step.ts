/**
 * A containment step observes, acts, then verifies. It never trusts what an earlier run remembers: a resumed step
 * re-reads AWS, finds the work already done, and reports `done` without acting again. Steps are plain data plus
 * one function, so planners build them and the runner schedules them without knowing what they touch.
 */
export type StepStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface StepError {
  code: string;
  message: string;
}

export interface StepOutcome {
  status: 'done' | 'failed' | 'skipped';
  /** What AWS said before the step acted, e.g. { groups: ['sg-1'] } for an interface. Restore relies on it. */
  before?: unknown;
  /** What AWS said after, read back to verify. */
  after?: unknown;
  requestIds: string[];
  /** A fact the responder must see, e.g. "tracked connections not cut" or "dry run: would succeed". */
  note?: string;
  error?: StepError;
}

export interface StepContext {
  /** EC2 calls carry DryRun; steps without DryRun (Auto Scaling, IAM) report `skipped` with "planned". */
  dryRun: boolean;
  incidentId: string;
  actionId: string;
  actor: string;
  now: () => Date;
  /** Outcomes of the steps this one depends on, by id (e.g. the group ids an earlier step created). */
  results: ReadonlyMap<string, StepOutcome>;
}

export interface StepDefinition {
  id: string;
  /** One checklist line, e.g. "Move eni-0a1 to the untrack group". */
  title: string;
  /** Critical steps are the network cut and credentials: the action is "contained" only if all of them hold. */
  critical: boolean;
  /** Steps that must be done first. A step whose dependency failed is not run. */
  dependsOn: readonly string[];
  run(context: StepContext): Promise<StepOutcome>;
}

/** What is persisted for each step on the action record (a StepDefinition minus its function). */
export interface StepRecord {
  id: string;
  title: string;
  critical: boolean;
  dependsOn: readonly string[];
  status: StepStatus;
  startedAt?: string;
  finishedAt?: string;
  requestIds: string[];
  before?: unknown;
  after?: unknown;
  note?: string;
  error?: StepError;
}

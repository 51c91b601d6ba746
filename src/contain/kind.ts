import type { AwsClients } from '../aws/clients.js';
import type { ActionKind, ActionPreview, ActionRecord, ActionTarget } from './action.js';
import type { StepDefinition } from './step.js';

export interface PreparedPlan {
  /** Set when the target must not be contained (protected, the bot's own host, terminated…). */
  refusal?: { code: string; message: string };
  /** The target lives in another account (found from AWS, e.g. GetAccessKeyInfo): prepare again there. */
  retarget?: { account: string };
  plan: unknown;
  planHash: string;
  preview: ActionPreview;
}

/**
 * One kind of containment (isolate an instance, revoke a principal's credentials). The action framework does the
 * rest: records, authorization, approval, exactly-once, the kill switch, dry runs, progress, resume and restore.
 */
export interface ContainmentKind {
  kind: ActionKind;
  /** "Isolate", "Revoke": used in buttons and messages. */
  verb: string;
  /** Reads AWS and plans. Pure planning lives in the kind's own folder; this is its IO entry point. */
  prepare(clients: AwsClients, target: ActionTarget, context: { incidentId: string }): Promise<PreparedPlan>;
  steps(clients: AwsClients, record: ActionRecord): StepDefinition[] | Promise<StepDefinition[]>;
  /** Observes the target now and returns the steps that undo what the record says was done. */
  restoreSteps(clients: AwsClients, record: ActionRecord): Promise<StepDefinition[]>;
}

/**
 * A kind whose code (and the AWS SDK clients it imports, about 90 MB for EC2 alone) is loaded on first use, so a
 * process that only receives alarms never pays for it.
 */
export function lazyKind(
  kind: ContainmentKind['kind'],
  verb: string,
  load: () => Promise<ContainmentKind>,
): ContainmentKind {
  let loaded: Promise<ContainmentKind> | undefined;
  const real = () => {
    loaded ??= load();
    return loaded;
  };
  return {
    kind,
    verb,
    prepare: async (clients, target, context) => (await real()).prepare(clients, target, context),
    steps: async (clients, record) => (await real()).steps(clients, record),
    restoreSteps: async (clients, record) => (await real()).restoreSteps(clients, record),
  };
}

import { escapeMrkdwn } from '../../slack/mrkdwn.js';
import type { ContainmentKind } from '../kind.js';
import { observeInstance } from './observe.js';
import { type AsgMode, type IsolationPlan, planIsolation } from './plan.js';
import { restoreSteps } from './restore.js';
import { isolationSteps } from './steps.js';

/** Isolating an EC2 instance, as one kind of containment for the action framework. */
export function createIsolateKind(options: {
  selfInstanceId?: string;
  asgMode: AsgMode;
  snapshots: boolean;
}): ContainmentKind {
  return {
    kind: 'isolate',
    verb: 'Isolate',
    async prepare(clients, target) {
      const observed = await observeInstance(clients, target.resourceId);
      const plan = planIsolation(observed, {
        botInstanceId: options.selfInstanceId,
        asgMode: options.asgMode,
        snapshots: options.snapshots,
        naclDeny: false,
      });
      return {
        refusal: plan.refusal,
        plan,
        planHash: plan.planHash,
        // Summary and warnings quote tags and names from AWS, which an attacker on the instance may have set.
        preview: { lines: plan.summary.map(escapeMrkdwn), warnings: plan.warnings.map(escapeMrkdwn) },
      };
    },
    steps: (clients, record) => isolationSteps(record.plan as IsolationPlan, clients),
    async restoreSteps(clients, record) {
      const observedNow = await observeInstance(clients, record.target.resourceId);
      return restoreSteps({ steps: record.steps, observedNow }, clients);
    },
  };
}

import { escapeMrkdwn } from '../../slack/mrkdwn.js';
import type { ContainmentKind } from '../kind.js';
import { observeInstance } from './observe.js';
import { type AsgMode, type IsolationPlan, planIsolation } from './plan.js';
import { restoreSteps } from './restore.js';
import { isolationSteps } from './steps.js';

const NACL_DENY = 'nacl-deny';

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
        // Planned always, applied only when the responder picks the extra below.
        naclDeny: true,
      });
      return {
        refusal: plan.refusal,
        plan,
        planHash: plan.planHash,
        // Summary and warnings quote tags and names from AWS, which an attacker on the instance may have set.
        preview: {
          lines: plan.summary.map(escapeMrkdwn),
          warnings: plan.warnings.map(escapeMrkdwn),
          // Flows through NAT gateways, load balancers and endpoints stay tracked after the swap; a network ACL
          // deny on the instance's addresses cuts them too (recorded, and removed on restore).
          ...(plan.naclDenies.length > 0
            ? { extras: [{ id: NACL_DENY, label: 'Isolate + NACL deny' }] }
            : {}),
        },
      };
    },
    steps: (clients, record) =>
      isolationSteps(record.plan as IsolationPlan, clients, {
        naclDeny: record.extras?.includes(NACL_DENY) ?? false,
      }),
    async restoreSteps(clients, record) {
      const observedNow = await observeInstance(clients, record.target.resourceId);
      return restoreSteps({ steps: record.steps, observedNow }, clients);
    },
  };
}

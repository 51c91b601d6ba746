import type { AwsClients } from '../../aws/clients.js';
import { attempt, planned, type Result, stepError } from '../isolate/step-kit.js';
import type { StepDefinition } from '../step.js';
import { roleInlineSlot } from './inline-policy.js';
import type { RoleRevoke } from './plan.js';
import { roleSessionsDocument, sessionsCutOff } from './policies.js';
import { stepId } from './step-ids.js';

/** The later of two ISO times. */
export function laterOf(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/**
 * Issued session tokens cannot be revoked, only denied: every session of the role issued before the cut-off
 * is refused from now on. The cut-off is the moment the step runs when that is later than the plan, so
 * sessions started between preview and confirmation are cut too.
 */
export function roleSessionsStep(role: RoleRevoke, clients: AwsClients): StepDefinition {
  const slot = roleInlineSlot(clients.iam, role.roleName, role.policyName);
  return {
    id: stepId.roleSessions,
    title: `Deny every current session of role ${role.roleName} (inline policy ${role.policyName})`,
    critical: true,
    dependsOn: [],
    run: async (context) => {
      if (context.dryRun) return planned();
      return attempt(async (call): Promise<Result> => {
        const current = await slot.read(call);
        const cut = sessionsCutOff(current);
        // A cut-off at or after the plan's can only be this action's own, put by a run that did not finish.
        if (cut !== undefined && Date.parse(cut) >= Date.parse(role.issuedBefore)) {
          return {
            status: 'done',
            before: {
              policyName: role.policyName,
              ...(role.overwrites !== undefined && { overwritten: role.overwrites }),
            },
            after: { policyName: role.policyName, issuedBefore: cut },
            note: 'already in place',
          };
        }
        const issuedBefore = laterOf(role.issuedBefore, context.now().toISOString());
        const before = {
          policyName: role.policyName,
          ...(current !== undefined && { overwritten: current }),
        };
        try {
          await slot.put(call, roleSessionsDocument(issuedBefore));
        } catch (error) {
          return { status: 'failed', before, error: stepError(error) };
        }
        return {
          status: 'done',
          before,
          after: { policyName: role.policyName, issuedBefore },
          note: `sessions issued before ${issuedBefore} are denied; new sessions keep working`,
        };
      });
    },
  };
}

import { describe, expect, it } from 'vitest';
import type { ActionRecord } from '../../src/contain/action.js';
import { remediationOffers } from '../../src/remediate/offers.js';
import { isolationAction, revokeAction } from '../document/sample.js';

const INC = 'INC-2026-0042';

function userRevoke(overrides: Partial<ActionRecord> = {}): ActionRecord {
  const base = revokeAction();
  return {
    ...base,
    plan: {
      user: {
        userName: 'deploy-bot',
        deny: { inlineName: 'firebreak-deny-INC-2026-0042', managedName: 'firebreak-deny-m' },
      },
    },
    steps: [
      ...base.steps,
      {
        id: 'policy:deny',
        title: 'Deny everything',
        critical: true,
        dependsOn: [],
        status: 'done',
        requestIds: [],
        before: { mode: 'inline' },
        after: { mode: 'inline', policyName: 'firebreak-deny-INC-2026-0042' },
      },
    ],
    ...overrides,
  };
}

describe('remediationOffers', () => {
  it('offers restore for an isolation, key deletion for keys it deactivated, and lifting the deny', () => {
    const offers = remediationOffers(INC, [isolationAction(), userRevoke()], []);
    expect(offers).toEqual([
      { kind: 'restore', actionId: isolationAction().id, instanceId: isolationAction().target.resourceId },
      // Only the key this action deactivated; the one already inactive was never Firebreak's to delete.
      {
        kind: 'delete-keys',
        actionId: 'act-9Rv4Lp',
        userName: 'deploy-bot',
        keyIds: ['AKIAIOSFODNN7EXAMPLE'],
      },
      {
        kind: 'remove-deny',
        actionId: 'act-9Rv4Lp',
        principal: 'deploy-bot',
        policy: 'firebreak-deny-INC-2026-0042',
      },
    ]);
  });

  it('offers nothing for restored actions, other incidents, or what was already done', () => {
    expect(remediationOffers(INC, [userRevoke({ phase: 'restored' })], [])).toEqual([]);
    expect(remediationOffers('INC-1', [userRevoke()], [])).toEqual([]);
    const done = remediationOffers(
      INC,
      [userRevoke()],
      [
        {
          type: 'remediation',
          at: '2026-11-26T10:00:00.000Z',
          actor: 'U07ALICE',
          operation: 'delete-keys',
          actionId: 'act-9Rv4Lp',
          target: 'deploy-bot',
          outcome: 'done',
          steps: [],
        },
      ],
    );
    expect(done.map((offer) => offer.kind)).toEqual(['remove-deny']);
  });

  it('names the role policy for a role revocation', () => {
    const role = revokeAction();
    const offers = remediationOffers(
      INC,
      [
        {
          ...role,
          plan: { role: { roleName: 'web-app', policyName: 'firebreak-revoke-sessions-INC-2026-0042' } },
          steps: [
            {
              id: 'policy:revoke-sessions',
              title: 't',
              critical: true,
              dependsOn: [],
              status: 'done',
              requestIds: [],
            },
          ],
        },
      ],
      [],
    );
    expect(offers).toEqual([
      {
        kind: 'remove-deny',
        actionId: role.id,
        principal: 'web-app',
        policy: 'firebreak-revoke-sessions-INC-2026-0042',
      },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { createAwsClientFactory } from '../../src/aws/clients.js';
import type { ActionRecord } from '../../src/contain/action.js';
import { createIsolateKind } from '../../src/contain/isolate/kind.js';
import { DRILL_IDS, SimulatedAccount, seedDrillEnvironment } from '../../src/drill/index.js';
import { simulatedAccountClients } from '../../src/drill/mode.js';

function setup() {
  const account = new SimulatedAccount();
  seedDrillEnvironment(account);
  const aws = createAwsClientFactory(simulatedAccountClients(account));
  const clients = aws.forTarget({ account: '123456789012', region: 'eu-west-1' });
  return { clients, kind: createIsolateKind({ asgMode: 'standby', snapshots: true }) };
}

const target = (resourceId: string) => ({ account: '123456789012', region: 'eu-west-1', resourceId });

describe('the isolate kind', () => {
  it('escapes what AWS says in the preview and offers the NACL deny only where flows stay tracked', async () => {
    const { clients, kind } = setup();
    const prepared = await kind.prepare(clients, target(DRILL_IDS.instances.web), { incidentId: 'INC-1' });
    expect(prepared.refusal).toBeUndefined();
    expect(prepared.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(prepared.preview.lines.join('\n')).toContain(DRILL_IDS.networkInterfaces.webTrunk);
    const plan = prepared.plan as { naclDenies: unknown[] };
    expect(prepared.preview.extras?.map((extra) => extra.id) ?? []).toEqual(
      plan.naclDenies.length > 0 ? ['nacl-deny'] : [],
    );
  });

  it('adds the network ACL steps only when the responder chose the extra', async () => {
    const { clients, kind } = setup();
    const prepared = await kind.prepare(clients, target(DRILL_IDS.instances.web), { incidentId: 'INC-1' });
    const record = {
      plan: prepared.plan,
      steps: [],
      target: target(DRILL_IDS.instances.web),
    } as unknown as ActionRecord;
    const plain = (await kind.steps(clients, record)).map((step) => step.id);
    const withDeny = (await kind.steps(clients, { ...record, extras: ['nacl-deny'] })).map((step) => step.id);
    expect(plain.some((id) => id.startsWith('nacl:'))).toBe(false);
    const naclSteps = withDeny.filter((id) => id.startsWith('nacl:'));
    expect(naclSteps.length).toBeGreaterThan(0);
    expect(naclSteps.length).toBe((prepared.plan as { naclDenies: unknown[] }).naclDenies.length);
  });

  it('refuses the protected bastion', async () => {
    const { clients, kind } = setup();
    const prepared = await kind.prepare(clients, target(DRILL_IDS.instances.bastion), {
      incidentId: 'INC-1',
    });
    expect(prepared.refusal?.code).toBe('INSTANCE_PROTECTED');
  });
});

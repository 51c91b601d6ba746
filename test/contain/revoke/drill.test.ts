import { describe, expect, it } from 'vitest';
import { createAwsClientFactory } from '../../../src/aws/clients.js';
import {
  DRILL_ACCOUNT_ID,
  DRILL_IDS,
  SimulatedAccount,
  seedDrillEnvironment,
} from '../../../src/drill/index.js';
import { simulatedAccountClients } from '../../../src/drill/mode.js';
import { prepare, restore, revokeAndRecord } from './harness.js';

/** The kind against the shared simulated account, through real SDK clients, as drill mode runs it. */
function setup() {
  const account = new SimulatedAccount();
  seedDrillEnvironment(account);
  const aws = createAwsClientFactory(simulatedAccountClients(account));
  const clients = aws.forTarget({ account: DRILL_ACCOUNT_ID, region: 'eu-west-1' });
  const iamState = () => account.inspect((state) => structuredClone(state.iam));
  return { account, clients, iamState };
}

describe('revoke against the drill account', () => {
  it("traces the web instance's session key through CloudTrail to web-app-role", async () => {
    const { clients } = setup();
    const prepared = await prepare(clients, DRILL_IDS.sessionKeys.webApp);
    expect(prepared.refusal).toBeUndefined();
    expect(prepared.plan.role?.roleName).toBe(DRILL_IDS.roles.webApp);
    expect(prepared.plan.summary[0]).toMatch(
      new RegExp(
        `^${DRILL_IDS.sessionKeys.webApp} was used by assumed-role/web-app-role/${DRILL_IDS.instances.web} per CloudTrail event ListBuckets at \\S+Z in eu-west-1$`,
      ),
    );
  });

  it('revokes mallory and restores exactly the previous state', async () => {
    const { clients, iamState } = setup();
    const before = iamState();
    const prepared = await prepare(clients, DRILL_IDS.users.mallory);
    expect(prepared.refusal).toBeUndefined();
    expect(prepared.preview.lines.join('\n')).toContain(DRILL_IDS.accessKeys.mallory);
    expect(prepared.preview.extras?.map((extra) => extra.id)).toEqual(['remove-console']);

    const { run, record } = await revokeAndRecord(clients, prepared, DRILL_IDS.users.mallory);
    for (const [id, outcome] of run.results)
      expect([id, outcome.status, outcome.error]).toEqual([id, 'done', undefined]);
    const during = iamState();
    expect(during.accessKeys[DRILL_IDS.accessKeys.mallory]?.status).toBe('Inactive');
    expect(Object.keys(during.users[DRILL_IDS.users.mallory]?.inlinePolicies ?? {})).toEqual([
      'firebreak-INC-7',
    ]);

    const undo = await restore(clients, record);
    for (const [id, outcome] of undo.run.results)
      expect([id, outcome.status, outcome.error]).toEqual([id, 'done', undefined]);
    expect(iamState()).toEqual(before);
  });

  it('falls back to a managed deny for ci-deployer (inline budget nearly full) and restores it', async () => {
    const { clients, iamState } = setup();
    const before = iamState();
    const prepared = await prepare(clients, `user/${DRILL_IDS.users.ciDeployer}`);
    expect(prepared.plan.user?.deny.mode).toBe('managed');
    const { run, record } = await revokeAndRecord(clients, prepared, DRILL_IDS.users.ciDeployer);
    expect(run.results.get('verify:credentials')?.status).toBe('done');
    await restore(clients, record);
    expect(iamState()).toEqual(before);
  });

  it("refuses the bot's own role, the service-linked and Identity Center roles, and a foreign key", async () => {
    const { clients } = setup();
    const code = async (target: string) => (await prepare(clients, target)).refusal?.code;
    expect(await code(DRILL_IDS.roles.bot)).toBe('OWN_IDENTITY');
    expect(await code(DRILL_IDS.roles.autoScalingServiceLinked)).toBe('SERVICE_LINKED_ROLE');
    expect(await code(DRILL_IDS.roles.ssoAdmin)).toBe('IDENTITY_CENTER_ROLE');
    const foreign = await prepare(clients, DRILL_IDS.accessKeys.foreign);
    expect(foreign.refusal?.code).toBe('KEY_IN_OTHER_ACCOUNT');
    expect(foreign.refusal?.message).toContain(DRILL_IDS.foreignAccountId);
  });

  it('revokes the web app role sessions and restores it', async () => {
    const { clients, iamState } = setup();
    const before = iamState();
    const prepared = await prepare(clients, DRILL_IDS.roles.webApp);
    expect(prepared.refusal).toBeUndefined();
    expect(prepared.preview.lines.join('\n')).toContain(DRILL_IDS.instances.web);
    const { run, record } = await revokeAndRecord(clients, prepared, DRILL_IDS.roles.webApp);
    expect(run.results.get('verify:credentials')?.status).toBe('done');
    await restore(clients, record);
    expect(iamState()).toEqual(before);
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../commands/args.js';
import { createAwsClientFactory } from '../../src/aws/clients.js';
import {
  DRILL_ACCOUNT_ID,
  DRILL_IDS,
  DRILL_REGION,
  SimulatedAccount,
  seedDrillEnvironment,
} from '../../src/drill/index.js';
import { simulatedAccountClients } from '../../src/drill/mode.js';
import { lookupTrail } from '../../src/investigate/cloudtrail.js';
import { planLookups } from '../../src/investigate/plan.js';
import { parseTrailQuery, TRAIL_OPTIONS } from '../../src/investigate/query.js';

/**
 * The query engine against the simulated account's CloudTrail (the same one drill mode serves): grammar → plan →
 * LookupEvents through the real SDK clients. The seeded history changes as the drill grows, so these assert
 * properties of the answer (every record fits the query) and the one seeded event that is there on purpose.
 */
const account = new SimulatedAccount();
seedDrillEnvironment(account);
const factory = createAwsClientFactory(simulatedAccountClients(account));
afterAll(() => factory.destroy());

async function search(text: string) {
  const args = parseArgs(text, TRAIL_OPTIONS);
  if (!args.ok) throw new Error(args.problem);
  const parsed = parseTrailQuery(args.args, new Date(), {
    region: DRILL_REGION,
    defaultLimit: 500,
    limitCap: 500,
  });
  if (!parsed.ok) throw new Error(parsed.problem);
  const clients = factory.forTarget({ account: DRILL_ACCOUNT_ID, region: DRILL_REGION });
  const plan = planLookups(parsed.query);
  const result = await lookupTrail(
    {
      clientFor: (region) => (region === DRILL_REGION ? clients.cloudTrail : clients.cloudTrailUsEast1),
      // No waiting in a test: the budget is exercised in token-bucket.test.ts and the Redis test.
      limiter: { acquire: async () => {} },
      account: DRILL_ACCOUNT_ID,
    },
    plan,
    parsed.query,
  );
  return { result, plan };
}

describe('lookupTrail against the simulated account', () => {
  it("finds the web instance's session key, in its region and in us-east-1", async () => {
    const key = DRILL_IDS.sessionKeys.webApp;
    const { result } = await search(`key=${key} since=1d`);
    expect(result.regions).toEqual([DRILL_REGION, 'us-east-1']);
    expect(result.records.length).toBeGreaterThan(0);
    expect(result.records.some((r) => r.eventName === 'ListBuckets')).toBe(true);
    for (const record of result.records) expect(record.userIdentity?.accessKeyId).toBe(key);
    expect(result.unparseable).toBe(0);
  });

  it('filters by source address client-side, newest first', async () => {
    const { result } = await search(`ip=${DRILL_IDS.malloryIp}/32 since=1d`);
    expect(result.records.length).toBeGreaterThan(0);
    for (const record of result.records) expect(record.sourceIPAddress).toBe(DRILL_IDS.malloryIp);
    const times = result.records.map((r) => Date.parse(r.eventTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});

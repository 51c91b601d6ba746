import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, FakeIam } from './fake-iam.js';
import { prepare } from './harness.js';

const KEY = 'ASIATEMPORARYKEY0004';
const SESSION = 'i-0web1a2b3c4d5e6f7';

let fake: FakeIam;
afterEach(() => fake?.restore());

function usedBy(type: 'AssumedRole' | 'IAMUser', eventTime: string, eventName: string) {
  const identity =
    type === 'AssumedRole'
      ? {
          type,
          principalId: `AROAWEBAPP:${SESSION}`,
          arn: `arn:aws:sts::${ACCOUNT}:assumed-role/web-app-role/${SESSION}`,
          accountId: ACCOUNT,
          accessKeyId: KEY,
          sessionContext: {
            sessionIssuer: {
              type: 'Role',
              principalId: 'AROAWEBAPP',
              arn: `arn:aws:iam::${ACCOUNT}:role/web-app-role`,
              accountId: ACCOUNT,
              userName: 'web-app-role',
            },
          },
        }
      : {
          type,
          arn: `arn:aws:iam::${ACCOUNT}:user/eve`,
          accountId: ACCOUNT,
          accessKeyId: KEY,
          userName: 'eve',
        };
  return {
    EventId: `${eventName}-${eventTime}`,
    EventName: eventName,
    EventTime: new Date(eventTime),
    AccessKeyId: KEY,
    CloudTrailEvent: JSON.stringify({ userIdentity: identity, eventTime, eventName, awsRegion: 'eu-west-1' }),
  };
}

describe('revoking a temporary (ASIA) key', () => {
  it('traces it through CloudTrail to the role it was issued to and plans revoking its sessions', async () => {
    fake = new FakeIam();
    fake.addRole('web-app-role');
    fake.addUser('eve');
    fake.events.push(
      usedBy('IAMUser', '2025-03-04T03:00:00Z', 'ListUsers'),
      usedBy('AssumedRole', '2025-03-04T04:50:00Z', 'ListBuckets'),
    );
    const prepared = await prepare(fake.clients(), KEY);

    const lookups = fake.log.filter((call) => call.command === 'LookupEvents');
    expect(lookups).toHaveLength(2);
    for (const lookup of lookups) {
      expect(lookup.input).toEqual({
        LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: KEY }],
        MaxResults: 50,
      });
    }
    expect(prepared.refusal).toBeUndefined();
    expect(prepared.plan.role?.roleName).toBe('web-app-role');
    expect(prepared.plan.principal).toMatchObject({ type: 'role', name: 'web-app-role' });
    expect(prepared.plan.summary[0]).toBe(
      `${KEY} was used by assumed-role/web-app-role/${SESSION} per CloudTrail event ListBuckets at 2025-03-04T04:50:00.000Z in eu-west-1`,
    );
  });

  it('keeps the TEMPORARY_KEY explanation when no CloudTrail event names the key', async () => {
    fake = new FakeIam();
    const prepared = await prepare(fake.clients(), KEY);
    expect(fake.commands()).toEqual([
      'GetCallerIdentity',
      'GetAccessKeyInfo',
      'LookupEvents',
      'LookupEvents',
    ]);
    expect(prepared.refusal?.code).toBe('TEMPORARY_KEY');
    expect(prepared.refusal?.message).toMatch(
      /No CloudTrail event in the last 90 days names ASIATEMPORARYKEY0004/,
    );
    expect(prepared.refusal?.message).toContain('eu-west-1 and us-east-1');
    expect(prepared.preview.lines[1]).toContain('Not revoked (TEMPORARY_KEY)');
  });
});

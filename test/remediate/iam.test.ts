import { DeleteAccessKeyCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../src/aws/clients.js';
import { deleteKeyStep } from '../../src/remediate/iam.js';

const iam = mockClient(IAMClient);
const clients = { iam: new IAMClient({ region: 'us-east-1' }) } as unknown as AwsClients;
const context = {
  dryRun: false,
  incidentId: 'INC-1',
  actionId: 'ACT-1',
  actor: 'U1',
  now: () => new Date('2026-11-26T10:00:00Z'),
  results: new Map(),
};
const keys = (status: 'Active' | 'Inactive' | undefined) => ({
  AccessKeyMetadata: status ? [{ AccessKeyId: 'AKIAEXAMPLE1', Status: status, UserName: 'bob' }] : [],
  $metadata: { requestId: 'req-list' },
});

beforeEach(() => iam.reset());

describe('deleteKeyStep', () => {
  it('re-reads the key and deletes it while it is still inactive, keeping the request ids', async () => {
    iam.on(ListAccessKeysCommand).resolves(keys('Inactive'));
    iam.on(DeleteAccessKeyCommand).resolves({ $metadata: { requestId: 'req-delete' } });
    const outcome = await deleteKeyStep('bob', 'AKIAEXAMPLE1', clients).run(context);
    expect(outcome).toMatchObject({
      status: 'done',
      before: { status: 'Inactive' },
      after: { status: 'deleted' },
      requestIds: ['req-list', 'req-delete'],
    });
    expect(iam.commandCalls(DeleteAccessKeyCommand)[0]!.args[0].input).toEqual({
      UserName: 'bob',
      AccessKeyId: 'AKIAEXAMPLE1',
    });
  });

  it('leaves alone a key someone reactivated since, and says why', async () => {
    iam.on(ListAccessKeysCommand).resolves(keys('Active'));
    const outcome = await deleteKeyStep('bob', 'AKIAEXAMPLE1', clients).run(context);
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toBe('KEY_ACTIVE_AGAIN');
    expect(iam.commandCalls(DeleteAccessKeyCommand)).toHaveLength(0);
  });

  it('treats a key already gone as done, without calling delete', async () => {
    iam.on(ListAccessKeysCommand).resolves(keys(undefined));
    const outcome = await deleteKeyStep('bob', 'AKIAEXAMPLE1', clients).run(context);
    expect(outcome).toMatchObject({ status: 'done', note: 'already deleted' });
    expect(iam.commandCalls(DeleteAccessKeyCommand)).toHaveLength(0);
  });

  it('turns AccessDenied into a failed step with a stable code, never a throw', async () => {
    iam.on(ListAccessKeysCommand).resolves(keys('Inactive'));
    iam.on(DeleteAccessKeyCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDenied',
        $metadata: { requestId: 'req-denied' },
      }),
    );
    const outcome = await deleteKeyStep('bob', 'AKIAEXAMPLE1', clients).run(context);
    expect(outcome.status).toBe('failed');
    expect(outcome.error?.code).toMatch(/ACCESS_DENIED|AWS_/);
    expect(outcome.requestIds).toContain('req-denied');
  });
});

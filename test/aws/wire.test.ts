import { DescribeInstancesCommand, ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { GetRoleCommand, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsCallError, callAws } from '../../src/aws/call.js';
import { type AwsClientFactoryOptions, createAwsClientFactory } from '../../src/aws/clients.js';
import { isDryRunSuccess } from '../../src/aws/errors.js';
import { callerIdentity } from '../../src/aws/identity.js';
import { useEnv } from './env.js';
import { type Reply, type SeenRequest, startFakeAws, xml } from './fake-aws.js';

/**
 * The real SDK stack against a loopback stand-in for AWS: signing, retries, timeouts, credentials and error
 * deserialization all run as they would in production.
 */

const ACCOUNT = '111122223333';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/firebreak-responder`;
const BASE_KEY = 'AKIAFAKEBASE00000001';
const ASSUMED_KEY = 'ASIAFAKEASSUMED00001';
const staticCredentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };

let restoreEnv: () => void;
let fake: Awaited<ReturnType<typeof startFakeAws>> | undefined;
beforeEach(() => {
  restoreEnv = useEnv({ AWS_ACCESS_KEY_ID: BASE_KEY, AWS_SECRET_ACCESS_KEY: 'base-secret' });
});
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  restoreEnv();
});

async function target(reply: (request: SeenRequest) => Reply, options: AwsClientFactoryOptions = {}) {
  fake = await startFakeAws(reply);
  const factory = createAwsClientFactory({ credentials: staticCredentials, endpoint: fake.url, ...options });
  return { factory, clients: factory.forTarget({ account: ACCOUNT, region: 'eu-west-1' }), seen: fake.seen };
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as AwsCallError,
  );

describe('AWS errors as the SDK really delivers them', () => {
  it('maps an EC2 UnauthorizedOperation with its request id', async () => {
    const { clients } = await target(() =>
      xml.ec2Error(
        403,
        'UnauthorizedOperation',
        'You are not authorized to perform this operation.',
        'req-ec2-403',
      ),
    );
    const error = await failureOf(
      callAws('ModifyNetworkInterfaceAttribute on eni-0abc', () =>
        clients.ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: 'eni-0abc' })),
      ),
    );
    expect(error.code).toBe('AWS_ACCESS_DENIED');
    expect(error.awsCode).toBe('UnauthorizedOperation');
    expect(error.requestId).toBe('req-ec2-403');
    expect(error.message).toContain('add the permission ec2:ModifyNetworkInterfaceAttribute');
  });

  it('maps an IAM NoSuchEntity', async () => {
    const { clients } = await target(() =>
      xml.queryError(404, 'NoSuchEntity', 'The role with name gone cannot be found.', 'req-iam-404'),
    );
    const error = await failureOf(
      callAws('GetRole on gone', () => clients.iam.send(new GetRoleCommand({ RoleName: 'gone' }))),
    );
    expect(error.code).toBe('AWS_NOT_FOUND');
    expect(error.awsCode).toMatch(/^NoSuchEntity/);
    expect(error.requestId).toBe('req-iam-404');
    expect(error.message).toContain('The role with name gone cannot be found.');
  });

  it('falls back to the request id in the error body when the header is missing', async () => {
    const { clients } = await target(() => ({
      ...xml.queryError(404, 'NoSuchEntity', 'The role with name gone cannot be found.', 'req-in-body'),
      headers: {},
    }));
    const error = await failureOf(
      callAws('GetRole on gone', () => clients.iam.send(new GetRoleCommand({ RoleName: 'gone' }))),
    );
    expect(error.requestId).toBe('req-in-body');
  });

  it('recognises a DryRunOperation answer', async () => {
    const { clients } = await target(() =>
      xml.ec2Error(
        412,
        'DryRunOperation',
        'Request would have succeeded, but DryRun flag is set.',
        'req-dry',
      ),
    );
    const error = await failureOf(
      callAws('ModifyNetworkInterfaceAttribute on eni-0abc', () =>
        clients.ec2.send(
          new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: 'eni-0abc', DryRun: true }),
        ),
      ),
    );
    expect(isDryRunSuccess(error)).toBe(true);
  });

  it('retries a throttled call and returns the eventual success', async () => {
    const { clients, seen } = await target((request) =>
      request.action === 'DescribeInstances' && seenCount(request) === 1
        ? xml.ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.', 'req-throttled')
        : xml.describeInstances('req-after-throttle'),
    );
    const { requestId } = await callAws('DescribeInstances', () =>
      clients.ec2.send(new DescribeInstancesCommand({})),
    );
    expect(requestId).toBe('req-after-throttle');
    expect(seen.map((r) => r.action)).toEqual(['DescribeInstances', 'DescribeInstances']);
  });

  it('gives up on a failing service after maxAttempts (3 by default)', async () => {
    const { clients, seen } = await target(() =>
      xml.ec2Error(500, 'InternalError', 'An internal error has occurred', 'req-500'),
    );
    const error = await failureOf(
      callAws('DescribeInstances', () => clients.ec2.send(new DescribeInstancesCommand({}))),
    );
    expect(error.code).toBe('AWS_UNAVAILABLE');
    expect(seen).toHaveLength(3);
    expect(error.message).toContain('after 3 attempts');
  });

  it('abandons a request AWS never answers', async () => {
    const { clients } = await target(() => 'hang', { timeoutMs: 200, maxAttempts: 1 });
    const error = await failureOf(
      callAws('DescribeInstances', () => clients.ec2.send(new DescribeInstancesCommand({}))),
    );
    expect(error.code).toBe('AWS_TIMEOUT');
  });

  it('reports an endpoint nobody listens on as unreachable', async () => {
    const closed = await startFakeAws(() => 'hang');
    await closed.close();
    const clients = createAwsClientFactory({
      credentials: staticCredentials,
      endpoint: closed.url,
      maxAttempts: 1,
    }).forTarget({ region: 'eu-west-1' });
    const error = await failureOf(
      callAws('DescribeInstances', () => clients.ec2.send(new DescribeInstancesCommand({}))),
    );
    expect(error.code).toBe('AWS_UNREACHABLE');
    expect(error.awsCode).toBe('ECONNREFUSED');
  });
});

let counts = new WeakMap<SeenRequest, number>();
let perAction = new Map<string, number>();
beforeEach(() => {
  counts = new WeakMap();
  perAction = new Map();
});
/** How many requests of this action the fake has seen, this one included. */
function seenCount(request: SeenRequest): number {
  const known = counts.get(request);
  if (known !== undefined) return known;
  const next = (perAction.get(request.action) ?? 0) + 1;
  perAction.set(request.action, next);
  counts.set(request, next);
  return next;
}

describe('assuming the responder role', () => {
  const roleTarget = (reply: (request: SeenRequest) => Reply) =>
    target(reply, {
      credentials: undefined,
      roleArnTemplate: 'arn:aws:iam::{account}:role/firebreak-responder',
    });

  const answers = (request: SeenRequest): Reply => {
    switch (request.action) {
      case 'AssumeRole':
        return xml.assumeRole(ASSUMED_KEY, request.params.get('RoleArn') ?? '');
      case 'DescribeInstances':
        return xml.describeInstances('req-ec2');
      case 'ListAccountAliases':
        return xml.listAccountAliases();
      case 'GetCallerIdentity':
        return xml.ok(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::999988887777:assumed-role/firebreak-host/i-0abc</Arn><UserId>AROAFAKE:i-0abc</UserId><Account>999988887777</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>req-who</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
        );
      default:
        return xml.queryError(400, 'InvalidAction', request.action, 'req-bad');
    }
  };
  const signedWith = (request: SeenRequest) => /Credential=([A-Z0-9]+)\//.exec(request.authorization)?.[1];

  it('assumes the role once per target, from the base identity, and signs every service with it', async () => {
    const { clients, seen } = await roleTarget(answers);

    await clients.ec2.send(new DescribeInstancesCommand({}));
    await clients.iam.send(new ListAccountAliasesCommand({}));
    await clients.ec2.send(new DescribeInstancesCommand({}));

    const assumes = seen.filter((r) => r.action === 'AssumeRole');
    expect(assumes).toHaveLength(1);
    expect(Object.fromEntries(assumes[0]!.params)).toMatchObject({
      RoleArn: ROLE,
      RoleSessionName: `firebreak-${ACCOUNT}`,
      DurationSeconds: '900',
    });
    expect(signedWith(assumes[0]!)).toBe(BASE_KEY);
    for (const request of seen.filter((r) => r.action !== 'AssumeRole')) {
      expect(signedWith(request)).toBe(ASSUMED_KEY);
    }
  });

  it('asks who the bot is with its base identity, not the assumed role', async () => {
    const { factory, seen } = await roleTarget(answers);

    const identity = await callerIdentity(factory.baseIdentityClient('eu-west-1'));

    expect(identity.principalArn).toBe('arn:aws:iam::999988887777:role/firebreak-host');
    expect(seen.map((r) => r.action)).toEqual(['GetCallerIdentity']);
    expect(signedWith(seen[0]!)).toBe(BASE_KEY);
  });

  it('explains a refused AssumeRole in terms of the trust policy, and tries again next time', async () => {
    const { clients, seen } = await roleTarget((request) =>
      request.action === 'AssumeRole'
        ? xml.queryError(
            403,
            'AccessDenied',
            `User: arn:aws:sts::999988887777:assumed-role/firebreak-host/i-0abc is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`,
            'req-sts-denied',
          )
        : answers(request),
    );

    const describe = () =>
      callAws('DescribeInstances on i-0abc', () => clients.ec2.send(new DescribeInstancesCommand({})));
    const error = await failureOf(describe());

    expect(error.code).toBe('AWS_ACCESS_DENIED');
    expect(error.message).toMatch(/^DescribeInstances on i-0abc: Firebreak cannot assume /);
    expect(error.message).toContain(ROLE);
    expect(error.message).toContain('trust policy');
    expect(error.requestId).toBe('req-sts-denied');

    await failureOf(describe());
    expect(seen.filter((r) => r.action === 'AssumeRole')).toHaveLength(2);
    expect(seen.filter((r) => r.action === 'DescribeInstances')).toHaveLength(0);
  });
});

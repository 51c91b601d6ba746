import { readFileSync } from 'node:fs';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsClientEngine } from '../../src/aws/client-engine.js';
import {
  type AwsClient,
  type AwsClients,
  awsClientsOn,
  createAwsClientFactory,
} from '../../src/aws/clients.js';
import { readClientsOn } from '../../src/aws/read-clients.js';
import { useEnv } from './env.js';

const credentials = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test' };
const ACCOUNT = '111122223333';

let restoreEnv: () => void;
beforeEach(() => {
  restoreEnv = useEnv();
});
afterEach(() => restoreEnv());

/** Records where each request would go, after endpoint resolution, and stops it before it leaves the process. */
const STOP = new Error('stopped before sending');
function captureUrls(urls: string[]) {
  return (client: AwsClient) => {
    // Each client's stack is typed by its own commands, so the union must be narrowed to add to it.
    (client as STSClient).middlewareStack.add(
      () => async (args) => {
        const request = args.request as { protocol: string; hostname: string; port?: number };
        urls.push(`${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}`);
        throw STOP;
      },
      { step: 'build', name: 'captureUrl' },
    );
  };
}

async function urlOf(
  clients: AwsClients,
  urls: string[],
  service: 'ec2' | 'iam',
): Promise<string | undefined> {
  const before = urls.length;
  const sent =
    service === 'ec2'
      ? clients.ec2.send(new DescribeInstancesCommand({}))
      : clients.iam.send(new ListAccountAliasesCommand({}));
  await expect(sent).rejects.toBe(STOP);
  return urls.slice(before)[0];
}

describe('createAwsClientFactory: one set of clients per target', () => {
  it('reuses clients for the same account and region, and keeps targets apart', () => {
    const factory = createAwsClientFactory({ credentials });
    const first = factory.forTarget({ account: ACCOUNT, region: 'eu-west-1' });

    expect(factory.forTarget({ account: ACCOUNT, region: 'eu-west-1' })).toBe(first);
    expect(factory.forTarget({ account: ACCOUNT, region: 'us-east-1' }).ec2).not.toBe(first.ec2);
    expect(factory.forTarget({ account: '444455556666', region: 'eu-west-1' }).ec2).not.toBe(first.ec2);
    expect(factory.forTarget({ region: 'eu-west-1' }).ec2).not.toBe(first.ec2);
    expect(first).toMatchObject({ account: ACCOUNT, region: 'eu-west-1' });
  });

  it('calls decorate once for each client it creates, and not on reuse', () => {
    const seen: Array<{ client: AwsClient; service: string; account?: string; region: string }> = [];
    const factory = createAwsClientFactory({
      credentials,
      decorate: (client, about) => seen.push({ client, ...about }),
    });
    const clients = factory.forTarget({ account: ACCOUNT, region: 'eu-west-1' });
    factory.forTarget({ account: ACCOUNT, region: 'eu-west-1' });

    expect(seen.map((s) => s.service)).toEqual([
      'ec2',
      'autoScaling',
      'iam',
      'sts',
      'cloudTrail',
      'cloudWatch',
      'cloudTrail',
    ]);
    expect(seen.map((s) => s.client)).toEqual([
      clients.ec2,
      clients.autoScaling,
      clients.iam,
      clients.sts,
      clients.cloudTrail,
      clients.cloudWatch,
      clients.cloudTrailUsEast1,
    ]);
    expect(seen.slice(0, 6).every((s) => s.account === ACCOUNT && s.region === 'eu-west-1')).toBe(true);
    expect(seen[6]).toMatchObject({ account: ACCOUNT, region: 'us-east-1' });
    expect(factory.forTarget({ account: ACCOUNT, region: 'us-east-1' }).cloudTrailUsEast1).toBe(
      factory.forTarget({ account: ACCOUNT, region: 'us-east-1' }).cloudTrail,
    );
  });

  it('gives every client the timeouts handler and standard retries', async () => {
    const { ec2, iam } = createAwsClientFactory({ credentials }).forTarget({ region: 'eu-west-1' });
    expect(ec2.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    expect(await ec2.config.maxAttempts()).toBe(3);
    expect(await ec2.config.retryStrategy()).toMatchObject({ mode: 'standard' });
    expect(iam.config.requestHandler).not.toBe(ec2.config.requestHandler);

    const custom = createAwsClientFactory({ credentials, maxAttempts: 5 }).forTarget({ region: 'eu-west-1' });
    expect(await custom.iam.config.maxAttempts()).toBe(5);
  });

  it('serves the base identity without assuming a role', () => {
    const factory = createAwsClientFactory({ credentials, roleArnTemplate: 'arn:aws:iam::{account}:role/r' });
    expect(factory.baseIdentityClient('eu-west-1')).toBe(factory.forTarget({ region: 'eu-west-1' }).sts);
  });

  it('creates fresh clients after destroy', () => {
    const factory = createAwsClientFactory({ credentials });
    const before = factory.forTarget({ region: 'eu-west-1' });
    factory.destroy();
    expect(factory.forTarget({ region: 'eu-west-1' })).not.toBe(before);
  });
});

describe('createAwsClientFactory: role ARNs', () => {
  it('builds the role ARN from the template', () => {
    const factory = createAwsClientFactory({
      roleArnTemplate: 'arn:aws:iam::{account}:role/ir/firebreak-responder',
    });
    expect(factory.roleArnFor(ACCOUNT)).toBe('arn:aws:iam::111122223333:role/ir/firebreak-responder');
  });

  it('has no role without a template', () => {
    expect(createAwsClientFactory().roleArnFor(ACCOUNT)).toBeUndefined();
  });

  it.each([
    'arn:aws:iam::111122223333:role/fixed',
    'arn:aws:iam::{account}:user/firebreak',
    'firebreak-responder',
  ])('refuses the template %s', (roleArnTemplate) => {
    expect(() => createAwsClientFactory({ roleArnTemplate })).toThrow(
      expect.objectContaining({ code: 'AWS_BAD_CONFIG' }),
    );
  });
});

describe('createAwsClientFactory: targets are validated', () => {
  const factory = createAwsClientFactory({ credentials });

  it.each([
    'us-east-1',
    'ap-southeast-2',
    'us-gov-west-1',
    'cn-northwest-1',
    'us-isob-east-1',
    'eusc-de-east-1',
  ])('accepts the region %s', (region) => {
    expect(factory.forTarget({ region }).region).toBe(region);
  });

  it.each([
    '',
    'US-EAST-1',
    'us-east',
    'useast1',
    'us-east-1.evil.example',
    'us-east-1/..',
    'us_east_1',
    'local',
  ])('refuses the region %j', (region) => {
    expect(() => factory.forTarget({ region })).toThrow(expect.objectContaining({ code: 'AWS_BAD_TARGET' }));
  });

  it.each(['12345678901', '1234567890123', 'abcdefghijkl', ' 111122223333', '111122223333\n'])(
    'refuses the account %j',
    (account) => {
      expect(() => factory.forTarget({ account, region: 'us-east-1' })).toThrow(
        expect.objectContaining({ code: 'AWS_BAD_TARGET' }),
      );
      expect(() => factory.roleArnFor(account)).toThrow(expect.objectContaining({ code: 'AWS_BAD_TARGET' }));
    },
  );
});

describe('createAwsClientFactory: endpoints', () => {
  it('sets no endpoint in code unless configured, so requests go to AWS', async () => {
    const urls: string[] = [];
    const clients = createAwsClientFactory({ credentials, decorate: captureUrls(urls) }).forTarget({
      region: 'eu-west-1',
    });

    expect(clients.ec2.config.endpoint).toBeUndefined();
    expect(clients.ec2.config.isCustomEndpoint).toBe(false);
    expect(await urlOf(clients, urls, 'ec2')).toBe('https://ec2.eu-west-1.amazonaws.com');
    expect(await urlOf(clients, urls, 'iam')).toBe('https://iam.amazonaws.com');
  });

  it('leaves AWS_ENDPOINT_URL working', async () => {
    restoreEnv();
    restoreEnv = useEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:4566' });
    const urls: string[] = [];
    const clients = createAwsClientFactory({ credentials, decorate: captureUrls(urls) }).forTarget({
      region: 'eu-west-1',
    });

    expect(await urlOf(clients, urls, 'ec2')).toBe('http://127.0.0.1:4566');
    expect(await urlOf(clients, urls, 'iam')).toBe('http://127.0.0.1:4566');
  });

  it('leaves AWS_ENDPOINT_URL_<SERVICE> working for that service only', async () => {
    restoreEnv();
    restoreEnv = useEnv({ AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:4599' });
    const urls: string[] = [];
    const clients = createAwsClientFactory({ credentials, decorate: captureUrls(urls) }).forTarget({
      region: 'eu-west-1',
    });

    expect(await urlOf(clients, urls, 'iam')).toBe('http://127.0.0.1:4599');
    expect(await urlOf(clients, urls, 'ec2')).toBe('https://ec2.eu-west-1.amazonaws.com');
  });

  it('sends every service to an explicitly configured endpoint', async () => {
    const urls: string[] = [];
    const clients = createAwsClientFactory({
      credentials,
      endpoint: 'http://127.0.0.1:7777',
      decorate: captureUrls(urls),
    }).forTarget({ account: ACCOUNT, region: 'eu-west-1' });

    expect(clients.ec2.config.isCustomEndpoint).toBe(true);
    expect(await urlOf(clients, urls, 'ec2')).toBe('http://127.0.0.1:7777');
    expect(await urlOf(clients, urls, 'iam')).toBe('http://127.0.0.1:7777');
  });
});

describe('read clients: CloudTrail and CloudWatch without the containment packages', () => {
  it('share the engine with the containment set: one client per service, account and region, decorated once', () => {
    const decorated: string[] = [];
    const engine = createAwsClientEngine({
      credentials,
      decorate: (_client, about) => decorated.push(`${about.service}/${about.region}`),
    });
    const read = readClientsOn(engine);
    const trail = read.cloudTrail({ account: ACCOUNT, region: 'eu-west-1' });
    const graph = read.cloudWatch({ account: ACCOUNT, region: 'eu-west-1' });
    const full = awsClientsOn(engine).forTarget({ account: ACCOUNT, region: 'eu-west-1' });
    expect(full.cloudTrail).toBe(trail);
    expect(full.cloudWatch).toBe(graph);
    expect(decorated.filter((entry) => entry === 'cloudTrail/eu-west-1')).toHaveLength(1);
    expect(() => read.cloudTrail({ account: 'not-an-account', region: 'eu-west-1' })).toThrow();
  });

  it('import no containment SDK package at run time (the EC2 package alone is about 100 MB)', () => {
    const heavy = /^import (?!type )[^;]*from '@aws-sdk\/client-(ec2|iam|auto-scaling|sts)'/m;
    for (const file of ['client-engine.ts', 'read-clients.ts', 'errors.ts', 'credentials.ts', 'target.ts']) {
      const source = readFileSync(new URL(`../../src/aws/${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(heavy);
    }
  });
});

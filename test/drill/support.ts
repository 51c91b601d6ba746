import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { expect } from 'vitest';
import { SimulatedAccount, type SimulatedAccountOptions } from '../../src/drill/account.js';
import { attachSimulatedAccount } from '../../src/drill/attach.js';
import { seedDrillEnvironment } from '../../src/drill/seed.js';
import { DRILL_REGION } from '../../src/drill/seed-ids.js';

export { DRILL_IDS as IDS } from '../../src/drill/seed-ids.js';

/** Fails the test if the SDK ever gets as far as sending a request. */
export const noNetwork = {
  handled: 0,
  async handle(): Promise<never> {
    noNetwork.handled += 1;
    throw new Error('a request reached the network');
  },
};

export const CLIENT_CONFIG = {
  region: DRILL_REGION,
  credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  requestHandler: noNetwork,
  maxAttempts: 1,
};

export function seededAccount(options: SimulatedAccountOptions = {}): SimulatedAccount {
  const account = new SimulatedAccount(options);
  seedDrillEnvironment(account);
  return account;
}

export interface Drill {
  account: SimulatedAccount;
  ec2: EC2Client;
  autoScaling: AutoScalingClient;
  iam: IAMClient;
  sts: STSClient;
  cloudTrail: CloudTrailClient;
}

/** Real SDK clients, configured as production would be, with the seeded account behind them. */
export function drill(account: SimulatedAccount = seededAccount()): Drill {
  const clients = {
    ec2: new EC2Client(CLIENT_CONFIG),
    autoScaling: new AutoScalingClient(CLIENT_CONFIG),
    iam: new IAMClient(CLIENT_CONFIG),
    sts: new STSClient(CLIENT_CONFIG),
    cloudTrail: new CloudTrailClient(CLIENT_CONFIG),
  };
  for (const client of Object.values(clients)) attachSimulatedAccount(client, account);
  return { account, ...clients };
}

/** The error a promise rejects with, so tests can assert on its class and fields. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  expect.unreachable('expected the call to fail');
  throw new Error('unreachable');
}

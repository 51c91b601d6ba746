import type { AwsClientFactoryOptions } from '../aws/clients.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { SimulatedAccount } from './account.js';
import { attachSimulatedAccount, type SdkClientLike } from './attach.js';
import { seedDrillEnvironment } from './seed.js';

/** Drill credentials are fake on purpose: drill mode must never fall back to the default credential chain. */
const DRILL_CREDENTIALS = {
  accessKeyId: 'DRILLDRILLDRILLDRILL',
  secretAccessKey: 'drill-mode-has-no-secret',
};

/**
 * The AWS side of drill mode: either an emulator named explicitly (FIREBREAK_DRILL_AWS_ENDPOINT), or the
 * simulated account behind the SDK, seeded once and kept in FIREBREAK_DRILL_STATE (when set) so a restarted
 * bot finds the AWS it left.
 */
export function drillAws(
  config: Pick<Config, 'drillStatePath' | 'drillAwsEndpoint' | 'drillLatencyMs'>,
  logger: Logger,
): Pick<AwsClientFactoryOptions, 'credentials' | 'decorate' | 'endpoint'> & { account?: SimulatedAccount } {
  if (config.drillAwsEndpoint) {
    logger.warn(
      { endpoint: config.drillAwsEndpoint },
      'drill mode: AWS calls go to the emulator named in FIREBREAK_DRILL_AWS_ENDPOINT',
    );
    return { credentials: DRILL_CREDENTIALS, endpoint: config.drillAwsEndpoint };
  }
  const account = config.drillStatePath
    ? SimulatedAccount.open({ persistPath: config.drillStatePath }, seedDrillEnvironment)
    : new SimulatedAccount();
  if (!config.drillStatePath) seedDrillEnvironment(account);
  // Real AWS answers in tens of milliseconds; a drill can be made to feel like it (and tests can interrupt it).
  account.latencyMs = config.drillLatencyMs;
  logger.warn(
    { state: config.drillStatePath ?? 'memory', account: account.accountId },
    'drill mode: AWS calls go to a simulated account (DRILL — simulated account)',
  );
  return { account, ...simulatedAccountClients(account) };
}

/** Client factory options that put every client Firebreak makes in front of `account` (drill, tests, benchmarks). */
export function simulatedAccountClients(
  account: SimulatedAccount,
): Required<Pick<AwsClientFactoryOptions, 'credentials' | 'decorate'>> {
  return {
    credentials: DRILL_CREDENTIALS,
    decorate: (client) => {
      attachSimulatedAccount(client as unknown as SdkClientLike, account);
    },
  };
}

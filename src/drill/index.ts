export {
  type AccountSnapshot,
  DEFAULT_ACCOUNT_ID,
  SimulatedAccount,
  type SimulatedAccountOptions,
  type SimulatedCallResult,
} from './account.js';
export { attachSimulatedAccount, type SdkClientLike, SIMULATED_ACCOUNT_MIDDLEWARE } from './attach.js';
export type { CallRecord } from './call-log.js';
export { DrillUnsupportedCommandError, DrillUnsupportedError } from './errors.js';
export type { FaultSpec, InjectedFault } from './faults.js';
export { seedDrillEnvironment } from './seed.js';
export { DRILL_ACCOUNT_ID, DRILL_IDS, DRILL_REGION } from './seed-ids.js';
export { SIMULATED_SERVICES } from './services.js';
export type { ResourceState } from './state.js';

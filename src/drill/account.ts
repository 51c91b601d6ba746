import { randomUUID } from 'node:crypto';
import { type CallRecord, toJsonValue } from './call-log.js';
import { ownCallRecord, recordsInCloudTrail } from './cloudtrail/own-calls.js';
import type { HandlerContext, Operation, SimulatedService } from './context.js';
import { AwsFault, DrillUnsupportedCommandError } from './errors.js';
import { type ResponseMetadata, responseMetadata, toServiceException } from './exceptions.js';
import { defaultFaultMessage, FaultInjector } from './faults.js';
import { fileExists, readJsonFile, writeJsonFileAtomic } from './persistence.js';
import { SIMULATED_SERVICES } from './services.js';
import { emptyResourceState, type ResourceState } from './state.js';

export const DEFAULT_ACCOUNT_ID = '123456789012';

export interface SimulatedAccountOptions {
  accountId?: string;
  /** What sts:GetCallerIdentity answers. Defaults to an assumed role of the bot. */
  callerArn?: string;
  /** When set, the whole state is written here, synchronously, after every call and every mutation. */
  persistPath?: string;
  /** Delay before each call is answered, applied with a timer so concurrent calls overlap. */
  latencyMs?: number;
  now?: () => Date;
  /** The call log keeps the most recent calls only. */
  callLogLimit?: number;
}

/** The file format: resource state plus the call log, versioned so a stale file fails loudly. */
export interface AccountSnapshot {
  format: 'firebreak-drill-account';
  version: 1;
  state: ResourceState;
  callLog: CallRecord[];
}

export interface SimulatedCallResult {
  output: Record<string, unknown> & { $metadata: ResponseMetadata };
  requestId: string;
}

const DRY_RUN_MESSAGE = 'Request would have succeeded, but DryRun flag is set.';

function isSnapshot(value: unknown): value is AccountSnapshot {
  const candidate = value as Partial<AccountSnapshot> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.format === 'firebreak-drill-account' &&
    candidate.version === 1 &&
    typeof candidate.state === 'object' &&
    Array.isArray(candidate.callLog)
  );
}

/** Copies a result the way the SDK would build it: no undefined members, and nothing shared with the state. */
function detach(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  // Blobs (GetMetricWidgetImage's PNG) stay bytes.
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(detach);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== undefined) out[key] = detach(member);
    }
    return out;
  }
  return value;
}

/**
 * A stateful AWS account that answers the real SDK clients (see attachSimulatedAccount). State is plain
 * JSON; mutating calls run on a draft that is committed only if the call succeeds, so a failed or dry-run
 * call changes nothing, as in AWS.
 */
export class SimulatedAccount {
  readonly faults = new FaultInjector();
  latencyMs: number;
  readonly persistPath: string | undefined;
  #state: ResourceState;
  #calls: CallRecord[];
  readonly #now: () => Date;
  readonly #callLogLimit: number;

  constructor(options: SimulatedAccountOptions = {}, snapshot?: AccountSnapshot) {
    const accountId = snapshot?.state.accountId ?? options.accountId ?? DEFAULT_ACCOUNT_ID;
    this.#state = snapshot
      ? structuredClone(snapshot.state)
      : emptyResourceState(
          accountId,
          options.callerArn ?? `arn:aws:sts::${accountId}:assumed-role/firebreak-bot/firebreak`,
        );
    if (snapshot && options.callerArn) this.#state.callerArn = options.callerArn;
    this.#calls = snapshot ? structuredClone(snapshot.callLog) : [];
    this.latencyMs = options.latencyMs ?? 0;
    this.persistPath = options.persistPath;
    this.#now = options.now ?? (() => new Date());
    this.#callLogLimit = options.callLogLimit ?? 5000;
  }

  static fromJSON(json: AccountSnapshot | string, options: SimulatedAccountOptions = {}): SimulatedAccount {
    const parsed: unknown = typeof json === 'string' ? JSON.parse(json) : json;
    if (!isSnapshot(parsed))
      throw new Error('Not a Firebreak drill account snapshot (format firebreak-drill-account, version 1)');
    return new SimulatedAccount(options, parsed);
  }

  /** Reads a state file written by `persistPath` (by this process or another). */
  static load(path: string, options: SimulatedAccountOptions = {}): SimulatedAccount {
    return SimulatedAccount.fromJSON(readJsonFile(path) as AccountSnapshot, options);
  }

  /**
   * Resumes the account saved at `persistPath`, or creates it and runs `seed` once. This is how a bot
   * restarted mid-incident finds the AWS it left.
   */
  static open(
    options: SimulatedAccountOptions & { persistPath: string },
    seed?: (account: SimulatedAccount) => void,
  ): SimulatedAccount {
    if (fileExists(options.persistPath)) return SimulatedAccount.load(options.persistPath, options);
    const account = new SimulatedAccount(options);
    seed?.(account);
    account.save();
    return account;
  }

  get accountId(): string {
    return this.#state.accountId;
  }

  get callerArn(): string {
    return this.#state.callerArn;
  }

  set callerArn(arn: string) {
    this.#state.callerArn = arn;
    this.#persist();
  }

  /** The call log, oldest first (a copy). */
  get calls(): CallRecord[] {
    return structuredClone(this.#calls);
  }

  clearCallLog(): void {
    this.#calls = [];
    this.#persist();
  }

  toJSON(): AccountSnapshot {
    return {
      format: 'firebreak-drill-account',
      version: 1,
      state: structuredClone(this.#state),
      callLog: structuredClone(this.#calls),
    };
  }

  save(path: string | undefined = this.persistPath): void {
    if (!path) throw new Error('No path to save the simulated account to');
    writeJsonFileAtomic(path, {
      format: 'firebreak-drill-account',
      version: 1,
      state: this.#state,
      callLog: this.#calls,
    });
  }

  /**
   * Starts the account over (the drill page's Reset): a fresh state seeded by `seed`, an empty call log and no
   * pending faults. The account id and caller stay.
   */
  reseed(seed: (account: SimulatedAccount) => void): void {
    const fresh = new SimulatedAccount({
      accountId: this.accountId,
      callerArn: this.callerArn,
      now: this.#now,
    });
    seed(fresh);
    this.#state = fresh.#state;
    this.#calls = [];
    this.faults.clear();
    this.#persist();
  }

  /** Changes state directly (seeding, test set-up) on a draft committed when `change` returns. */
  mutate<T>(region: string, change: (ctx: HandlerContext) => T): T {
    const draft = structuredClone(this.#state);
    const result = change({ state: draft, region, now: this.#now(), requestId: randomUUID() });
    this.#state = draft;
    this.#persist();
    return result;
  }

  /** Reads state without copying it; `read` must not change what it is given. */
  inspect<T>(read: (state: Readonly<ResourceState>) => T): T {
    return read(this.#state);
  }

  /**
   * Answers one SDK command as AWS would: the output with `$metadata`, or a thrown service exception.
   * `region` is the client's region; global services may omit it.
   */
  async call(
    clientName: string,
    commandName: string,
    input: object,
    region: string | undefined,
  ): Promise<SimulatedCallResult> {
    const requestId = randomUUID();
    const service = SIMULATED_SERVICES[clientName];
    const eventName = commandName.replace(/Command$/, '');
    const operation = service?.operations[eventName];
    // The global setTimeout (not timers/promises) so that tests can drive latency with fake timers.
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const callRegion = service?.globalRegion ?? region;
    if (!callRegion) throw new Error('Region is missing');
    const parameters = (input ?? {}) as Record<string, unknown>;
    const dryRun = Boolean(service?.dryRun && parameters.DryRun === true);
    const record: CallRecord = {
      eventId: randomUUID(),
      time: this.#now().toISOString(),
      command: commandName,
      eventName,
      eventSource: service?.eventSource ?? clientName,
      client: clientName,
      region: callRegion,
      requestId,
      principalArn: this.#state.callerArn,
      readOnly: operation?.readOnly ?? false,
      dryRun,
      input: toJsonValue(parameters),
      outcome: 'success',
    };
    try {
      if (!service || !operation) throw new DrillUnsupportedCommandError(clientName, commandName);
      const output = this.#run(service, operation, eventName, parameters, callRegion, requestId, dryRun);
      this.#record(record);
      return { output: { ...output, $metadata: responseMetadata(200, requestId) }, requestId };
    } catch (error) {
      this.#record({
        ...record,
        outcome: 'error',
        errorCode: error instanceof AwsFault ? error.code : (error as Error).name,
        errorMessage: (error as Error).message,
      });
      if (error instanceof AwsFault && service)
        throw toServiceException(service.exceptions, error, requestId);
      throw error;
    }
  }

  #run(
    service: SimulatedService,
    operation: Operation,
    eventName: string,
    input: Record<string, unknown>,
    region: string,
    requestId: string,
    dryRun: boolean,
  ): Record<string, unknown> {
    const fault = this.faults.take(service.clientName, eventName, input);
    if (fault) {
      const action = `${service.actionPrefix}:${eventName}`;
      throw new AwsFault(
        fault.code,
        fault.message ?? defaultFaultMessage(fault.code, action, this.#state.callerArn),
        fault.status,
      );
    }
    const writes = !operation.readOnly || dryRun;
    const state = writes ? structuredClone(this.#state) : this.#state;
    const result = operation.handler({ state, region, now: this.#now(), requestId }, structuredClone(input));
    // Validation ran above, so a dry run that gets here would have succeeded; its draft is dropped.
    if (dryRun) throw new AwsFault('DryRunOperation', DRY_RUN_MESSAGE);
    if (!operation.readOnly) this.#state = state;
    return detach(result) as Record<string, unknown>;
  }

  #record(record: CallRecord): void {
    this.#calls.push(record);
    if (recordsInCloudTrail(record)) {
      this.#state.cloudTrail ??= { events: [] };
      this.#state.cloudTrail.events.push(ownCallRecord(record, this.#state.accountId));
    }
    if (this.#calls.length > this.#callLogLimit)
      this.#calls.splice(0, this.#calls.length - this.#callLogLimit);
    this.#persist();
  }

  #persist(): void {
    if (this.persistPath) this.save(this.persistPath);
  }
}

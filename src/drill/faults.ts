import { defaultStatus } from './errors.js';

/** An AWS error to answer instead of running a command, for tests and benchmarks of failure paths. */
export interface FaultSpec {
  /** Operation or command name: 'ModifyNetworkInterfaceAttribute' and 'ModifyNetworkInterfaceAttributeCommand' both work. */
  command: string;
  /** The AWS error code, e.g. 'UnauthorizedOperation', 'RequestLimitExceeded', 'AccessDenied'. */
  error: string;
  /** Defaults to the wording AWS uses for the common codes. */
  message?: string;
  /** Defaults to the status AWS answers with for the code (403, 503, 412, …; else 400). */
  status?: number;
  /** Restricts the fault to matching calls, e.g. one network interface. */
  when?: (input: Readonly<Record<string, unknown>>) => boolean;
  /** Lets this many matching calls succeed first: `skip: 1, times: 1` fails only the second. */
  skip?: number;
  /** How many calls fail; unlimited by default. */
  times?: number;
  /** Restricts the fault to one SDK client, e.g. 'EC2Client', when two services share a command name. */
  client?: string;
}

export interface InjectedFault {
  readonly spec: Readonly<FaultSpec>;
  /** Calls this fault failed. */
  readonly hits: number;
  /** Calls that matched it, failed or let through. */
  readonly matched: number;
  remove(): void;
}

interface Entry {
  spec: FaultSpec;
  operation: string;
  hits: number;
  matched: number;
}

export interface TriggeredFault {
  code: string;
  message?: string;
  status: number;
}

/** Faults live in memory only: they hold functions, and a restarted process starts without them. */
export class FaultInjector {
  #entries: Entry[] = [];

  inject(spec: FaultSpec): InjectedFault {
    const entry: Entry = { spec, operation: spec.command.replace(/Command$/, ''), hits: 0, matched: 0 };
    this.#entries.push(entry);
    const entries = () => this.#entries;
    const remove = () => {
      this.#entries = entries().filter((candidate) => candidate !== entry);
    };
    return {
      spec,
      get hits() {
        return entry.hits;
      },
      get matched() {
        return entry.matched;
      },
      remove,
    };
  }

  clear(): void {
    this.#entries = [];
  }

  /** The first fault that applies to this call, counted as used; undefined lets the call through. */
  take(
    clientName: string,
    operation: string,
    input: Readonly<Record<string, unknown>>,
  ): TriggeredFault | undefined {
    for (const entry of this.#entries) {
      const { spec } = entry;
      if (entry.operation !== operation || (spec.client && spec.client !== clientName)) continue;
      if (spec.when && !spec.when(input)) continue;
      entry.matched += 1;
      if (entry.matched <= (spec.skip ?? 0)) continue;
      if (entry.hits >= (spec.times ?? Number.POSITIVE_INFINITY)) continue;
      entry.hits += 1;
      return {
        code: spec.error,
        status: spec.status ?? defaultStatus(spec.error),
        ...(spec.message === undefined ? {} : { message: spec.message }),
      };
    }
    return undefined;
  }
}

/** The wording AWS uses for the errors tests inject most. */
export function defaultFaultMessage(code: string, action: string, principalArn: string): string {
  switch (code) {
    case 'UnauthorizedOperation':
      return (
        `You are not authorized to perform this operation. User: ${principalArn} is not authorized to perform: ` +
        `${action} because no identity-based policy allows the ${action} action. ` +
        'Encoded authorization failure message: drill-simulated'
      );
    case 'AccessDenied':
    case 'AccessDeniedException':
      return `User: ${principalArn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action`;
    case 'RequestLimitExceeded':
      return 'Request limit exceeded.';
    case 'Throttling':
    case 'ThrottlingException':
      return 'Rate exceeded';
    case 'InternalError':
    case 'InternalFailure':
      return 'An internal error has occurred';
    case 'ServiceUnavailable':
    case 'Unavailable':
      return 'The service is unavailable. Please try again shortly.';
    case 'ResourceContention':
      return 'You already have a pending update to an Auto Scaling resource (for example, a group, instance, or load balancer).';
    default:
      return `Simulated ${code}`;
  }
}

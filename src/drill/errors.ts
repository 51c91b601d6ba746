/**
 * The HTTP status AWS answers with for the codes the drill throws. Anything else is a 400 client error,
 * which is what most AWS validation errors are.
 */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  UnauthorizedOperation: 403,
  AccessDenied: 403,
  AccessDeniedException: 403,
  AuthFailure: 401,
  DryRunOperation: 412,
  RequestLimitExceeded: 503,
  ServiceUnavailable: 503,
  Unavailable: 503,
  InternalError: 500,
  InternalFailure: 500,
  ServiceFailure: 500,
  ResourceContention: 500,
  NoSuchEntity: 404,
  EntityAlreadyExists: 409,
  LimitExceeded: 409,
  ConcurrentModification: 409,
};

export function defaultStatus(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/**
 * What a simulated handler throws. The dispatcher turns it into the service's real SDK exception, with the
 * request id of the call, so handlers stay free of SDK error plumbing.
 */
export class AwsFault extends Error {
  readonly code: string;
  readonly status: number;

  constructor(code: string, message: string, status: number = defaultStatus(code)) {
    super(message);
    this.name = 'AwsFault';
    this.code = code;
    this.status = status;
  }
}

export function missingParameter(name: string): AwsFault {
  return new AwsFault('MissingParameter', `The request must contain the parameter ${name}`);
}

export function invalidParameterValue(message: string): AwsFault {
  return new AwsFault('InvalidParameterValue', message);
}

export function invalidParameterCombination(message: string): AwsFault {
  return new AwsFault('InvalidParameterCombination', message);
}

/** Auto Scaling, IAM and STS report bad input as ValidationError. */
export function validationError(message: string): AwsFault {
  return new AwsFault('ValidationError', message);
}

/**
 * A gap in the simulation: thrown as a plain Error, never as an AWS error, so it is not mistaken for AWS
 * behaviour and never answered silently.
 */
export class DrillUnsupportedError extends Error {
  constructor(message: string) {
    super(`${message}. Add it under src/drill/ before relying on it in drill mode or tests.`);
    this.name = 'DrillUnsupportedError';
  }
}

export class DrillUnsupportedCommandError extends DrillUnsupportedError {
  readonly clientName: string;
  readonly commandName: string;

  constructor(clientName: string, commandName: string) {
    super(`The simulated AWS account does not implement ${clientName} ${commandName}`);
    this.name = 'DrillUnsupportedCommandError';
    this.clientName = clientName;
    this.commandName = commandName;
  }
}

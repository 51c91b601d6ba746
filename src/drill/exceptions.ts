import type { AwsFault } from './errors.js';

/** The SDK's `$metadata`, as every output and service exception carries it. */
export interface ResponseMetadata {
  httpStatusCode: number;
  requestId: string;
  attempts: number;
  totalRetryDelay: number;
}

/** A service's base exception class, e.g. EC2ServiceException. */
export type BaseExceptionClass = new (options: {
  name: string;
  $fault: 'client' | 'server';
  $metadata: ResponseMetadata;
  message?: string;
}) => Error;

/** A modelled exception class, e.g. IAM's NoSuchEntityException, which fixes its own name and fault. */
export type ModeledExceptionClass = new (options: { $metadata: ResponseMetadata; message: string }) => Error;

export interface ExceptionClasses {
  base: BaseExceptionClass;
  /** Wire error code → the class the SDK deserialises it into. Unlisted codes use the base class. */
  modeled: Readonly<Record<string, ModeledExceptionClass>>;
}

export function responseMetadata(httpStatusCode: number, requestId: string): ResponseMetadata {
  return { httpStatusCode, requestId, attempts: 1, totalRetryDelay: 0 };
}

/**
 * Builds the error the SDK itself would throw for this AWS error response: the real service exception class
 * (so `instanceof EC2ServiceException` holds), `name` set to the error code for unmodelled errors, and the
 * `Code` and `Error` fields the query protocols copy from the response body.
 */
export function toServiceException(exceptions: ExceptionClasses, fault: AwsFault, requestId: string): Error {
  const $metadata = responseMetadata(fault.status, requestId);
  const $fault = fault.status >= 500 ? 'server' : 'client';
  const Modeled = exceptions.modeled[fault.code];
  const error = Modeled
    ? new Modeled({ $metadata, message: fault.message })
    : new exceptions.base({ name: fault.code, $fault, $metadata, message: fault.message });
  Object.assign(error, {
    $fault,
    $metadata,
    message: fault.message,
    Code: fault.code,
    Error: { Type: $fault === 'server' ? 'Receiver' : 'Sender', Code: fault.code, Message: fault.message },
  });
  return error;
}

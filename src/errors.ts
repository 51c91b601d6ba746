import { escapeMrkdwn } from './slack/mrkdwn.js';

/**
 * Every error a responder can see carries a stable code and a message they can act on.
 * Anything else is a bug: it is logged with its stack and the user gets a generic line with the code INTERNAL.
 */
export class FirebreakError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FirebreakError';
  }
}

export class StoreUnavailableError extends FirebreakError {
  constructor(operation: string, cause?: unknown) {
    super(
      'STORE_UNAVAILABLE',
      `The incident store is unreachable (${operation}); nothing was changed. Try again shortly.`,
      {
        cause,
      },
    );
  }
}

export function isFirebreakError(error: unknown): error is FirebreakError {
  return error instanceof FirebreakError;
}

/**
 * The one line a user may see for any error: the code and the actionable message, never a stack. Messages quote
 * resource names, AWS error text and user input, so the line is escaped for Slack mrkdwn; only the user mentions
 * Firebreak itself writes (<@U…>) are let through.
 */
export function userMessage(error: unknown): string {
  if (isFirebreakError(error)) {
    return escapeMrkdwn(`${error.message} (${error.code})`).replace(/&lt;@([UW][A-Z0-9]{2,})&gt;/g, '<@$1>');
  }
  return 'Something went wrong on our side; it has been logged. Nothing was changed by this request. (INTERNAL)';
}

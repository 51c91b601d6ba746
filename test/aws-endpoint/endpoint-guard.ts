/**
 * Keeps the endpoint suite off real AWS. The suite creates and deletes VPCs and instances, so an endpoint
 * variable pointing at AWS (or a config that makes the SDK ignore the variable) must stop it before any client
 * exists; and every request is checked again as it leaves, whatever the SDK resolved from files or defaults.
 */
export const SKIP_LINE =
  'AWS endpoint suite skipped: set AWS_ENDPOINT_URL to run it against an AWS-compatible endpoint';

// URL.hostname keeps IPv6 literals bracketed.
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.has(hostname.toLowerCase());
}

export function remoteAllowed(env: NodeJS.ProcessEnv): boolean {
  return env.AWS_ENDPOINT_TEST_ALLOW_REMOTE === 'true';
}

/** Why the suite must not run against this environment, or undefined when it may. */
export function endpointRefusal(env: NodeJS.ProcessEnv): string | undefined {
  if (remoteAllowed(env)) return undefined;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') {
    return 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true makes the SDK ignore AWS_ENDPOINT_URL and call real AWS.';
  }
  // The per-service variables (AWS_ENDPOINT_URL_EC2, _IAM, …) win over the global one, so each is checked.
  for (const [name, value] of Object.entries(env)) {
    if (!/^AWS_ENDPOINT_URL(?:_[A-Z0-9_]+)?$/.test(name) || value === undefined || value === '') continue;
    let hostname: string;
    try {
      hostname = new URL(value).hostname;
    } catch {
      return `${name}=${JSON.stringify(value)} is not a URL.`;
    }
    if (!isLoopbackHost(hostname)) {
      return (
        `${name} points at ${hostname}, not a loopback host (127.0.0.1, localhost, ::1); ` +
        'set AWS_ENDPOINT_TEST_ALLOW_REMOTE=true to run the suite against it anyway.'
      );
    }
  }
  return undefined;
}

interface FinalizeArgs {
  input: object;
  request: unknown;
}

/** The part of an SDK v3 client the guard needs; every generated client has it. */
export interface GuardedClient {
  middlewareStack: {
    add(
      middleware: (
        next: (args: FinalizeArgs) => Promise<unknown>,
      ) => (args: FinalizeArgs) => Promise<unknown>,
      options: { step: 'finalizeRequest'; name: string; tags: string[] },
    ): void;
  };
}

/** Fails any request of `client` that would leave the machine, before it is sent. */
export function loopbackOnly(client: GuardedClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const hostname = (args.request as { hostname?: unknown }).hostname;
      if (typeof hostname !== 'string' || !isLoopbackHost(hostname)) {
        throw new Error(`endpoint suite refused a request to ${String(hostname)}: not a loopback host`);
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'endpointSuiteLoopbackOnly', tags: ['FIREBREAK_ENDPOINT_TEST'] },
  );
}

import type { SimulatedAccount } from './account.js';

/** The middleware's name on the client's stack, for inspection or removal. */
export const SIMULATED_ACCOUNT_MIDDLEWARE = 'firebreakSimulatedAccount';

interface MiddlewareContext {
  clientName?: string;
  commandName?: string;
}

type SimulatedMiddleware = (
  next: unknown,
  context: MiddlewareContext,
) => (args: { input: object }) => Promise<{ output: object; response: unknown }>;

/** The part of an AWS SDK v3 client the attachment needs; every generated client has it. */
export interface SdkClientLike {
  middlewareStack: {
    add(
      middleware: SimulatedMiddleware,
      options: { step: 'initialize'; priority: 'high'; name: string; override: boolean; tags: string[] },
    ): void;
    remove(toRemove: string): boolean;
  };
  config: { region?: unknown };
}

async function clientRegion(region: unknown): Promise<string | undefined> {
  try {
    const value = typeof region === 'function' ? await region() : region;
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    // The SDK throws "Region is missing"; global services answer without one, regional ones refuse later.
    return undefined;
  }
}

/**
 * Routes every command of `client` to the simulated account. The middleware runs first in the initialize
 * step and never calls `next`, so nothing is serialised, signed or sent: no credentials are resolved and no
 * request reaches the network. Product code keeps using the client unchanged. Returns a function that
 * detaches the account again.
 */
export function attachSimulatedAccount(client: SdkClientLike, account: SimulatedAccount): () => void {
  const middleware: SimulatedMiddleware = (_next, context) => async (args) => {
    const region = await clientRegion(client.config.region);
    const { output } = await account.call(
      context.clientName ?? 'UnknownClient',
      context.commandName ?? 'UnknownCommand',
      args.input,
      region,
    );
    return { output, response: {} };
  };
  client.middlewareStack.add(middleware, {
    step: 'initialize',
    priority: 'high',
    name: SIMULATED_ACCOUNT_MIDDLEWARE,
    override: true,
    tags: ['FIREBREAK_DRILL'],
  });
  return () => {
    client.middlewareStack.remove(SIMULATED_ACCOUNT_MIDDLEWARE);
  };
}

import type { Route } from '../config.js';

export interface RoutingFacts {
  topicArn: string;
  account?: string;
  alarmName: string;
}

/** FIREBREAK_ROUTES, in order; the first route that matches picks the channel, else the default channel. */
export function channelFor(facts: RoutingFacts, routes: readonly Route[], defaultChannel: string): string {
  const route = routes.find(({ match }) => {
    switch (match.kind) {
      case 'topic':
        return match.value === facts.topicArn;
      case 'account':
        return match.value === facts.account;
      case 'prefix':
        return facts.alarmName.startsWith(match.value);
      default:
        return false;
    }
  });
  return route?.channel ?? defaultChannel;
}

import { callAws } from '../../aws/call.js';

/** Runs one AWS call and returns its value; steps use one that also keeps the request ids for the timeline. */
export type Caller = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

export const plainCaller: Caller = async (what, fn) => (await callAws(what, fn)).value;

/** Follows NextToken until AWS stops sending one. */
export async function allPages<Page extends { NextToken?: string }, Item>(
  fetch: (token: string | undefined) => Promise<Page>,
  items: (page: Page) => Item[] | undefined,
): Promise<Item[]> {
  const all: Item[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    all.push(...(items(page) ?? []));
    token = page.NextToken;
  } while (token);
  return all;
}

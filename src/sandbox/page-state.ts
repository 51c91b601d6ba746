import type { MethodContext } from './methods/context.js';

/** What the drill page shows, read from the simulated workspace. Pure: no clock, no IO. */

export interface PageStateInput {
  ctx: MethodContext;
  /** The person the page is showing the workspace to: their ephemerals and modals only. */
  viewer?: string;
  version: number;
  commands: string[];
  shortcuts: { callback_id: string; name: string }[];
  alarms: { kind: string; label: string }[];
  info: Record<string, string>;
  viewErrors: ReadonlyMap<string, Record<string, string>>;
}

export function pageState(input: PageStateInput) {
  const { ctx, viewer } = input;
  const channel = ctx.directory.channel(ctx.directory.defaultChannelId());
  const users = ctx.directory.people();
  const nameOf = (id: string) => ctx.directory.user(id)?.name ?? id;
  const messages = channel
    ? ctx.conversations
        .messages(channel.id)
        .filter((m) => !m.deleted)
        .map((m) => ({
          ts: m.ts,
          thread_ts: m.thread_ts,
          user: m.user,
          user_name: nameOf(m.user),
          is_bot: m.bot_id !== undefined,
          text: m.text,
          blocks: m.blocks ?? null,
          edited: m.edits.length > 0,
          files: (m.files ?? []).map((f) => ({
            id: f.id,
            name: f.name,
            title: f.title ?? f.name,
            url: `/files/${f.id}`,
          })),
        }))
    : [];
  const ephemerals =
    viewer && channel
      ? ctx.conversations.ephemerals({ channel: channel.id, user: viewer }).map((e) => ({
          message_ts: e.message_ts,
          thread_ts: e.thread_ts,
          text: e.text,
          blocks: e.blocks ?? null,
        }))
      : [];
  const top = viewer ? ctx.modals.topOpenFor(viewer) : undefined;
  const view = top
    ? {
        id: top.id,
        callback_id: top.view.callback_id ?? '',
        title: top.view.title ?? null,
        submit: top.view.submit ?? null,
        close: top.view.close ?? null,
        blocks: top.view.blocks ?? [],
        errors: input.viewErrors.get(top.id) ?? {},
      }
    : null;
  return {
    version: input.version,
    banner: 'DRILL — simulated account',
    info: input.info,
    workspace: { team_domain: ctx.ids.teamDomain, bot_user_id: ctx.ids.botUserId },
    channel: channel ? { id: channel.id, name: channel.name } : null,
    users,
    viewer: viewer ?? null,
    commands: input.commands,
    shortcuts: input.shortcuts,
    alarms: input.alarms,
    messages,
    ephemerals,
    view,
  };
}

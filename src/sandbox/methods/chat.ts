import {
  fail,
  MAX_TEXT_LENGTH,
  type MethodHandler,
  messageResponse,
  ok,
  ratelimited,
  readBlocks,
  str,
} from './context.js';

/** chat.* as Slack answers it, in the order Slack checks: rate limit, channel, content. */

export const postMessage: MethodHandler = (args, ctx) => {
  const channelId = str(args.channel);
  if (channelId) {
    // The limit is per channel and counts every attempt, as Slack's does.
    const taken = ctx.postLimiter.take(channelId);
    if (!taken.allowed) return ratelimited(taken.retryAfterSeconds);
  }
  const access = ctx.directory.writable(channelId);
  if (!access.ok) return fail(access.error);
  const read = readBlocks(args.blocks);
  if ('reply' in read) return read.reply;
  const text = typeof args.text === 'string' ? args.text : '';
  if (text === '' && !read.blocks && !args.attachments) return fail('no_text');
  if (text.length > MAX_TEXT_LENGTH) return fail('msg_too_long');
  let threadTs: string | undefined;
  if (str(args.thread_ts)) {
    // A reply to a reply joins the parent's thread; a reply to nothing is refused so tests catch a wrong ts.
    const parent = ctx.conversations.find(access.channel.id, args.thread_ts);
    if (!parent) return fail('thread_not_found');
    threadTs = parent.thread_ts ?? parent.ts;
  }
  const message = ctx.conversations.post({
    channel: access.channel.id,
    thread_ts: threadTs,
    text,
    blocks: read.blocks,
    user: ctx.ids.botUserId,
    bot_id: ctx.ids.botId,
    metadata: args.metadata,
    via: 'web_api',
  });
  return ok({ channel: message.channel, ts: message.ts, message: messageResponse(message, ctx.ids) });
};

export const update: MethodHandler = (args, ctx) => {
  const access = ctx.directory.writable(args.channel);
  if (!access.ok) return fail(access.error);
  const message = ctx.conversations.find(access.channel.id, args.ts);
  if (!message) return fail('message_not_found');
  if (message.user !== ctx.ids.botUserId) return fail('cant_update_message');
  const read = readBlocks(args.blocks);
  if ('reply' in read) return read.reply;
  const text = typeof args.text === 'string' ? args.text : undefined;
  if (text === undefined && read.blocks === undefined && !args.attachments) return fail('no_text');
  if (text !== undefined && text.length > MAX_TEXT_LENGTH) return fail('msg_too_long');
  // Omitted blocks are kept and an empty array removes them, as in Slack.
  ctx.conversations.edit(message, { text, blocks: read.blocks });
  return ok({
    channel: message.channel,
    ts: message.ts,
    text: message.text,
    message: messageResponse(message, ctx.ids),
  });
};

export const postEphemeral: MethodHandler = (args, ctx) => {
  const access = ctx.directory.writable(args.channel);
  if (!access.ok) return fail(access.error);
  const user = ctx.directory.user(args.user);
  if (!user) return fail('user_not_found');
  if (access.channel.members && !access.channel.members.includes(user.id)) return fail('user_not_in_channel');
  const read = readBlocks(args.blocks);
  if ('reply' in read) return read.reply;
  const text = typeof args.text === 'string' ? args.text : '';
  if (text === '' && !read.blocks && !args.attachments) return fail('no_text');
  if (text.length > MAX_TEXT_LENGTH) return fail('msg_too_long');
  const stored = ctx.conversations.postEphemeral({
    channel: access.channel.id,
    user: user.id,
    thread_ts: str(args.thread_ts),
    text,
    blocks: read.blocks,
    via: 'web_api',
  });
  return ok({ message_ts: stored.message_ts });
};

export const getPermalink: MethodHandler = (args, ctx) => {
  const channel = ctx.directory.visible(args.channel);
  if (!channel) return fail('channel_not_found');
  const message = ctx.conversations.find(channel.id, args.message_ts);
  if (!message) return fail('message_not_found');
  const base = `https://${ctx.ids.teamDomain}.slack.com/archives/${channel.id}/p${message.ts.replace('.', '')}`;
  const permalink = message.thread_ts ? `${base}?thread_ts=${message.thread_ts}&cid=${channel.id}` : base;
  return ok({ channel: channel.id, permalink });
};

import { MAX_TEXT_LENGTH, type MethodContext, type Obj, readBlocks, type SimReply, str } from './context.js';

/**
 * A post to a response_url, applied as Slack applies it: replace or delete the message the interaction came from,
 * post to the channel (`in_channel`), or show the user an ephemeral (the default). Unlike the Web API, failures
 * here use HTTP status codes, as Slack's response_url and webhooks do.
 */
export function postToResponseUrl(id: string, body: Obj, ctx: MethodContext): SimReply {
  const use = ctx.responseUrls.use(id);
  if (!use.ok) return { status: 404, body: { ok: false, error: use.error } };
  const read = readBlocks(body.blocks);
  if ('reply' in read) return { ...read.reply, status: 400 };
  const text = typeof body.text === 'string' ? body.text : '';
  if (text.length > MAX_TEXT_LENGTH) return { status: 400, body: { ok: false, error: 'msg_too_long' } };
  const { context } = use;
  const original = context.messageTs ? ctx.conversations.find(context.channel, context.messageTs) : undefined;
  // An interaction on an ephemeral message: Slack replaces or deletes that ephemeral for its one viewer.
  const ephemeral = original ? undefined : ctx.conversations.findEphemeral(context.messageTs);

  if (body.delete_original === true || body.delete_original === 'true') {
    if (ephemeral) {
      ctx.conversations.replaceEphemeral(ephemeral, 'delete');
      return { status: 200, body: { ok: true } };
    }
    if (!original) return { status: 404, body: { ok: false, error: 'message_not_found' } };
    ctx.conversations.remove(original);
    return { status: 200, body: { ok: true } };
  }
  if (text === '' && !read.blocks) return { status: 400, body: { ok: false, error: 'no_text' } };
  const replace = body.replace_original === true || body.replace_original === 'true';
  if (replace && original) {
    ctx.conversations.edit(original, { text, blocks: read.blocks ?? [] });
    return { status: 200, body: { ok: true } };
  }
  if (replace && ephemeral) {
    ctx.conversations.replaceEphemeral(ephemeral, { text, blocks: read.blocks });
    return { status: 200, body: { ok: true } };
  }
  if (body.response_type === 'in_channel') {
    const parent = str(body.thread_ts) ? ctx.conversations.find(context.channel, body.thread_ts) : undefined;
    ctx.conversations.post({
      channel: context.channel,
      thread_ts: parent ? (parent.thread_ts ?? parent.ts) : undefined,
      text,
      blocks: read.blocks,
      user: ctx.ids.botUserId,
      bot_id: ctx.ids.botId,
      via: 'response_url',
    });
    return { status: 200, body: { ok: true } };
  }
  ctx.conversations.postEphemeral({
    channel: context.channel,
    user: context.user ?? '',
    thread_ts: str(body.thread_ts),
    text,
    blocks: read.blocks,
    via: 'response_url',
  });
  return { status: 200, body: { ok: true } };
}

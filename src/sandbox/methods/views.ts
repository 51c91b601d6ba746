import { modalViolations, viewResponse } from '../modals.js';
import { fail, type MethodHandler, type Obj, ok, type SimReply, str } from './context.js';

/** views.open / views.update / views.push: modals only (the bot has no App Home). */

function readView(value: unknown): { view: Obj } | { reply: SimReply } {
  let view = value;
  if (typeof view === 'string') {
    try {
      view = JSON.parse(view);
    } catch {
      return { reply: fail('invalid_arguments', ['[ERROR] view must be a JSON object']) };
    }
  }
  const problem = modalViolations(view);
  if (problem)
    return {
      reply: fail(
        problem.error,
        problem.messages.map((m) => `[ERROR] ${m}`),
      ),
    };
  return { view: view as Obj };
}

const triggerOf = (args: Obj): unknown => args.trigger_id ?? args.interactivity_pointer;

export const open: MethodHandler = (args, ctx) => {
  const read = readView(args.view);
  if ('reply' in read) return read.reply;
  if (ctx.modals.externalIdTaken(read.view.external_id)) return fail('duplicate_external_id');
  const trigger = ctx.triggers.exchange(triggerOf(args));
  if (!trigger.ok) return fail(trigger.error);
  const stored = ctx.modals.open(read.view, trigger.context.user);
  return ok({ view: viewResponse(stored, ctx.ids) });
};

export const push: MethodHandler = (args, ctx) => {
  const read = readView(args.view);
  if ('reply' in read) return read.reply;
  if (ctx.modals.externalIdTaken(read.view.external_id)) return fail('duplicate_external_id');
  const trigger = ctx.triggers.exchange(triggerOf(args));
  if (!trigger.ok) return fail(trigger.error);
  const under = trigger.context.viewId
    ? ctx.modals.find({ viewId: trigger.context.viewId })
    : ctx.modals.latestFor(trigger.context.user);
  if (!under) return fail('not_found');
  const stored = ctx.modals.push(read.view, under);
  if (stored === 'push_limit_reached') return fail('push_limit_reached');
  return ok({ view: viewResponse(stored, ctx.ids) });
};

export const update: MethodHandler = (args, ctx) => {
  const viewId = str(args.view_id);
  const externalId = str(args.external_id);
  if (!viewId && !externalId)
    return fail('invalid_arguments', ['[ERROR] view_id or external_id is required']);
  const stored = ctx.modals.find({ viewId, externalId });
  if (!stored) return fail('not_found');
  // The hash guards against a stale update overwriting a newer one, which is what the loading → filled pattern risks.
  if (str(args.hash) && args.hash !== stored.hash) return fail('hash_conflict');
  const read = readView(args.view);
  if ('reply' in read) return read.reply;
  const newExternal = str(read.view.external_id);
  if (newExternal && newExternal !== stored.external_id && ctx.modals.externalIdTaken(newExternal)) {
    return fail('duplicate_external_id');
  }
  ctx.modals.update(stored, read.view);
  return ok({ view: viewResponse(stored, ctx.ids) });
};

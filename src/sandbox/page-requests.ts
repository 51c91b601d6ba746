import { z } from 'zod';

/**
 * What the drill page may ask the simulator to do, validated before anything happens: a forged or malformed
 * request is refused with a 4xx and changes nothing. Pure.
 */

const id = (pattern: RegExp) => z.string().max(64).regex(pattern);
const userId = id(/^[UW][A-Z0-9]{2,}$/);
const channelId = id(/^[CGD][A-Z0-9]{2,}$/);
const ts = id(/^\d{9,11}\.\d{6}$/);
const viewId = id(/^V\d{10}$/);
const slackText = (max: number) => z.string().max(max);

export const commandRequest = z.object({
  user: userId,
  channel: channelId,
  text: slackText(4000).min(1),
});

const option = z.object({ value: slackText(2000), text: slackText(2000).optional() });

export const actionRequest = z
  .object({
    user: userId,
    channel: channelId.optional(),
    message_ts: ts.optional(),
    view_id: viewId.optional(),
    action: z.object({
      type: z.enum(['button', 'static_select', 'overflow']),
      action_id: slackText(255).min(1),
      block_id: slackText(255).optional(),
      value: slackText(2000).optional(),
      selected_option: option.optional(),
    }),
    /** The modal's input values when the action happened inside one. */
    values: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))).optional(),
  })
  .refine((body) => (body.view_id === undefined) !== (body.message_ts === undefined), {
    message: 'give either view_id or message_ts',
  })
  .refine((body) => body.message_ts === undefined || body.channel !== undefined, {
    message: 'a message action needs its channel',
  });

/** `state.values` as Slack sends it: block_id → action_id → the element's state. */
const inputState = z.union([
  z.object({ type: z.literal('plain_text_input'), value: slackText(3000).nullable() }),
  z.object({ type: z.literal('static_select'), selected_option: option.nullable() }),
  z.object({ type: z.literal('checkboxes'), selected_options: z.array(option).max(10) }),
]);

export const submitRequest = z.object({
  user: userId,
  view_id: viewId,
  values: z.record(slackText(255), z.record(slackText(255), inputState)),
});

export const closeViewRequest = z.object({ user: userId, view_id: viewId });

export const shortcutRequest = z.object({
  user: userId,
  channel: channelId,
  message_ts: ts,
  callback_id: slackText(255).min(1),
});

export const messageRequest = z.object({
  user: userId,
  channel: channelId,
  text: slackText(4000).min(1),
  thread_ts: ts.optional(),
});

export const alarmRequest = z.object({ kind: slackText(64).min(1) });

export type CommandRequest = z.infer<typeof commandRequest>;
export type ActionRequest = z.infer<typeof actionRequest>;
export type SubmitRequest = z.infer<typeof submitRequest>;

/** Finds `action_id` among a block list's interactive elements (actions blocks, section accessories, inputs). */
export function hasActionElement(blocks: unknown, actionId: string): boolean {
  if (!Array.isArray(blocks)) return false;
  const elementsOf = (block: Record<string, unknown>): unknown[] => [
    ...(Array.isArray(block.elements) ? block.elements : []),
    ...(block.accessory ? [block.accessory] : []),
    ...(block.element ? [block.element] : []),
  ];
  return blocks.some(
    (block) =>
      typeof block === 'object' &&
      block !== null &&
      elementsOf(block as Record<string, unknown>).some(
        (element) =>
          typeof element === 'object' &&
          element !== null &&
          (element as Record<string, unknown>).action_id === actionId,
      ),
  );
}

/** A slash command typed in the composer: `/ir status` → command and text. */
export function parseComposerCommand(text: string): { command: string; text: string } | undefined {
  const match = /^(\/[a-z0-9_-]{1,31})(?:\s+([\s\S]*))?$/.exec(text.trim());
  return match ? { command: match[1]!, text: (match[2] ?? '').trim() } : undefined;
}

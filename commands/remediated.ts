import { remediationLoadingModal } from '../src/remediate/blocks.js';
import type { SlashCommand } from './command.js';
import { assertTimelineOpen, incidentOrPicker, toolsOf } from './document-tools.js';

/**
 * `/ir remediated [inc=<id>] [note]`: status → remediated, then the remediation actions containment left open
 * (restore an instance, delete deactivated keys, remove deny policies), in a modal.
 */
export const remediatedCommand: SlashCommand = {
  name: 'remediated',
  usage: '[inc=<id>] [note]',
  summary: 'Mark an incident remediated, and see what containment left to restore or finalise.',
  examples: ['remediated', 'remediated inc=INC-12 patched the AMI and redeployed'],
  options: ['inc'],
  validate: (args) =>
    args.positional.join(' ').length > 3000
      ? 'the note is too long; keep it under 3000 characters'
      : undefined,
  async run(context) {
    const tools = toolsOf(context);
    const incident = await incidentOrPicker(context, 'remediated');
    if (!incident) return;
    assertTimelineOpen(incident);
    // The trigger id lives three seconds: the modal opens first (loading), the offers fill it afterwards.
    const opened = await context.slack
      .openView(context.triggerId, remediationLoadingModal(incident.id))
      .catch(() => undefined);
    const note = context.args.positional.join(' ').trim();
    const updated = await tools.remediation.markRemediated(incident.id, context.userId, note || undefined);
    if (opened) await context.slack.updateView(opened.viewId, await tools.modals.remediation(updated.id));
    await context.reply({ text: `${updated.id} is remediated.` });
  },
};

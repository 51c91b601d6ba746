import { loadingModal, messageModal, previewModal } from '../src/contain/blocks.js';
import { parseRevokeTarget, TARGET_USAGE } from '../src/contain/revoke/target.js';
import { userMessage } from '../src/errors.js';
import type { SlashCommand } from './command.js';
import { incidentForAction, regionFor, targetOptionProblem } from './target.js';

export const revokeCommand: SlashCommand = {
  name: 'revoke',
  usage: '<user|role|role-arn|access-key-id> [reason] [inc=<id>] [region=<region>] [account=<id>]',
  summary:
    'Preview, then revoke an IAM principal’s credentials: keys deactivated, a deny attached (reversible).',
  examples: ['revoke mallory leaked key', 'revoke AKIAIOSFODNN7EXAMPLE inc=INC-12', 'revoke web-app-role'],
  options: ['inc', 'region', 'account'],
  validate(args) {
    const [target] = args.positional;
    if (!target) return 'what to revoke is required (a user, a role or an access key id)';
    if (!parseRevokeTarget(target)) return `\`${target}\` is not ${TARGET_USAGE}`;
    return targetOptionProblem(args.options);
  },
  async run(context) {
    const [principal = '', ...reasonWords] = context.args.positional;
    const { viewId } = await context.slack.openView(context.triggerId, loadingModal(principal));
    try {
      const incident = await incidentForAction(context, `Credentials of ${principal}`, {
        kind: 'IamPrincipal',
        id: principal,
      });
      const record = await context.containment.preview('revoke', {
        incidentId: incident.id,
        target: {
          account: context.args.options.account ?? incident.account,
          region: regionFor(context, incident),
          resourceId: principal,
        },
        reason: reasonWords.join(' ') || undefined,
        requestedBy: context.userId,
      });
      await context.slack.updateView(viewId, previewModal(record));
    } catch (error) {
      await context.slack.updateView(viewId, messageModal('Cannot revoke', userMessage(error)));
    }
  },
};

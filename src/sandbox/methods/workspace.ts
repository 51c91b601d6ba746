import { fail, type MethodHandler, ok } from './context.js';

/** Read-only methods about the workspace: who the bot is, channels, people and user groups. */

export const authTest: MethodHandler = (_args, ctx) =>
  ok({
    url: `https://${ctx.ids.teamDomain}.slack.com/`,
    team: ctx.ids.teamDomain,
    user: 'firebreak',
    team_id: ctx.ids.teamId,
    user_id: ctx.ids.botUserId,
    bot_id: ctx.ids.botId,
    is_enterprise_install: false,
  });

export const conversationsInfo: MethodHandler = (args, ctx) => {
  const channel = ctx.directory.visible(args.channel);
  if (!channel) return fail('channel_not_found');
  return ok({
    channel: {
      id: channel.id,
      name: channel.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: channel.isPrivate === true,
      is_archived: false,
      is_general: false,
      is_member: channel.botIsMember !== false,
      context_team_id: ctx.ids.teamId,
      ...(channel.members ? { num_members: channel.members.length } : {}),
    },
  });
};

export const usersInfo: MethodHandler = (args, ctx) => {
  const user = ctx.directory.user(args.user);
  if (!user) return fail('user_not_found');
  const realName = user.realName ?? user.name;
  return ok({
    user: {
      id: user.id,
      team_id: ctx.ids.teamId,
      name: user.name,
      real_name: realName,
      deleted: user.deleted === true,
      is_admin: user.isAdmin === true,
      is_owner: false,
      is_bot: user.isBot === true,
      is_app_user: false,
      tz: user.tz ?? 'Etc/UTC',
      profile: { real_name: realName, display_name: user.name, team: ctx.ids.teamId },
    },
  });
};

export const usergroupsUsersList: MethodHandler = (args, ctx) => {
  const members = ctx.directory.usergroup(args.usergroup);
  if (!members) return fail('no_such_subteam');
  return ok({ users: members });
};

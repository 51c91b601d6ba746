/**
 * Who and what exists in the simulated workspace: channels, people and user groups. Configured at start and
 * extendable at run time (the drill page adds people); traffic is kept elsewhere so `reset()` never forgets them.
 */

export interface SimChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  /** Defaults to true. A public channel without the bot answers `not_in_channel`; a private one hides itself. */
  botIsMember?: boolean;
  /** When given, ephemerals to anyone else answer `user_not_in_channel`. */
  members?: string[];
}

export interface SimUser {
  id: string;
  name: string;
  realName?: string;
  isAdmin?: boolean;
  isBot?: boolean;
  deleted?: boolean;
  tz?: string;
}

export type ChannelAccess =
  | { ok: true; channel: SimChannel }
  | { ok: false; error: 'channel_not_found' | 'not_in_channel' };

export class Directory {
  private readonly channels = new Map<string, SimChannel>();
  private readonly users = new Map<string, SimUser>();
  private readonly usergroups = new Map<string, string[]>();

  constructor(init: { channels: SimChannel[]; users: SimUser[]; usergroups: Record<string, string[]> }) {
    for (const channel of init.channels) this.addChannel(channel);
    for (const user of init.users) this.addUser(user);
    for (const [id, members] of Object.entries(init.usergroups)) this.setUsergroup(id, members);
  }

  addChannel(channel: SimChannel): void {
    this.channels.set(channel.id, { ...channel });
  }

  addUser(user: SimUser): void {
    this.users.set(user.id, { ...user });
  }

  setUsergroup(id: string, members: string[]): void {
    this.usergroups.set(id, [...members]);
  }

  channel(id: unknown): SimChannel | undefined {
    return typeof id === 'string' ? this.channels.get(id) : undefined;
  }

  user(id: unknown): SimUser | undefined {
    return typeof id === 'string' ? this.users.get(id) : undefined;
  }

  /** The first channel configured: where the drill page shows the conversation. */
  defaultChannelId(): string | undefined {
    return this.channels.keys().next().value;
  }

  /** The people (not the bot) the drill page can act as. */
  people(): { id: string; name: string; realName?: string }[] {
    return [...this.users.values()]
      .filter((u) => !u.isBot && !u.deleted)
      .map((u) => ({ id: u.id, name: u.name, realName: u.realName }));
  }

  usergroup(id: unknown): string[] | undefined {
    return typeof id === 'string' ? this.usergroups.get(id) : undefined;
  }

  /** Whether the bot may write to a channel, answered as Slack does (private channels do not admit they exist). */
  writable(id: unknown): ChannelAccess {
    const channel = this.channel(id);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (channel.botIsMember === false) {
      return { ok: false, error: channel.isPrivate ? 'channel_not_found' : 'not_in_channel' };
    }
    return { ok: true, channel };
  }

  /** Like `writable`, but reading a public channel's info does not need membership. */
  visible(id: unknown): SimChannel | undefined {
    const channel = this.channel(id);
    if (!channel || (channel.isPrivate && channel.botIsMember === false)) return undefined;
    return channel;
  }
}

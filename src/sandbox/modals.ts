import { checkBlockKitLimits } from '../slack/block-limits.js';

/**
 * Modals the bot opened: each view keeps its versions (loading → filled is the pattern the three-second rule
 * forces), and views sit on stacks of at most three, as in Slack.
 */

export const MAX_VIEW_STACK = 3;
const MAX_VIEW_BYTES = 250 * 1024;

type Obj = Record<string, unknown>;

export interface StoredView {
  id: string;
  user?: string;
  root_view_id: string;
  previous_view_id: string | null;
  external_id: string;
  hash: string;
  /** The current definition as the bot last sent it. */
  view: Obj;
  /** Earlier definitions, oldest first. */
  versions: Array<{ view: Obj; replacedAt: number }>;
  /** Set when the person closed it or a submission closed it; a closed view is no longer shown. */
  closedAt?: number;
}

const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function plainText(where: string, value: unknown, max: number, required: boolean): string[] {
  if (value === undefined) return required ? [`${where} is required`] : [];
  if (!isObj(value) || value.type !== 'plain_text' || typeof value.text !== 'string') {
    return [`${where} must be a plain_text object`];
  }
  return value.text.length > max ? [`${where} must be at most ${max} characters`] : [];
}

/** The view-level checks Slack answers with `invalid_arguments`, then the blocks' limits for a modal. */
export function modalViolations(
  view: unknown,
): { error: 'invalid_arguments' | 'view_too_large'; messages: string[] } | undefined {
  if (!isObj(view)) return { error: 'invalid_arguments', messages: ['view must be a JSON object'] };
  if (Buffer.byteLength(JSON.stringify(view)) > MAX_VIEW_BYTES)
    return { error: 'view_too_large', messages: [] };
  const problems: string[] = [];
  if (view.type !== 'modal') problems.push('view.type must be "modal"');
  problems.push(...plainText('view.title', view.title, 24, true));
  problems.push(...plainText('view.submit', view.submit, 24, false));
  problems.push(...plainText('view.close', view.close, 24, false));
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255)
    problems.push('view.callback_id too long');
  if (typeof view.external_id === 'string' && view.external_id.length > 255)
    problems.push('view.external_id too long');
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    problems.push('view.private_metadata must be at most 3000 characters');
  }
  if (!Array.isArray(view.blocks)) {
    problems.push('view.blocks must be an array');
  } else {
    problems.push(...checkBlockKitLimits(view.blocks, 'modal'));
    const hasInput = view.blocks.some((block) => isObj(block) && block.type === 'input');
    if (hasInput && view.submit === undefined)
      problems.push('view.submit is required when the view has input blocks');
  }
  return problems.length > 0 ? { error: 'invalid_arguments', messages: problems } : undefined;
}

export class Modals {
  private readonly views = new Map<string, StoredView>();
  private counter = 0;

  constructor(private readonly now: () => number) {}

  private newHash(): string {
    return `${Math.floor(this.now() / 1000)}.${Math.random().toString(16).slice(2, 10)}`;
  }

  private newId(): string {
    this.counter += 1;
    return `V${String(this.counter).padStart(10, '0')}`;
  }

  externalIdTaken(externalId: unknown): boolean {
    return (
      typeof externalId === 'string' &&
      externalId !== '' &&
      [...this.views.values()].some((v) => v.external_id === externalId)
    );
  }

  open(view: Obj, user: string | undefined): StoredView {
    const id = this.newId();
    return this.store({ id, user, root_view_id: id, previous_view_id: null, view });
  }

  /** Pushes onto the stack holding `onTopOf`; refused when that stack already has three views. */
  push(view: Obj, onTopOf: StoredView): StoredView | 'push_limit_reached' {
    if (this.stack(onTopOf.root_view_id).length >= MAX_VIEW_STACK) return 'push_limit_reached';
    const top = this.stack(onTopOf.root_view_id).at(-1) ?? onTopOf;
    return this.store({
      id: this.newId(),
      user: onTopOf.user,
      root_view_id: top.root_view_id,
      previous_view_id: top.id,
      view,
    });
  }

  update(stored: StoredView, view: Obj): StoredView {
    stored.versions.push({ view: stored.view, replacedAt: this.now() });
    stored.view = view;
    stored.hash = this.newHash();
    if (typeof view.external_id === 'string') stored.external_id = view.external_id;
    return stored;
  }

  find(ref: { viewId?: unknown; externalId?: unknown }): StoredView | undefined {
    if (typeof ref.viewId === 'string' && ref.viewId !== '') return this.views.get(ref.viewId);
    if (typeof ref.externalId === 'string' && ref.externalId !== '') {
      return [...this.views.values()].find((v) => v.external_id === ref.externalId);
    }
    return undefined;
  }

  /** Closes `stored` and every view pushed on top of it, as closing or submitting a modal does in Slack. */
  close(stored: StoredView): void {
    const at = this.now();
    for (const view of this.stack(stored.root_view_id)) {
      if (view.id >= stored.id && view.closedAt === undefined) view.closedAt = at;
    }
  }

  /** The view a person is looking at: the top of their most recent open stack. */
  topOpenFor(user: string): StoredView | undefined {
    return [...this.views.values()].filter((v) => v.user === user && v.closedAt === undefined).at(-1);
  }

  latestFor(user: string | undefined): StoredView | undefined {
    return [...this.views.values()].filter((v) => user === undefined || v.user === user).at(-1);
  }

  stack(rootId: string): StoredView[] {
    return [...this.views.values()].filter((v) => v.root_view_id === rootId);
  }

  all(): StoredView[] {
    return [...this.views.values()];
  }

  clear(): void {
    this.views.clear();
  }

  private store(
    init: Pick<StoredView, 'id' | 'user' | 'root_view_id' | 'previous_view_id' | 'view'>,
  ): StoredView {
    const stored: StoredView = {
      ...init,
      external_id: typeof init.view.external_id === 'string' ? init.view.external_id : '',
      hash: this.newHash(),
      versions: [],
    };
    this.views.set(stored.id, stored);
    return stored;
  }
}

/** The view object Slack returns from views.open/update/push. */
export function viewResponse(stored: StoredView, ids: { teamId: string; appId: string; botId: string }): Obj {
  const { view } = stored;
  return {
    id: stored.id,
    team_id: ids.teamId,
    type: view.type,
    title: view.title,
    submit: view.submit ?? null,
    close: view.close ?? null,
    blocks: view.blocks,
    private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
    callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
    state: { values: {} },
    hash: stored.hash,
    clear_on_close: view.clear_on_close === true,
    notify_on_close: view.notify_on_close === true,
    root_view_id: stored.root_view_id,
    previous_view_id: stored.previous_view_id,
    app_id: ids.appId,
    external_id: stored.external_id,
    app_installed_team_id: ids.teamId,
    bot_id: ids.botId,
  };
}

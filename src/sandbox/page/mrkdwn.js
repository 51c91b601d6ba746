// Slack mrkdwn to DOM nodes. Never innerHTML: every piece of text becomes a text node, and only http(s) and
// mailto links become anchors. Bot messages carry attacker-influenced text (alarm descriptions, tags, CloudTrail).

const EMOJI = {
  red_circle: '🔴',
  large_green_circle: '🟢',
  large_yellow_circle: '🟡',
  large_orange_circle: '🟠',
  white_circle: '⚪',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  hourglass_flowing_sand: '⏳',
  hourglass: '⌛',
  fast_forward: '⏩',
  rotating_light: '🚨',
  lock: '🔒',
  unlock: '🔓',
  mag: '🔍',
  key: '🔑',
  fire: '🔥',
  shield: '🛡️',
  bell: '🔔',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  information_source: 'ℹ️',
  memo: '📝',
  clipboard: '📋',
  page_facing_up: '📄',
  chart_with_upwards_trend: '📈',
  construction: '🚧',
  eyes: '👀',
  stop_sign: '🛑',
  pushpin: '📌',
  arrows_counterclockwise: '🔄',
  leftwards_arrow_with_hook: '↩️',
  link: '🔗',
  bust_in_silhouette: '👤',
  ice_cube: '🧊',
  snowflake: '❄️',
  checkered_flag: '🏁',
  wrench: '🔧',
  ballot_box_with_check: '☑️',
  heavy_minus_sign: '➖',
  white_large_square: '⬜',
  black_large_square: '⬛',
  large_blue_circle: '🔵',
  arrow_right: '➡️',
  point_right: '👉',
  busts_in_silhouette: '👥',
  calendar: '📆',
  clock1: '🕐',
  gear: '⚙️',
  closed_book: '📕',
  paperclip: '📎',
  page_with_curl: '📃',
  bar_chart: '📊',
  inbox_tray: '📥',
  outbox_tray: '📤',
  spiral_note_pad: '🗒️',
  card_index: '📇',
  female_detective: '🕵️',
  detective: '🕵️',
  package: '📦',
  lock_with_ink_pen: '🔏',
  closed_lock_with_key: '🔐',
  label: '🏷️',
  question: '❓',
  exclamation: '❗',
  bulb: '💡',
  broom: '🧹',
  scroll: '📜',
};

const SAFE_URL = /^(https?:|mailto:)/i;

/** Slack escapes &, < and > in text; the page shows the characters. */
export function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

export function emoji(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

function link(target, label, names) {
  if (target.startsWith('@')) {
    const span = document.createElement('span');
    span.className = 'mention';
    const id = target.slice(1).split('|')[0];
    span.textContent = `@${names.user(id)}`;
    return span;
  }
  if (target.startsWith('#')) {
    const span = document.createElement('span');
    span.className = 'mention';
    const [id, name] = target.slice(1).split('|');
    span.textContent = `#${name ?? names.channel(id)}`;
    return span;
  }
  if (target.startsWith('!date^')) {
    // <!date^1795692664^{date_short_pretty} {time}|fallback>: shown in the viewer's time, as Slack does.
    const seconds = Number(target.split('^')[1]);
    const span = document.createElement('time');
    span.textContent = Number.isFinite(seconds)
      ? new Date(seconds * 1000).toLocaleString()
      : decodeEntities(label ?? '');
    if (label !== undefined) span.title = decodeEntities(label);
    return span;
  }
  if (target.startsWith('!')) {
    const span = document.createElement('span');
    span.className = 'mention';
    const [, name] = /^!(?:subteam\^)?([^|]+)(?:\|(.*))?$/.exec(target) ?? [];
    span.textContent = `@${name ?? target.slice(1)}`;
    return span;
  }
  const url = decodeEntities(target);
  const text = label === undefined ? url : decodeEntities(label);
  if (!SAFE_URL.test(url)) return document.createTextNode(text);
  const a = document.createElement('a');
  a.href = url;
  a.textContent = text;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  return a;
}

const INLINE =
  /<([^<>\s|][^<>|]*)(?:\|([^<>]*))?>|`([^`\n]+)`|(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])|(?<![\w_])_(?!\s)([^_\n]+?)_(?![\w_])|(?<![\w~])~(?!\s)([^~\n]+?)~(?![\w~])/g;

function inline(text, names, parent) {
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > last) parent.append(emoji(decodeEntities(text.slice(last, match.index))));
    const [, target, label, code, bold, italic, strike] = match;
    if (target !== undefined) parent.append(link(target, label, names));
    else if (code !== undefined) {
      const el = document.createElement('code');
      el.textContent = decodeEntities(code);
      parent.append(el);
    } else {
      const el = document.createElement(bold !== undefined ? 'strong' : italic !== undefined ? 'em' : 's');
      inline(bold ?? italic ?? strike, names, el);
      parent.append(el);
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(emoji(decodeEntities(text.slice(last))));
}

/** Renders mrkdwn into a new element. `names` resolves user and channel ids for mentions. */
export function renderMrkdwn(text, names) {
  const root = document.createElement('div');
  root.className = 'text';
  const parts = String(text ?? '').split('```');
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      const pre = document.createElement('pre');
      pre.textContent = decodeEntities(part.replace(/^\n/, ''));
      root.append(pre);
      return;
    }
    const lines = part.split('\n');
    lines.forEach((line, lineIndex) => {
      const quote = /^>\s?(.*)$/.exec(line);
      if (quote) {
        const block = document.createElement('blockquote');
        inline(quote[1], names, block);
        root.append(block);
        return;
      }
      inline(line, names, root);
      if (lineIndex < lines.length - 1) root.append('\n');
    });
  });
  return root;
}

/** plain_text objects: text only, with emoji when `emoji` is not false. */
export function renderPlain(object) {
  const text = typeof object === 'string' ? object : String(object?.text ?? '');
  return object?.emoji === false ? text : emoji(text);
}

/** A text object (mrkdwn or plain_text) as a node. */
export function renderText(object, names) {
  if (!object) return document.createTextNode('');
  if (object.type === 'mrkdwn') return renderMrkdwn(object.text, names);
  const span = document.createElement('span');
  span.className = 'text';
  span.textContent = renderPlain(object);
  return span;
}

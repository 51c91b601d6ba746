// The drill page: polls the simulator for the channel, ephemerals and modals, and sends what the person does to
// the simulator's /drill/* endpoints, which forward it to the bot signed, as Slack would.
import { renderBlocks } from './blocks.js';
import { renderMrkdwn, renderPlain } from './mrkdwn.js';

const $ = (id) => document.getElementById(id);
const state = {
  version: -1,
  data: null,
  viewer: localStorage.getItem('firebreak-drill-viewer') ?? 'U0ONCALL',
  thread: null,
  modalKey: '',
};

async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  poll(true);
  return answer;
}

const names = {
  user: (id) =>
    state.data?.users.find((u) => u.id === id)?.name ??
    (id === state.data?.workspace.bot_user_id ? 'firebreak' : id),
  channel: (id) => (state.data?.channel?.id === id ? state.data.channel.name : id),
};

function confirmDialog(confirm) {
  return new Promise((resolve) => {
    const box = $('confirm');
    box.replaceChildren();
    const title = document.createElement('h2');
    title.textContent = renderPlain(confirm.title ?? { text: 'Are you sure?' });
    const body = document.createElement('div');
    body.className = 'modal-body';
    body.append(
      confirm.text?.type === 'mrkdwn' ? renderMrkdwn(confirm.text.text, names) : renderPlain(confirm.text),
    );
    const foot = document.createElement('div');
    foot.className = 'modal-foot';
    const deny = document.createElement('button');
    deny.type = 'button';
    deny.textContent = renderPlain(confirm.deny ?? { text: 'Cancel' });
    deny.dataset.testid = 'confirm-deny';
    const ok = document.createElement('button');
    ok.type = 'button';
    ok.className = confirm.style === 'primary' ? 'primary' : 'danger';
    ok.textContent = renderPlain(confirm.confirm ?? { text: 'Yes' });
    ok.dataset.testid = 'confirm-ok';
    const done = (answer) => {
      $('confirm-overlay').hidden = true;
      resolve(answer);
    };
    deny.addEventListener('click', () => done(false));
    ok.addEventListener('click', () => done(true));
    foot.append(deny, ok);
    box.append(title, body, foot);
    $('confirm-overlay').hidden = false;
    ok.focus();
  });
}

function messageNode(message, options = {}) {
  const node = document.createElement('article');
  node.className = `message${options.ephemeral ? ' ephemeral' : ''}`;
  node.dataset.ts = message.ts ?? message.message_ts;
  node.dataset.testid = options.ephemeral ? 'ephemeral' : 'message';
  const head = document.createElement('div');
  const who = document.createElement('span');
  who.className = 'who';
  who.textContent = options.ephemeral ? 'firebreak' : message.user_name;
  if (options.ephemeral || message.is_bot) {
    const app = document.createElement('span');
    app.className = 'app';
    app.textContent = 'APP';
    who.append(app);
  }
  head.append(who);
  const when = document.createElement('span');
  when.className = 'when';
  const seconds = Number(message.ts ?? message.message_ts);
  when.textContent = Number.isFinite(seconds) ? new Date(seconds * 1000).toLocaleTimeString() : '';
  head.append(when);
  if (message.edited) {
    const edited = document.createElement('span');
    edited.className = 'edited';
    edited.textContent = '(edited)';
    head.append(edited);
  }
  if (options.ephemeral) {
    const only = document.createElement('span');
    only.className = 'only-you';
    only.textContent = ' · Only visible to you';
    head.append(only);
  }
  node.append(head);
  const ctx = {
    names,
    confirm: confirmDialog,
    onAction: (action) =>
      post('/drill/action', {
        user: state.viewer,
        channel: state.data.channel.id,
        message_ts: message.ts ?? message.message_ts,
        action,
      }).catch(showError),
  };
  if (message.blocks?.length) node.append(renderBlocks(message.blocks, ctx));
  else node.append(renderMrkdwn(message.text, names));
  for (const file of message.files ?? []) {
    const box = document.createElement('div');
    box.className = 'file';
    box.dataset.testid = 'file';
    const link = document.createElement('a');
    link.href = file.url;
    link.download = file.name;
    link.textContent = `📎 ${file.title}`;
    box.append(link);
    if (/\.png$/i.test(file.name)) {
      const img = document.createElement('img');
      img.src = file.url;
      img.alt = file.title;
      box.append(img);
    }
    node.append(box);
  }
  if (!options.ephemeral && state.data.shortcuts.length > 0) {
    const more = document.createElement('div');
    more.className = 'more';
    const select = document.createElement('select');
    select.setAttribute('aria-label', 'More actions');
    select.dataset.testid = 'shortcuts';
    const first = document.createElement('option');
    first.value = '';
    first.textContent = '⋯';
    select.append(first);
    for (const shortcut of state.data.shortcuts) {
      const option = document.createElement('option');
      option.value = shortcut.callback_id;
      option.textContent = shortcut.name;
      select.append(option);
    }
    select.addEventListener('change', () => {
      const callback = select.value;
      select.value = '';
      if (callback)
        post('/drill/shortcut', {
          user: state.viewer,
          channel: state.data.channel.id,
          message_ts: message.ts,
          callback_id: callback,
        }).catch(showError);
    });
    more.append(select);
    node.append(more);
  }
  if (options.replies !== undefined && options.replies > 0) {
    const replies = document.createElement('button');
    replies.type = 'button';
    replies.className = 'replies';
    replies.dataset.testid = 'replies';
    replies.textContent = `${options.replies} ${options.replies === 1 ? 'reply' : 'replies'}`;
    replies.addEventListener('click', () => openThread(message.ts));
    node.append(replies);
  }
  return node;
}

function openThread(ts) {
  state.thread = ts;
  $('thread').hidden = false;
  render();
}

function renderChannel() {
  const data = state.data;
  const top = data.messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const replies = (ts) => data.messages.filter((m) => m.thread_ts === ts && m.ts !== ts);
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const items = [
    ...top.map((m) => ({ ts: Number(m.ts), node: () => messageNode(m, { replies: replies(m.ts).length }) })),
    ...data.ephemerals
      .filter((e) => !e.thread_ts)
      .map((e) => ({ ts: Number(e.message_ts), node: () => messageNode(e, { ephemeral: true }) })),
  ].sort((a, b) => a.ts - b.ts);
  list.replaceChildren(...items.map((item) => item.node()));
  if (atBottom) list.scrollTop = list.scrollHeight;
  if (state.thread) {
    const parent = data.messages.find((m) => m.ts === state.thread);
    if (!parent) {
      state.thread = null;
      $('thread').hidden = true;
      return;
    }
    const threadItems = [
      ...replies(parent.ts).map((m) => ({ ts: Number(m.ts), node: () => messageNode(m) })),
      ...data.ephemerals
        .filter((e) => e.thread_ts === parent.ts)
        .map((e) => ({ ts: Number(e.message_ts), node: () => messageNode(e, { ephemeral: true }) })),
    ].sort((a, b) => a.ts - b.ts);
    $('thread-messages').replaceChildren(
      messageNode(parent),
      document.createElement('hr'),
      ...threadItems.map((i) => i.node()),
    );
  }
}

function renderModal() {
  const view = state.data.view;
  const overlay = $('modal-overlay');
  if (!view) {
    overlay.hidden = true;
    state.modalKey = '';
    return;
  }
  const key = `${view.id}:${JSON.stringify(view.blocks)}:${JSON.stringify(view.errors)}:${JSON.stringify(view.title)}`;
  if (key === state.modalKey && !overlay.hidden) return;
  state.modalKey = key;
  const box = $('modal');
  box.replaceChildren();
  box.dataset.viewId = view.id;
  box.dataset.callbackId = view.callback_id;
  const title = document.createElement('h2');
  title.textContent = renderPlain(view.title ?? { text: '' });
  const inputs = new Map();
  const values = () => {
    const out = {};
    for (const [blockId, input] of inputs) out[blockId] = { [input.actionId]: input.read() };
    return out;
  };
  const body = document.createElement('div');
  body.className = 'modal-body';
  body.append(
    renderBlocks(view.blocks, {
      names,
      inputs,
      errors: view.errors,
      confirm: confirmDialog,
      onAction: (action) =>
        post('/drill/action', { user: state.viewer, view_id: view.id, action, values: values() }).catch(
          showError,
        ),
    }),
  );
  const foot = document.createElement('div');
  foot.className = 'modal-foot';
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = renderPlain(view.close ?? { text: 'Cancel' });
  close.dataset.testid = 'modal-close';
  close.addEventListener('click', () =>
    post('/drill/close-view', { user: state.viewer, view_id: view.id }).catch(showError),
  );
  foot.append(close);
  if (view.submit) {
    const submit = document.createElement('button');
    submit.type = 'button';
    submit.className = 'primary';
    submit.textContent = renderPlain(view.submit);
    submit.dataset.testid = 'modal-submit';
    submit.addEventListener('click', async () => {
      submit.disabled = true;
      try {
        await post('/drill/submit', { user: state.viewer, view_id: view.id, values: values() });
      } catch (error) {
        showError(error);
      } finally {
        submit.disabled = false;
      }
    });
    foot.append(submit);
  }
  box.append(title, body, foot);
  overlay.hidden = false;
}

function renderChrome() {
  const data = state.data;
  $('info').textContent =
    `mode ${data.info.mode ?? ''} · account ${data.info.account ?? ''} · ${data.info.region ?? ''} · store ${data.info.store ?? ''}`;
  $('channel-name').textContent = `#${data.channel?.name ?? ''}`;
  const viewer = $('viewer');
  if (viewer.options.length !== data.users.length) {
    viewer.replaceChildren(
      ...data.users.map((u) => {
        const option = document.createElement('option');
        option.value = u.id;
        option.textContent = `${u.realName ?? u.name} (@${u.name})`;
        return option;
      }),
    );
  }
  if (!data.users.some((u) => u.id === state.viewer) && data.users.length > 0) {
    // A remembered person who is not in this workspace: act as the first one instead.
    state.viewer = data.users[0].id;
    poll(true);
  }
  viewer.value = state.viewer;
  const list = $('alarm-list');
  if (list.children.length !== data.alarms.length) {
    list.replaceChildren(
      ...data.alarms.map((alarm) => {
        const item = document.createElement('li');
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = alarm.label;
        b.dataset.testid = `alarm-${alarm.kind}`;
        b.addEventListener('click', async () => {
          b.disabled = true;
          try {
            const answer = await post('/drill/alarm', { kind: alarm.kind });
            $('alarm-status').textContent =
              `${alarm.label}: /sns answered ${answer.status} ${answer.body ?? ''}`;
          } catch (error) {
            showError(error);
          } finally {
            b.disabled = false;
          }
        });
        item.append(b);
        return item;
      }),
    );
  }
}

function render() {
  if (!state.data) return;
  renderChrome();
  renderChannel();
  renderModal();
}

function showError(error) {
  $('alarm-status').textContent = `Error: ${error.message}`;
}

let polling = false;
async function poll(force = false) {
  if (polling && !force) return;
  polling = true;
  try {
    const since = force ? -1 : state.version;
    const response = await fetch(`/drill/state?user=${encodeURIComponent(state.viewer)}&since=${since}`);
    const data = await response.json();
    if (!data.unchanged) {
      state.data = data;
      state.version = data.version;
      render();
    }
  } catch {
    // The bot is restarting or stopped; the next poll tries again.
  } finally {
    polling = false;
  }
}

$('composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (!text || !state.data) return;
  input.value = '';
  const channel = state.data.channel.id;
  try {
    if (text.startsWith('/')) await post('/drill/command', { user: state.viewer, channel, text });
    else await post('/drill/message', { user: state.viewer, channel, text });
  } catch (error) {
    showError(error);
  }
});
$('thread-composer').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('thread-input');
  const text = input.value.trim();
  if (!text || !state.thread) return;
  input.value = '';
  await post('/drill/message', {
    user: state.viewer,
    channel: state.data.channel.id,
    text,
    thread_ts: state.thread,
  }).catch(showError);
});
$('thread-close').addEventListener('click', () => {
  state.thread = null;
  $('thread').hidden = true;
});
$('viewer').addEventListener('change', (event) => {
  state.viewer = event.target.value;
  localStorage.setItem('firebreak-drill-viewer', state.viewer);
  poll(true);
});
$('reset').addEventListener('click', async () => {
  const ok = await confirmDialog({
    title: { type: 'plain_text', text: 'Reset the drill?' },
    text: {
      type: 'plain_text',
      text: 'This clears the channel, forgets the drill incidents and reseeds the simulated account.',
    },
    confirm: { type: 'plain_text', text: 'Reset' },
  });
  if (!ok) return;
  state.thread = null;
  $('thread').hidden = true;
  await post('/drill/reset', {}).catch(showError);
});

poll(true);
setInterval(() => poll(), 500);

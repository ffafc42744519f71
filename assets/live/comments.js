/* Comments on a selection of the live text (docs/live.md, "Comments").

   - Select text in a live field, press "Comment" (the button next to the selection, or
     Ctrl+Alt+M / Cmd+Alt+M), write, post: the comment is anchored by two Yjs relative
     positions, so it follows whatever the others type.
   - Anchored ranges are highlighted; the panel beside the text lists the threads in text
     order; clicking a highlight focuses its thread and clicking a thread shows its text.
   - Replies, resolve and reopen from the panel; resolved threads are not highlighted and
     are listed collapsed.
   - The server writes into the document's `threads` map after every change; each editor
     observes it and fetches the threads again, so everyone's panel follows at once.
   Plugged in through plugins.js; the server's JSON routes are /statements/<id>/threads. */
import * as Y from "yjs";
import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, keymap, showTooltip } from "@codemirror/view";
import { onReady, registerExtensions } from "./plugins.js";

const FIELD_ORDER = ["title", "lead", "dateline_city", "body"];
const setRanges = StateEffect.define();
const setFocused = StateEffect.define();

const state = {
  panel: null, strings: {}, url: "", lang: "", doc: null,
  threads: [], views: {}, ytexts: {}, focused: null, composer: null,
  cards: new Map(), fetching: null, again: false,
};

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

function t(key) { return state.strings[key] || key; }

function toBase64(bytes) {
  let binary = "";
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return window.btoa(binary);
}

function fromBase64(text) {
  const binary = window.atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
  return bytes;
}

/* Where a thread's anchor is now: {from, to} in its field, or null when it is not in this
   document. from === to: the commented text was deleted. */
function resolveAnchor(thread) {
  if (!thread.field || !thread.start || !thread.end) { return null; }
  if ((thread.lang || "") !== state.lang) { return null; }
  const ytext = state.ytexts[thread.field];
  if (!ytext || !state.doc) { return null; }
  try {
    const start = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(fromBase64(thread.start)), state.doc);
    const end = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(fromBase64(thread.end)), state.doc);
    if (!start || !end || start.type !== ytext || end.type !== ytext) { return null; }
    return { from: start.index, to: Math.max(start.index, end.index) };
  } catch (e) {
    return null;
  }
}

/* ---- the editor side: highlights, the "Comment" button, Ctrl+Alt+M ---- */

const highlights = StateField.define({
  create() { return { ranges: [], focused: null, deco: Decoration.none }; },
  update(value, tr) {
    let { ranges, focused } = value;
    let changed = false;
    if (tr.docChanged) {
      /* Until the positions are read again from Yjs (right after this change), follow it. */
      ranges = ranges.map((r) => ({
        ...r, from: tr.changes.mapPos(r.from, 1), to: tr.changes.mapPos(r.to, -1),
      }));
      changed = true;
    }
    tr.effects.forEach((effect) => {
      if (effect.is(setRanges)) { ranges = effect.value; changed = true; }
      if (effect.is(setFocused)) { focused = effect.value; changed = true; }
    });
    if (!changed) { return value; }
    const length = tr.state.doc.length;
    const marks = ranges
      .filter((r) => r.to > r.from && r.to <= length)
      .sort((a, b) => a.from - b.from || a.to - b.to)
      .map((r) => Decoration.mark({
        class: "cm-comment" + (r.id === focused ? " cm-comment-focused" : ""),
        attributes: { "data-thread": String(r.id) },
      }).range(r.from, r.to));
    return { ranges, focused, deco: Decoration.set(marks, true) };
  },
  provide: (field) => EditorView.decorations.from(field, (value) => value.deco),
});

function startComment(view, name) {
  const { from, to } = view.state.selection.main;
  if (from === to) { return false; }
  const ytext = state.ytexts[name];
  if (!ytext) { return false; }
  /* The start sticks to the first selected character, the end to the last one. */
  const start = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, from, 0));
  const end = Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(ytext, to, -1));
  openComposer({
    field: name, lang: state.lang, start: toBase64(start), end: toBase64(end),
    quote: view.state.doc.sliceString(from, to).slice(0, 500),
  }, view);
  return true;
}

function selectionTooltip(name) {
  return StateField.define({
    create: () => null,
    update(value, tr) {
      if (!tr.docChanged && !tr.selection) { return value; }
      const { from, to } = tr.state.selection.main;
      if (from === to) { return null; }
      return {
        pos: to, above: false, strictSide: false, arrow: false,
        create(view) {
          const dom = document.createElement("div");
          dom.className = "cm-comment-tooltip";
          const button = document.createElement("button");
          button.type = "button";
          button.className = "small";
          button.textContent = t("comment");
          button.title = t("commentHint");
          button.setAttribute("data-comment-selection", name);
          button.addEventListener("mousedown", (event) => event.preventDefault());
          button.addEventListener("click", () => startComment(view, name));
          dom.append(button);
          return { dom };
        },
      };
    },
    provide: (field) => showTooltip.from(field),
  });
}

function editorExtensions({ name, ytext }) {
  if (!FIELD_ORDER.includes(name)) { return []; }
  state.ytexts[name] = ytext;
  return [
    highlights,
    selectionTooltip(name),
    keymap.of([{ key: "Mod-Alt-m", run: (view) => startComment(view, name) }]),
    EditorView.domEventHandlers({
      click(event) {
        const mark = event.target.closest && event.target.closest("[data-thread]");
        if (mark) { focusThread(Number(mark.getAttribute("data-thread"))); }
        return false;
      },
    }),
  ];
}

/* Read every anchor again from Yjs and give each view its ranges. */
function refreshHighlights() {
  Object.entries(state.views).forEach(([name, view]) => {
    const ranges = [];
    state.threads.forEach((thread) => {
      if (thread.resolved || thread.field !== name) { return; }
      const where = resolveAnchor(thread);
      if (where) { ranges.push({ id: thread.id, ...where }); }
    });
    view.dispatch({ effects: [setRanges.of(ranges), setFocused.of(state.focused)] });
  });
}

let highlightQueued = false;
function queueRefresh() {
  if (highlightQueued) { return; }
  highlightQueued = true;
  /* After the change that caused it (CodeMirror forbids a dispatch inside an update). */
  Promise.resolve().then(() => {
    highlightQueued = false;
    refreshHighlights();
    refreshRemoved();
    orderCards();
  });
}

/* ---- the panel ---- */

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = text; }
  return node;
}

function byline(entry) {
  const p = el("p", "by");
  p.append(el("strong", "", entry.author.name));
  if (entry.author.organization) { p.append(" ", el("span", "org", entry.author.organization)); }
  const time = el("time", "", new Date(entry.created_at).toLocaleString(document.documentElement.lang || undefined, {
    dateStyle: "short", timeStyle: "short",
  }));
  time.setAttribute("datetime", entry.created_at);
  p.append(" ", time);
  return p;
}

async function send(url, payload) {
  const response = await fetch(url, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "Accept": "application/json",
               "X-CSRFToken": csrfToken() },
    body: JSON.stringify(payload),
  });
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  if (!response.ok) {
    const message = data && data.error && data.error.message;
    throw new Error(message || t("failed"));
  }
  return data;
}

function showError(holder, message) {
  let error = holder.querySelector(".error");
  if (!message) { if (error) { error.remove(); } return; }
  if (!error) {
    error = el("p", "error");
    error.setAttribute("role", "alert");
    holder.append(error);
  }
  error.textContent = message;
}

/* A textarea and a button; what was typed stays when the server refuses it. */
function writeForm(label, buttonText, id, onSend) {
  const form = el("form", "comment-form");
  const field = el("div", "field");
  const lab = el("label", "", label);
  lab.setAttribute("for", id);
  const area = el("textarea");
  area.id = id;
  area.rows = 3;
  field.append(lab, area);
  const buttons = el("div", "buttons");
  const submit = el("button", "small", buttonText);
  submit.type = "submit";
  buttons.append(submit);
  form.append(field, buttons);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!area.value.trim()) {
      area.setAttribute("aria-invalid", "true");
      showError(field, t("writeFirst"));
      area.focus();
      return;
    }
    submit.disabled = true;
    onSend(area.value).then(() => {
      area.value = "";
      area.removeAttribute("aria-invalid");
      showError(field, "");
    }).catch((error) => {
      area.setAttribute("aria-invalid", "true");
      showError(field, error.message);
    }).finally(() => { submit.disabled = false; });
  });
  area.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { form.requestSubmit(); }
  });
  return { form, area, buttons };
}

/* Once the comment is posted (or cancelled), the selection and its button go. */
function collapseSelection(view) {
  if (view) { view.dispatch({ selection: { anchor: view.state.selection.main.head } }); }
}

function openComposer(anchor, view) {
  const holder = state.panel.querySelector("[data-composer]");
  holder.replaceChildren();
  const box = el("div", "thread composer");
  const what = el("p", "anchor");
  what.append(t("newComment") + " " + ((state.strings.fields || {})[anchor.field] || anchor.field) + ": ");
  what.append(el("q", "", anchor.quote));
  const { form, area, buttons } = writeForm(t("comment"), t("post"), "live-comment-new", async (body) => {
    const data = await send(state.url, { ...anchor, body });
    holder.replaceChildren();
    state.composer = null;
    collapseSelection(view);
    await fetchThreads();
    focusThread(data.thread.id, {});
  });
  const cancel = el("button", "small secondary", t("cancel"));
  cancel.type = "button";
  cancel.addEventListener("click", () => {
    holder.replaceChildren();
    state.composer = null;
    collapseSelection(view);
    view.focus();
  });
  buttons.append(cancel);
  area.addEventListener("keydown", (event) => { if (event.key === "Escape") { cancel.click(); } });
  box.append(what, form);
  holder.append(box);
  state.composer = anchor;
  area.focus();
}

function anchorLine(thread) {
  const p = el("p", "anchor");
  if (thread.kind === "changes_requested") {
    p.append(el("strong", "", t("changesRequested")));
    return p;
  }
  if (thread.field) {
    p.append(((state.strings.fields || {})[thread.field] || thread.field) + ": ");
    p.append(el("q", "", thread.quote || ""));
    const removed = el("span", "removed", t("removed"));
    removed.setAttribute("data-removed", "");
    p.append(" ", removed);
    markRemoved(p, thread);
    return p;
  }
  p.textContent = thread.paragraph !== null && thread.paragraph !== undefined
    ? t("paragraph") + " " + (thread.paragraph + 1) : t("wholeStatement");
  return p;
}

/* "The commented text was removed" while the anchor's range is empty. */
function markRemoved(line, thread) {
  const where = resolveAnchor(thread);
  const removed = Boolean(where && where.to <= where.from);
  line.classList.toggle("anchor-removed", removed);
  const note = line.querySelector("[data-removed]");
  if (note) { note.hidden = !removed; }
}

function refreshRemoved() {
  state.threads.forEach((thread) => {
    const card = state.cards.get(thread.id);
    const line = card && thread.field && card.el.querySelector(".anchor");
    if (line) { markRemoved(line, thread); }
  });
}

function buildCard(thread, drafts) {
  const li = el("li", "thread live-thread");
  if (thread.kind === "changes_requested") { li.classList.add("changes-requested"); }
  if (thread.resolved) { li.classList.add("resolved"); }
  li.id = "live-thread-" + thread.id;
  li.tabIndex = -1;
  li.setAttribute("data-thread-id", String(thread.id));
  const article = el("article");
  article.append(anchorLine(thread), byline(thread), el("div", "comment-body pre", thread.body));
  if (thread.replies.length) {
    const ol = el("ol", "replies");
    thread.replies.forEach((reply) => {
      const item = el("li");
      item.append(byline(reply), el("div", "comment-body pre", reply.body));
      ol.append(item);
    });
    article.append(ol);
  }
  const base = state.url + "/" + thread.id;
  const details = el("details", "reply");
  const summary = el("summary", "", t("reply"));
  const replyLabel = t("replyTo").replace("{name}", thread.author.name);
  const { form, area } = writeForm(replyLabel, t("sendReply"), "live-reply-" + thread.id, async (body) => {
    await send(base + "/replies", { body });
    drafts.delete(thread.id);
    await fetchThreads();
  });
  details.append(summary, form);
  const draft = drafts.get(thread.id);
  if (draft) {
    area.value = draft.text;
    details.open = draft.open;
  }
  const toggle = el("button", "small secondary", thread.resolved ? t("reopen") : t("resolve"));
  toggle.type = "button";
  toggle.setAttribute("data-thread-action", thread.resolved ? "reopen" : "resolve");
  toggle.addEventListener("click", async () => {
    toggle.disabled = true;
    try {
      await send(base + (thread.resolved ? "/reopen" : "/resolve"), {});
      await fetchThreads();
    } catch (error) {
      showError(article, error.message);
      toggle.disabled = false;
    }
  });
  article.append(details, toggle);
  if (thread.resolved && thread.resolved_by) {
    article.append(el("p", "resolved-by", t("resolvedBy") + " " + thread.resolved_by.name));
  }
  li.append(article);
  li.addEventListener("click", (event) => {
    if (event.target.closest("button, textarea, summary, a, form")) { return; }
    focusThread(thread.id, { fromPanel: true });
  });
  return li;
}

/* The order of the panel: a head's request for changes first, then the threads in the
   order of their text (title, lead, dateline, body), then those on the whole statement. */
function sortKey(thread) {
  if (thread.kind === "changes_requested") { return [0, 0, thread.id]; }
  const where = resolveAnchor(thread);
  if (where) { return [1, FIELD_ORDER.indexOf(thread.field) * 1e9 + where.from, thread.id]; }
  return [2, thread.paragraph === null || thread.paragraph === undefined ? -1 : thread.paragraph,
          thread.id];
}

function compareKeys(a, b) {
  for (let i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return a[i] - b[i]; } }
  return 0;
}

function visible(thread) {
  /* Another language's selections belong to that language's editor. A translation's
     panel also shows a head's request for changes and comments on the whole statement,
     but not the source's paragraphs (counted in the link to the source's comments). */
  if (thread.field) { return (thread.lang || "") === state.lang; }
  if (!state.lang || thread.kind === "changes_requested") { return true; }
  return thread.paragraph === null || thread.paragraph === undefined;
}

/* A translation's panel: "Open comments on the source text: n", a link to the source. */
function countSource() {
  const line = state.panel.querySelector("[data-source-threads]");
  if (!line || !state.lang) { return; }
  const count = state.threads.filter((th) => !visible(th) && !th.resolved &&
    !(th.lang || "")).length;
  const link = line.querySelector("a");
  link.textContent = (link.getAttribute("data-text") || "{n}").split("{n}").join(String(count));
  line.hidden = !count;
}

function orderCards() {
  if (!state.panel) { return; }
  const open = state.panel.querySelector("[data-open-threads]");
  const wanted = state.threads.filter((th) => visible(th) && !th.resolved)
    .sort((a, b) => compareKeys(sortKey(a), sortKey(b)));
  const current = [...open.children].map((li) => Number(li.getAttribute("data-thread-id")));
  if (current.join() === wanted.map((th) => th.id).join()) { return; }
  wanted.forEach((th) => {
    const card = state.cards.get(th.id);
    if (card) { open.append(card.el); }
  });
}

function render() {
  const open = state.panel.querySelector("[data-open-threads]");
  const resolvedBox = state.panel.querySelector("[data-resolved]");
  const resolvedList = state.panel.querySelector("[data-resolved-threads]");
  /* Keep what is being typed into a reply, and where the focus is. */
  const drafts = new Map();
  let active = null;
  state.cards.forEach((card, id) => {
    const area = card.el.querySelector("textarea");
    const details = card.el.querySelector("details");
    if (area && (area.value || (details && details.open))) {
      drafts.set(id, { text: area.value, open: details ? details.open : false });
    }
    if (card.el.contains(document.activeElement)) {
      active = { id, area: document.activeElement === area, pos: area ? area.selectionStart : 0 };
    }
  });
  const seen = new Set();
  state.threads.filter(visible).forEach((thread) => {
    seen.add(thread.id);
    const json = JSON.stringify(thread);
    const card = state.cards.get(thread.id);
    if (card && card.json === json) { return; }
    const fresh = buildCard(thread, drafts);
    if (card) { card.el.replaceWith(fresh); }
    state.cards.set(thread.id, { json, el: fresh });
  });
  state.cards.forEach((card, id) => {
    if (!seen.has(id)) { card.el.remove(); state.cards.delete(id); }
  });
  const resolved = state.threads.filter((th) => visible(th) && th.resolved);
  resolved.forEach((th) => {
    const card = state.cards.get(th.id).el;
    if (card.parentNode !== resolvedList) { resolvedList.append(card); }
  });
  state.threads.filter((th) => visible(th) && !th.resolved).forEach((th) => {
    const card = state.cards.get(th.id).el;
    if (card.parentNode !== open) { open.append(card); }
  });
  orderCards();
  countSource();
  resolvedBox.hidden = !resolved.length;
  resolvedBox.querySelector("summary").textContent = t("resolved") + " (" + resolved.length + ")";
  let empty = state.panel.querySelector("[data-empty]");
  if (!state.threads.filter(visible).length) {
    if (!empty) {
      empty = el("p", "empty", t("empty"));
      empty.setAttribute("data-empty", "");
      open.before(empty);
    }
  } else if (empty) { empty.remove(); }
  if (active) {
    const card = state.cards.get(active.id);
    const area = card && card.el.querySelector("textarea");
    if (active.area && area && document.activeElement !== area) {
      area.focus();
      area.setSelectionRange(active.pos, active.pos);
    }
  }
  markFocused();
}

function markFocused() {
  state.cards.forEach((card, id) => {
    card.el.classList.toggle("focused", id === state.focused);
  });
}

function focusThread(id, { fromPanel = false } = {}) {
  state.focused = id;
  markFocused();
  refreshHighlights();
  const card = state.cards.get(id);
  if (card && !fromPanel) {
    const details = card.el.closest("details");
    if (details) { details.open = true; }
    /* The caret stays in the text (a click there is also just placing it). */
    card.el.scrollIntoView({ block: "nearest" });
  }
  if (fromPanel) {
    const thread = state.threads.find((th) => th.id === id);
    const where = thread && !thread.resolved && resolveAnchor(thread);
    const view = thread && state.views[thread.field];
    if (where && view) {
      view.dispatch({ effects: EditorView.scrollIntoView(where.from, { y: "center" }) });
      view.dom.scrollIntoView({ block: "nearest" });
    }
  }
}

async function fetchThreads() {
  if (state.fetching) { state.again = true; return state.fetching; }
  state.fetching = (async () => {
    try {
      const response = await fetch(state.url, {
        credentials: "same-origin", headers: { "Accept": "application/json" },
      });
      if (response.ok) {
        state.threads = (await response.json()).threads;
        render();
        refreshHighlights();
      }
    } catch (e) { /* offline: the next change in `threads` fetches again */ }
  })();
  await state.fetching;
  state.fetching = null;
  if (state.again) { state.again = false; await fetchThreads(); }
  return null;
}

function start({ doc, views }) {
  const panel = document.getElementById("live-threads");
  if (!panel) { return; }
  state.panel = panel;
  state.strings = JSON.parse(panel.getAttribute("data-strings") || "{}");
  state.url = panel.getAttribute("data-url");
  state.lang = panel.getAttribute("data-lang") || "";
  state.doc = doc;
  state.views = views;
  panel.hidden = false;
  const old = document.querySelector("[data-comments-static]");
  if (old) { old.hidden = true; }
  Object.values(state.ytexts).forEach((ytext) => ytext.observe(queueRefresh));
  let timer = null;
  doc.getMap("threads").observe(() => {
    window.clearTimeout(timer);
    timer = window.setTimeout(fetchThreads, 50);
  });
  fetchThreads();
}

registerExtensions(editorExtensions);
onReady(start);

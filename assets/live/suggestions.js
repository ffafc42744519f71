/* Suggestion mode of the live editor: with "Suggest changes" pressed, typing in a field
   does not change its text; each change becomes (or extends) a suggestion in the shared
   root `suggestions` of the same Yjs document, shown to everyone as a tracked change (the
   text it replaces struck through, the proposed text underlined, in the suggester's
   colour, with their name) that anyone who may edit accepts or rejects: with the small
   buttons next to the change (for the mouse) or in the list of open suggestions under
   the status line (keyboard, screen readers: the in-text buttons are aria-hidden).

   suggestions: Y.Map  id -> Y.Map {
     field: "title" | "lead" | "body",
     start, end: Yjs relative positions (Y.relativePositionToJSON) of the range replaced,
     original: the text of that range when it was suggested,
     insert: the proposed text,
     author, name, organization: who suggested it (user id, display name, organization),
     created: ISO time }

   A suggestion applies while its range still holds `original`; once someone changed or
   deleted that text it "no longer applies" and can only be rejected. Accept: one Yjs
   transaction replaces the range and deletes the record; Reject: deletes the record.
   The `suggestions` root never reaches a revision (pressroom/live/schema.py reads only
   the content roots). Each decision is also pushed to `suggestion_decisions`
   ({id, decision: "accepted" | "rejected", field, original, insert, author, by, at}),
   which the server records in the audit log and empties at the next version. */
import * as Y from "yjs";
import { EditorSelection, EditorState, Prec, StateEffect } from "@codemirror/state";
import { Decoration, EditorView, ViewPlugin, WidgetType, keymap } from "@codemirror/view";
import { ySyncAnnotation } from "y-codemirror.next";
import { onReady, registerExtensions } from "./plugins.js";

const ROOT = "suggestions";
const DECISIONS = "suggestion_decisions";
const FIELDS = ["title", "lead", "body"];
/* The same palette as the cursors (live.js), so a suggestion has its author's colour. */
const COLOURS = ["#1b6ac9", "#c0392b", "#1e8449", "#8e44ad", "#b9770e", "#117a8b", "#a93226"];
const refresh = StateEffect.define();
/* The origin of this browser's suggestion edits: undo while suggesting takes them back. */
const SUGGESTING = { suggesting: true };

const shared = {
  doc: null, map: null, me: null, on: false, views: {}, texts: {}, labels: {},
  strings: {}, active: {}, panel: null, scheduled: false,
};

function colourFor(id) {
  return COLOURS[Math.abs(Number(id) || 0) % COLOURS.length];
}

function say(key, values) {
  let text = shared.strings[key] || key;
  Object.entries(values || {}).forEach(([name, value]) => {
    text = text.split("{" + name + "}").join(value);
  });
  return text;
}

function who(rec) {
  const name = str(rec, "name") || "?";
  const org = str(rec, "organization");
  return org ? name + " (" + org + ")" : name;
}

function relative(ytext, index, assoc) {
  return Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(ytext, index, assoc));
}

function absolute(json) {
  if (!json || typeof json !== "object") { return null; }
  try {
    const pos = Y.createAbsolutePositionFromRelativePosition(
      Y.createRelativePositionFromJSON(json), shared.doc);
    return pos ? pos.index : null;
  } catch (e) {
    return null; /* a malformed record (any editor can write the document) is skipped */
  }
}

/* A record's text fields, as strings whatever a client wrote. */
function str(rec, key) {
  const value = rec.get(key);
  return value === undefined || value === null ? "" : String(value);
}

/* Where a suggestion is now: {from, to, applies} or null (a field this page lacks). */
function resolve(rec, text) {
  const field = rec.get("field");
  if (!FIELDS.includes(field)) { return null; }
  const current = text === undefined ? shared.doc.getText(field).toString() : text;
  const from = absolute(rec.get("start"));
  const end = absolute(rec.get("end"));
  if (from === null || end === null) { return null; }
  const to = Math.max(from, end);
  const original = str(rec, "original");
  return { from, to, applies: current.slice(from, to) === original };
}

function setRange(rec, ytext, from, to) {
  const start = relative(ytext, from, 0);
  rec.set("start", start);
  /* An empty range has one anchor; otherwise the end sticks to the last replaced char. */
  rec.set("end", to > from ? relative(ytext, to, -1) : start);
  rec.set("original", ytext.toString().slice(from, to));
}

function create(field, ytext, from, to, insert) {
  const id = shared.doc.clientID + "-" + Date.now().toString(36) + "-" +
    Math.random().toString(36).slice(2, 8);
  const rec = new Y.Map();
  shared.map.set(id, rec);
  rec.set("field", field);
  setRange(rec, ytext, from, to);
  rec.set("insert", insert);
  rec.set("author", shared.me.id);
  rec.set("name", shared.me.name);
  rec.set("organization", shared.me.organization);
  rec.set("created", new Date().toISOString());
  shared.active[field] = id;
  shared.undo.stopCapturing(); /* each new suggestion is its own undo step */
  return id;
}

/* Typing on at the end of one's own last suggestion extends it; Backspace there takes
   back proposed characters (or strikes one more to the left), Delete strikes one more
   to the right. Returns where the caret goes, or null when it was not an extension. */
function extend(field, ytext, change) {
  const id = shared.active[field];
  const rec = id ? shared.map.get(id) : null;
  if (!(rec instanceof Y.Map) || rec.get("author") !== shared.me.id) { return null; }
  const where = resolve(rec);
  if (!where || !where.applies) { return null; }
  const insert = str(rec, "insert");
  const { from, to, text } = change;
  if (from === to && from === where.to && text) {
    rec.set("insert", insert + text);
    return where.to;
  }
  if (!text && to === where.to && from < to) {
    if (insert) {
      const left = insert.slice(0, Math.max(0, insert.length - (to - from)));
      rec.set("insert", left);
      if (!left && where.from === where.to) { shared.map.delete(id); }
    } else {
      setRange(rec, ytext, Math.max(0, where.from - (to - from)), where.to);
    }
    return where.to;
  }
  if (!text && from === where.to && to > from) {
    setRange(rec, ytext, where.from, to);
    return to;
  }
  return null;
}

function propose(field, ytext, changes) {
  let caret = null;
  shared.doc.transact(() => {
    if (changes.length === 1) { caret = extend(field, ytext, changes[0]); }
    if (caret !== null) { return; }
    changes.forEach(({ from, to, text }) => {
      if (from === to && !text) { return; }
      create(field, ytext, from, to, text);
      caret = to;
    });
  }, SUGGESTING);
  return caret;
}

/* While suggesting, a change typed here is turned into a suggestion (the document is
   left as it is); changes arriving from the shared document pass. */
function suggestFilter(field, ytext) {
  return EditorState.transactionFilter.of((tr) => {
    if (!shared.on || !tr.docChanged || tr.annotation(ySyncAnnotation)) { return tr; }
    const changes = [];
    tr.changes.iterChanges((fromA, toA, _fromB, _toB, inserted) => {
      let text = inserted.toString();
      if (field === "title") { text = text.replace(/\n/g, " "); }
      changes.push({ from: fromA, to: toA, text });
    });
    const caret = propose(field, ytext, changes);
    const spec = { effects: refresh.of(null), scrollIntoView: true };
    if (caret !== null) { spec.selection = EditorSelection.cursor(caret); }
    return spec;
  });
}

/* The decision goes into `suggestion_decisions`, which the server turns into audit
   events (and empties) when it saves the next version. */
function logDecision(id, rec, decision) {
  shared.doc.getArray(DECISIONS).push([{
    id, decision, field: str(rec, "field"), original: str(rec, "original"),
    insert: str(rec, "insert"), author: str(rec, "author"), by: shared.me.id,
    at: new Date().toISOString(),
  }]);
}

function accept(id) {
  const rec = shared.map.get(id);
  if (!(rec instanceof Y.Map)) { return; }
  const where = resolve(rec);
  if (!where || !where.applies) { return; }
  const ytext = shared.doc.getText(rec.get("field"));
  const insert = str(rec, "insert");
  shared.doc.transact(() => {
    if (where.to > where.from) { ytext.delete(where.from, where.to - where.from); }
    if (insert) { ytext.insert(where.from, insert); }
    logDecision(id, rec, "accepted");
    shared.map.delete(id);
  });
}

function reject(id) {
  const rec = shared.map.get(id);
  if (rec === undefined) { return; }
  shared.doc.transact(() => {
    if (rec instanceof Y.Map) { logDecision(id, rec, "rejected"); }
    shared.map.delete(id);
  });
}

function button(label, name, action, id, extraClass) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = extraClass;
  b.textContent = label;
  b.setAttribute("aria-label", name);
  b.title = name;
  b.setAttribute("data-suggestion-action", action);
  b.setAttribute("data-suggestion", id);
  return b;
}

/* The proposed text after the struck range, with who proposed it and small
   Accept/Reject buttons (the same controls, keyboard-reachable, are in the list). */
class ProposalWidget extends WidgetType {
  constructor(info) { super(); this.info = info; }

  eq(other) { return other.info.key === this.info.key; }

  toDOM() {
    const { id, insert, colour, author, person, applies } = this.info;
    const span = document.createElement("span");
    span.className = "cm-suggestion" + (applies ? "" : " cm-suggestion-stale");
    span.setAttribute("data-suggestion", id);
    if (insert) {
      const ins = document.createElement("ins");
      ins.className = "cm-suggestion-insert";
      /* The author's colour marks the line and the background; the text stays dark, so
         it is readable whatever the colour (contrast). */
      ins.style.textDecorationColor = colour;
      ins.style.backgroundColor = colour + "1a";
      ins.textContent = insert;
      span.append(ins);
    }
    const tag = document.createElement("span");
    tag.className = "cm-suggestion-tag";
    tag.style.borderColor = colour;
    tag.title = say("by", { name: author });
    tag.textContent = applies ? person : person + " · " + say("stale");
    if (applies) {
      const yes = button("✓", say("acceptBy", { name: author }), "accept", id, "cm-suggestion-accept");
      yes.tabIndex = -1;
      yes.setAttribute("aria-hidden", "true");
      tag.append(yes);
    }
    const no = button("✕", say("rejectBy", { name: author }), "reject", id, "cm-suggestion-reject");
    no.tabIndex = -1;
    no.setAttribute("aria-hidden", "true");
    tag.append(no);
    span.append(tag);
    span.addEventListener("mousedown", (event) => {
      const target = event.target.closest("[data-suggestion-action]");
      if (!target) { return; }
      event.preventDefault();
      if (target.getAttribute("data-suggestion-action") === "accept") { accept(id); } else { reject(id); }
    });
    return span;
  }

  ignoreEvent() { return true; }
}

function decorationsFor(field, view) {
  const ranges = [];
  if (!shared.map) { return Decoration.none; }
  const text = shared.doc.getText(field).toString();
  const length = view.state.doc.length;
  shared.map.forEach((rec, id) => {
    if (!(rec instanceof Y.Map) || rec.get("field") !== field) { return; }
    const where = resolve(rec, text);
    if (!where || where.to > length) { return; }
    const colour = colourFor(rec.get("author"));
    const author = who(rec);
    const insert = str(rec, "insert");
    if (where.to > where.from) {
      ranges.push(Decoration.mark({
        tagName: "del",
        class: "cm-suggestion-delete" + (where.applies ? "" : " cm-suggestion-stale"),
        attributes: {
          style: "text-decoration-color: " + colour + "; background-color: " + colour + "1a",
          title: say("by", { name: author }),
        },
      }).range(where.from, where.to));
    }
    ranges.push(Decoration.widget({
      widget: new ProposalWidget({
        id, insert, colour, author, person: str(rec, "name") || author, applies: where.applies,
        key: [id, insert, colour, author, where.applies].join("\u0000"),
      }),
      side: -1,
    }).range(where.to));
  });
  return Decoration.set(ranges, true);
}

function suggestionView(field) {
  return ViewPlugin.fromClass(class {
    constructor(view) { this.decorations = decorationsFor(field, view); }

    update(update) {
      if (update.docChanged ||
          update.transactions.some((tr) => tr.effects.some((e) => e.is(refresh)))) {
        this.decorations = decorationsFor(field, update.view);
      }
    }
  }, { decorations: (plugin) => plugin.decorations });
}

const theme = EditorView.baseTheme({
  ".cm-suggestion-delete": {
    textDecorationLine: "line-through", textDecorationThickness: "2px",
  },
  ".cm-suggestion-insert": {
    textDecorationLine: "underline", textDecorationThickness: "2px",
    textUnderlineOffset: "3px", whiteSpace: "pre-wrap", fontWeight: "600", marginLeft: "2px",
  },
  ".cm-suggestion-tag": {
    display: "inline-flex", alignItems: "center", gap: "2px", margin: "0 2px 0 4px",
    padding: "0 2px 0 5px", border: "1px solid", borderRadius: "8px",
    fontFamily: "system-ui, sans-serif", fontSize: "75%", lineHeight: "1.4",
    color: "#1b1f24", background: "#fff", verticalAlign: "1px", whiteSpace: "nowrap",
  },
  ".cm-suggestion-tag button": {
    font: "inherit", lineHeight: "1", padding: "1px 4px", margin: "0", minHeight: "0",
    border: "0", borderRadius: "6px", background: "transparent", color: "#1b1f24",
    cursor: "pointer",
  },
  ".cm-suggestion-tag button:hover": { background: "#d0d7de" },
  ".cm-suggestion-stale .cm-suggestion-insert, .cm-suggestion-stale.cm-suggestion-delete": {
    opacity: "0.6",
  },
});

/* -- the list of open suggestions (keyboard-reachable Accept / Reject) ----------------- */

function clip(text) {
  const flat = text.replace(/\n/g, " ¶ ");
  return flat.length > 80 ? flat.slice(0, 79) + "…" : flat;
}

function describe(rec) {
  const original = str(rec, "original");
  const insert = str(rec, "insert");
  if (original && insert) { return say("replace", { old: clip(original), new: clip(insert) }); }
  if (original) { return say("delete", { old: clip(original) }); }
  return say("insert", { new: clip(insert) });
}

function renderPanel() {
  const panel = shared.panel;
  if (!panel) { return; }
  const list = panel.querySelector("ol");
  const texts = {};
  FIELDS.forEach((f) => { texts[f] = shared.doc.getText(f).toString(); });
  const open = [];
  shared.map.forEach((rec, id) => {
    if (!(rec instanceof Y.Map) || !shared.views[rec.get("field")]) { return; }
    const where = resolve(rec, texts[rec.get("field")]);
    if (where) { open.push({ id, rec, where }); }
  });
  open.sort((a, b) => (FIELDS.indexOf(a.rec.get("field")) - FIELDS.indexOf(b.rec.get("field"))) ||
    (a.where.from - b.where.from) || (a.id < b.id ? -1 : 1));
  const items = new Map([...list.children].map((li) => [li.getAttribute("data-suggestion"), li]));
  const focused = document.activeElement;
  let focusNext = null;
  items.forEach((li, id) => {
    if (open.some((o) => o.id === id)) { return; }
    if (li.contains(focused)) { focusNext = li.nextElementSibling || li.previousElementSibling; }
    li.remove();
  });
  open.forEach(({ id, rec, where }, index) => {
    let li = items.get(id);
    if (!li || !li.isConnected) {
      li = document.createElement("li");
      li.setAttribute("data-suggestion", id);
      const byline = document.createElement("span");
      byline.className = "suggestion-who";
      const field = document.createElement("span");
      field.className = "tag";
      const what = document.createElement("span");
      what.className = "suggestion-what";
      const stale = document.createElement("span");
      stale.className = "suggestion-stale";
      const actions = document.createElement("span");
      actions.className = "buttons";
      actions.append(
        button(say("accept"), "", "accept", id, "secondary"),
        button(say("reject"), "", "reject", id, "secondary"));
      li.append(byline, " ", field, " ", what, " ", stale, actions);
    }
    const author = who(rec);
    li.style.borderLeftColor = colourFor(rec.get("author"));
    li.querySelector(".suggestion-who").textContent = author;
    li.querySelector(".tag").textContent = shared.labels[rec.get("field")] || rec.get("field");
    li.querySelector(".suggestion-what").textContent = describe(rec);
    li.querySelector(".suggestion-stale").textContent = where.applies ? "" : say("stale");
    li.classList.toggle("is-stale", !where.applies);
    const yes = li.querySelector('[data-suggestion-action="accept"]');
    yes.hidden = !where.applies;
    yes.setAttribute("aria-label", say("acceptBy", { name: author }));
    yes.title = yes.getAttribute("aria-label");
    const no = li.querySelector('[data-suggestion-action="reject"]');
    no.setAttribute("aria-label", say("rejectBy", { name: author }));
    no.title = no.getAttribute("aria-label");
    if (list.children[index] !== li) { list.insertBefore(li, list.children[index] || null); }
  });
  panel.hidden = open.length === 0;
  const count = panel.querySelector("[data-suggestion-count]");
  if (count) { count.textContent = String(open.length); }
  if (focusNext && focusNext.isConnected) {
    const target = focusNext.querySelector("button:not([hidden])");
    if (target) { target.focus(); }
  } else if (focused && !focused.isConnected && shared.toggle) {
    shared.toggle.focus();
  }
}

function schedule() {
  if (shared.scheduled) { return; }
  shared.scheduled = true;
  queueMicrotask(() => {
    shared.scheduled = false;
    Object.values(shared.views).forEach((view) => view.dispatch({ effects: refresh.of(null) }));
    renderPanel();
  });
}

function setMode(on) {
  shared.on = on;
  if (shared.toggle) { shared.toggle.setAttribute("aria-pressed", on ? "true" : "false"); }
  if (shared.hint) { shared.hint.hidden = !on; }
  Object.values(shared.views).forEach((view) => {
    view.dom.parentElement.toggleAttribute("data-suggesting", on);
  });
}

function attach(doc, box) {
  if (shared.doc) { return; }
  shared.doc = doc;
  shared.map = doc.getMap(ROOT);
  const data = box.dataset;
  shared.me = { id: String(data.userId || ""), name: data.userName || "", organization: data.userOrg || "" };
  shared.map.observeDeep(schedule);
  shared.undo = new Y.UndoManager(shared.map, { trackedOrigins: new Set([SUGGESTING]) });
}

/* While suggesting, Ctrl+Z / Ctrl+Y (Cmd on a Mac) undo and redo one's suggestions, not
   earlier direct typing (the editor's own undo would change the text). */
const suggestionUndo = Prec.highest(keymap.of([
  { key: "Mod-z", run: () => shared.on && (shared.undo.undo(), true) },
  { key: "Mod-y", mac: "Mod-Shift-z", run: () => shared.on && (shared.undo.redo(), true) },
  { key: "Mod-Shift-z", run: () => shared.on && (shared.undo.redo(), true) },
]));

registerExtensions(({ name, ytext, doc, box }) => {
  if (!FIELDS.includes(name)) { return []; }
  attach(doc, box);
  ytext.observe(() => { if (shared.map.size) { schedule(); } });
  /* The title wraps too, so a tracked change in it stays in view. */
  return [suggestFilter(name, ytext), suggestionView(name), theme, EditorView.lineWrapping,
    suggestionUndo];
});

onReady(({ doc, box, views }) => {
  attach(doc, box);
  const toggle = box.querySelector("[data-live-suggest]");
  if (!toggle) { return; }
  toggle.hidden = false;  /* only once the live fields are there to suggest in */
  shared.strings = {
    accept: toggle.dataset.accept, reject: toggle.dataset.reject,
    acceptBy: toggle.dataset.acceptBy, rejectBy: toggle.dataset.rejectBy,
    by: toggle.dataset.by, stale: toggle.dataset.stale, replace: toggle.dataset.replace,
    delete: toggle.dataset.delete, insert: toggle.dataset.insert,
  };
  FIELDS.forEach((field) => {
    if (!views[field]) { return; }
    shared.views[field] = views[field];
    /* The field's label, else the view's (a translation's body has no label of its own). */
    const label = document.querySelector('label[for="f-' + field + '"]');
    shared.labels[field] = label ? label.textContent.trim()
      : views[field].contentDOM.getAttribute("aria-label") || field;
  });
  shared.toggle = toggle;
  shared.hint = box.querySelector("[data-live-suggest-hint]");
  toggle.addEventListener("click", () => setMode(!shared.on));

  const panel = document.createElement("section");
  panel.className = "live-suggestions";
  panel.id = "live-suggestions";
  panel.hidden = true;
  panel.setAttribute("aria-labelledby", "live-suggestions-h");
  const heading = document.createElement("h3");
  heading.id = "live-suggestions-h";
  heading.append(toggle.dataset.heading || "Suggestions", " ");
  const count = document.createElement("span");
  count.className = "count";
  count.setAttribute("data-suggestion-count", "");
  heading.append(count);
  const list = document.createElement("ol");
  panel.append(heading, list);
  panel.addEventListener("click", (event) => {
    const target = event.target.closest("[data-suggestion-action]");
    if (!target) { return; }
    const id = target.getAttribute("data-suggestion");
    if (target.getAttribute("data-suggestion-action") === "accept") { accept(id); } else { reject(id); }
  });
  box.insertAdjacentElement("afterend", panel);
  shared.panel = panel;
  setMode(false);
  schedule();
});

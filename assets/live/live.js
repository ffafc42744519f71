/* pressroom live editor: binds the statement's title, lead and body to the shared Yjs
   document at /statements/<id>/live (y-websocket), with everyone's cursors (name,
   organization, colour) and unsent changes kept in IndexedDB until the server has them.
   Progressive enhancement: without JavaScript (or WebSocket) the form editor works as
   before; with it, "Edit live" switches this browser to the live editor (remembered). Bundled by `make` (esbuild) into static/live/live.js; never committed. */
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import { yCollab, yUndoManagerKeymap } from "y-codemirror.next";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { defaultKeymap } from "@codemirror/commands";
import { extensionsFor, ready } from "./plugins.js";
import "./suggestions.js";
import "./comments.js";

const COLOURS = ["#1b6ac9", "#c0392b", "#1e8449", "#8e44ad", "#b9770e", "#117a8b", "#a93226"];

function colourFor(id) {
  return COLOURS[Math.abs(Number(id) || 0) % COLOURS.length];
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

/* Put `value` into `ytext` changing only the middle that differs (what typing would do). */
function replaceText(ytext, value) {
  const old = ytext.toString();
  if (old === value) { return; }
  let start = 0;
  while (start < old.length && start < value.length && old[start] === value[start]) { start++; }
  let endOld = old.length;
  let endNew = value.length;
  while (endOld > start && endNew > start && old[endOld - 1] === value[endNew - 1]) {
    endOld--; endNew--;
  }
  ytext.doc.transact(() => {
    if (endOld > start) { ytext.delete(start, endOld - start); }
    if (endNew > start) { ytext.insert(start, value.slice(start, endNew)); }
  });
}

function bindField(box, doc, provider, name, multiline) {
  const field = document.getElementById("f-" + name);
  if (!field) { return null; }
  const ytext = doc.getText(name);
  /* What was typed into the form before going live is not lost: it joins the document. */
  if (field.value !== field.defaultValue) { replaceText(ytext, field.value); }
  const undoManager = new Y.UndoManager(ytext);
  const label = document.querySelector('label[for="f-' + name + '"]');
  const holder = document.createElement("div");
  holder.className = "live-field" + (multiline ? " live-multiline" : "");
  holder.setAttribute("data-live-field", name);
  const extensions = [
    EditorView.cspNonce.of(box.dataset.styleNonce || ""),
    keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
    yCollab(ytext, provider.awareness, { undoManager }),
    EditorView.contentAttributes.of({
      "aria-label": label ? label.textContent.trim() : name,
      "aria-multiline": multiline ? "true" : "false",
    }),
  ];
  extensions.push(...extensionsFor({ name, ytext, doc, provider, box }));
  if (multiline) { extensions.push(EditorView.lineWrapping); }
  if (!multiline) {
    /* A title is one line: Enter does not add a line break. */
    extensions.push(EditorState.transactionFilter.of((tr) =>
      tr.docChanged && tr.newDoc.lines > 1 ? [] : tr));
  }
  const view = new EditorView({
    state: EditorState.create({ doc: ytext.toString(), extensions }),
    parent: holder,
  });
  field.insertAdjacentElement("afterend", holder);
  field.hidden = true;
  /* The hidden form field follows the live text, so the form still posts what is shown. */
  const follow = () => { field.value = ytext.toString(); };
  ytext.observe(follow);
  follow();
  if (label) {
    label.addEventListener("click", () => view.focus());
  }
  return view;
}

/* Another person's colour ends up in a style attribute (y-codemirror): only #rrggbb. */
function keepColoursSafe(awareness) {
  awareness.getStates().forEach((state, clientId) => {
    const user = state && state.user;
    if (!user) { return; }
    if (!/^#[0-9a-f]{6}$/i.test(String(user.color))) { user.color = colourFor(clientId); }
    if (!/^#[0-9a-f]{6}([0-9a-f]{2})?$/i.test(String(user.colorLight))) {
      user.colorLight = user.color + "33";
    }
  });
}

function renderPresence(box, awareness, ownId) {
  const people = new Map();
  awareness.getStates().forEach((state, clientId) => {
    if (clientId === ownId || !state || !state.user) { return; }
    const key = state.user.id + "|" + (state.user.lang || "");
    people.set(key, state.user);
  });
  box.replaceChildren();
  if (!people.size) { return; }
  const p = document.createElement("p");
  const label = document.createElement("span");
  label.className = "presence-label";
  label.textContent = box.getAttribute("data-label");
  p.append(label, " ");
  [...people.values()].forEach((user, i) => {
    const span = document.createElement("span");
    span.className = "person";
    span.style.borderColor = user.color;
    span.textContent = user.person;
    if (user.organization) {
      const org = document.createElement("span");
      org.className = "org";
      org.textContent = user.organization;
      span.append(" ", org);
    }
    if (user.lang) {
      const lang = document.createElement("span");
      lang.className = "tag";
      lang.textContent = user.lang;
      span.append(" ", lang);
    }
    p.append(span);
    if (i < people.size - 1) { p.append(", "); }
  });
  box.append(p);
}

function start(box) {
  if (!("WebSocket" in window)) { return; }
  const data = box.dataset;
  const doc = new Y.Doc();
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  /* y-websocket joins serverUrl + "/" + room: /statements/<id>/live */
  const provider = new WebsocketProvider(scheme + "//" + window.location.host + data.base, "live",
                                         doc, { connect: false });
  const local = "indexedDB" in window ? new IndexeddbPersistence(data.storeKey, doc) : null;
  const colour = colourFor(data.userId);
  provider.awareness.setLocalStateField("user", {
    id: data.userId, person: data.userName, organization: data.userOrg, lang: data.lang || "",
    name: data.userOrg ? data.userName + " (" + data.userOrg + ")" : data.userName,
    color: colour, colorLight: colour + "33",
  });
  const status = box.querySelector("[data-live-status]");
  const setStatus = (text, state) => {
    box.setAttribute("data-live-state", state);
    if (status) { status.textContent = text; }
  };
  /* Registered before the editors' own listeners, so they only see safe colours. */
  provider.awareness.on("change", () => keepColoursSafe(provider.awareness));
  const presence = document.getElementById("presence");
  provider.on("status", (event) => {
    if (event.status === "connected") {
      setStatus(data.connected, "connected");
      if (presence) { presence.setAttribute("data-live", "connected"); }
    } else {
      setStatus(data.offline, "offline");
      if (presence) { presence.removeAttribute("data-live"); }
    }
  });
  provider.on("sync", (synced) => { if (synced) { setStatus(data.connected, "synced"); } });
  if (presence) {
    provider.awareness.on("change", () => renderPresence(presence, provider.awareness, doc.clientID));
  }
  const bind = () => {
    if (box.getAttribute("data-live-bound")) { return; }
    box.setAttribute("data-live-bound", "1");
    const views = {};
    [["title", false], ["lead", true], ["body", true]].forEach(([name, multiline]) => {
      const view = bindField(box, doc, provider, name, multiline);
      if (view) { views[name] = view; }
    });
    ready({ doc, provider, box, views });
  };
  /* Bind once the server's text (or this browser's own unsent copy) is there, never to an
     empty document that would hide the form's text. */
  provider.on("sync", (synced) => { if (synced) { bind(); } });
  if (local) { local.on("synced", () => { if (doc.getText("title").length) { bind(); } }); }
  provider.connect();

  const save = box.querySelector("[data-live-save]");
  if (save) {
    save.addEventListener("click", (event) => {
      event.preventDefault();
      save.disabled = true;
      fetch(data.versionUrl, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" },
      }).then((response) => response.json()).then((result) => {
        setStatus(result.message || data.connected, box.getAttribute("data-live-state"));
      }).catch(() => setStatus(data.offline, "offline"))
        .finally(() => { save.disabled = false; });
    });
  }
}

const CHOICE = "pressroom-live-editor";

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("live-editor");
  if (!box || !("WebSocket" in window)) { return; }
  box.hidden = false;
  const begin = box.querySelector("[data-live-start]");
  const go = () => {
    if (begin) { begin.hidden = true; }
    box.querySelectorAll("[data-live-on]").forEach((el) => { el.hidden = false; });
    start(box);
  };
  let chosen = false;
  try { chosen = window.localStorage.getItem(CHOICE) === "on"; } catch (e) { /* private mode */ }
  if (chosen) { go(); return; }
  if (begin) {
    begin.addEventListener("click", () => {
      try { window.localStorage.setItem(CHOICE, "on"); } catch (e) { /* kept for this page */ }
      go();
    });
  }
});

/* pressroom live editor: the statement's (or a translation's) fields bound to the shared
   Yjs document at /statements/<id>/live (or /statements/<id>/translations/<lang>/live,
   y-websocket), with everyone's cursors (name, organization, colour) and unsent changes
   kept in IndexedDB until the server has them.

   Progressive enhancement: the page is the form editor. With JavaScript and WebSocket it
   turns live as soon as the document is synced; if the socket cannot connect within a few
   seconds, the form stays (with a notice) and nothing typed into it is lost. Texts (Y.Text)
   become CodeMirror views; the other fields stay inputs bound to their Y.Map. Bundled by
   `make` (esbuild) into static/live/live.js; never committed. Schema: docs/live.md. */
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
const QUOTE_INPUTS = ["organization", "honorific", "speaker", "function", "lead_in"];
const CONTACT_INPUTS = ["name", "organization", "phone", "email"];
const META = { dateline_date: "f-dateline_date", further_info_url: "f-further_info_url",
               quote_style: "quote_style" };
const INPUT_DELAY_MS = 150;
/* "Save version" waits at most this long for the server to confirm it has stored what
   this browser sent (see flushed()). */
const FLUSH_TIMEOUT_MS = 5000;

function colourFor(id) {
  return COLOURS[Math.abs(Number(id) || 0) % COLOURS.length];
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.getAttribute("content") : "";
}

function changed(field) {
  if (field.type === "checkbox" || field.type === "radio") {
    return field.checked !== field.defaultChecked;
  }
  if (field.tagName === "SELECT") {
    const first = [...field.options].find((o) => o.defaultSelected) || field.options[0];
    return field.value !== (first ? first.value : "");
  }
  return field.value !== field.defaultValue;
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

function writeVarUint(n, out) {
  let rest = n;
  while (rest > 127) { out.push((rest % 128) | 128); rest = Math.floor(rest / 128); }
  out.push(rest);
}

/* A y-websocket sync step 1 (message 0, step 0, the state vector). */
function syncStep1(doc) {
  const vector = Y.encodeStateVector(doc);
  const head = [0, 0];
  writeVarUint(vector.length, head);
  const message = new Uint8Array(head.length + vector.length);
  message.set(head);
  message.set(vector, head.length);
  return message;
}

function newQuoteId() {
  const bytes = new Uint8Array(4);
  window.crypto.getRandomValues(bytes);
  return "q-" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
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

/* One live session of a page: the document, the provider, the bound fields. */
class Live {
  constructor(box, form) {
    this.box = box;
    this.form = form;
    this.data = box.dataset;
    this.lang = this.data.lang || "";
    this.doc = new Y.Doc();
    this.views = {};
    this.cleanups = [];
  }

  /* --- Y.Text fields as CodeMirror views ------------------------------------------- */

  textView(ytext, name, labelText, multiline, lang) {
    const undoManager = new Y.UndoManager(ytext);
    const holder = document.createElement("div");
    holder.className = "live-field" + (multiline ? " live-multiline" : "");
    holder.setAttribute("data-live-field", name);
    const attributes = { "aria-label": labelText, "aria-multiline": multiline ? "true" : "false" };
    if (lang) { attributes.lang = lang; }
    const extensions = [
      EditorView.cspNonce.of(this.data.styleNonce || ""),
      keymap.of([...yUndoManagerKeymap, ...defaultKeymap]),
      yCollab(ytext, this.provider.awareness, { undoManager }),
      EditorView.contentAttributes.of(attributes),
    ];
    extensions.push(...extensionsFor({ name, ytext, doc: this.doc, provider: this.provider,
                                       box: this.box, lang: this.lang }));
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
    this.views[name] = view;
    return { holder, view };
  }

  /* The form field `field` becomes a view of `ytext`; the hidden field follows the text. */
  bindTextField(field, ytext, name, multiline) {
    /* What was typed into the form before going live is not lost: it joins the document. */
    if (changed(field)) { replaceText(ytext, field.value); }
    const label = this.form.querySelector('label[for="' + field.id + '"]');
    const labelText = label ? label.textContent.trim() : name;
    const { holder, view } = this.textView(ytext, name, labelText, multiline,
                                           field.getAttribute("lang"));
    field.insertAdjacentElement("afterend", holder);
    field.hidden = true;
    const follow = () => { field.value = ytext.toString(); };
    ytext.observe(follow);
    follow();
    if (label) { label.addEventListener("click", () => view.focus()); }
    this.cleanups.push(() => { ytext.unobserve(follow); view.destroy(); holder.remove();
                               field.hidden = false; delete this.views[name]; });
    return view;
  }

  /* --- inputs bound to a key of a Y.Map (or to a Y.Text, without a view) --------------- */

  /* `get()` reads the shared value, `set(value)` writes it; `observe(fn)` registers fn for
     remote changes and returns how to stop. An input with focus and unsent text is not
     overwritten. */
  bindInput(input, get, set, observe, fresh = false) {
    let timer = null;
    let sent = true;
    const send = () => {
      timer = null;
      sent = true;
      if ((get() || "") !== input.value) { set(input.value); }
    };
    const show = () => {
      if (document.activeElement === input && !sent) { return; }
      const value = get();
      if (value !== null && value !== undefined && input.value !== value) { input.value = value; }
    };
    const onInput = () => {
      sent = false;
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(send, input.tagName === "SELECT" ? 0 : INPUT_DELAY_MS);
    };
    const onBlur = () => { if (timer) { window.clearTimeout(timer); send(); } };
    if (!fresh && changed(input)) { send(); } else { show(); }
    input.addEventListener("input", onInput);
    input.addEventListener("change", onInput);
    input.addEventListener("blur", onBlur);
    const stop = observe(show);
    return () => {
      input.removeEventListener("input", onInput);
      input.removeEventListener("change", onInput);
      input.removeEventListener("blur", onBlur);
      if (timer) { window.clearTimeout(timer); send(); }
      stop();
    };
  }

  bindMapKey(input, ymap, key, fresh = false) {
    return this.bindInput(input, () => {
      const v = ymap.get(key);
      return v === undefined ? "" : String(v);
    }, (value) => ymap.set(key, value), (fn) => {
      const handler = (event) => { if (event.keysChanged.has(key)) { fn(); } };
      ymap.observe(handler);
      return () => ymap.unobserve(handler);
    }, fresh);
  }

  /* --- rows (quotes, contacts) drawn from a Y.Array of Y.Map ------------------------- */

  /* `hide(ymap)`: a row that is shown elsewhere (a directory contact: its checkbox). */
  bindRows(kind, yarray, inputs, makeMap, hide = null) {
    const container = this.form.querySelector('[data-rows="' + kind + '"]');
    const template = document.getElementById(kind + "-template");
    if (!container || !template) { return; }
    const rows = new Map();  // Y.Map -> { el, stop }
    let serial = 0;
    const draw = () => {
      /* Only maps are rows: anything else an editor's client put there is skipped. */
      const wanted = yarray.toArray().filter((entry) => entry instanceof Y.Map);
      let shown = 0;
      rows.forEach((row, ymap) => {
        if (!wanted.includes(ymap)) { row.stop(); row.el.remove(); rows.delete(ymap); }
      });
      wanted.forEach((ymap, i) => {
        let row = rows.get(ymap);
        if (!row) {
          row = this.makeRow(kind, template, ymap, inputs, "live" + (serial++));
          rows.set(ymap, row);
        }
        if (container.children[i] !== row.el) { container.insertBefore(row.el, container.children[i] || null); }
        row.el.setAttribute("data-index", String(i));
        row.el.hidden = Boolean(hide && hide(ymap));
        if (row.el.hidden) { return; }
        shown += 1;
        const number = row.el.querySelector(".row-number");
        if (number) { number.textContent = String(shown); }
        row.el.querySelectorAll("[data-row-label]").forEach((span) => {
          span.textContent = " (" + span.getAttribute("data-row-label") + " " + shown + ")";
        });
      });
    };
    /* What was typed into the form's rows before going live joins the document. */
    const typed = [...container.querySelectorAll("fieldset.row")].map((el) => {
      const values = {};
      let any = false;
      el.querySelectorAll("input, select, textarea").forEach((field) => {
        const key = (field.name || "").replace(/^(quotes|contacts)-\d+-/, "");
        values[key] = field.value;
        if (changed(field) && field.type !== "hidden") { any = true; }
      });
      return any ? values : null;
    });
    container.replaceChildren();
    typed.forEach((values) => {
      if (!values) { return; }
      const same = (m) => (kind === "quote"
        ? values.id && m.get("id") === values.id
        : values.email && String(m.get("email")).toLowerCase() === values.email.toLowerCase());
      const existing = yarray.toArray().find(same);
      if (existing) {
        inputs.forEach((key) => { if (values[key] !== undefined) { existing.set(key, values[key]); } });
        if (kind === "quote" && existing.get("text") instanceof Y.Text) {
          replaceText(existing.get("text"), values.text || "");
        }
      } else {
        yarray.push([makeMap(values)]);
      }
    });
    draw();
    /* With `hide`, a changed e-mail may show or hide a row: watch the maps too. */
    if (hide) { yarray.observeDeep(draw); } else { yarray.observe(draw); }
    this.rowSets = this.rowSets || {};
    this.rowSets[kind] = { yarray, makeMap };
    this.cleanups.push(() => {
      if (hide) { yarray.unobserveDeep(draw); } else { yarray.unobserve(draw); }
      rows.forEach((row) => row.stop());
    });
  }

  makeRow(kind, template, ymap, inputs, token) {
    const fragment = template.content.cloneNode(true);
    const el = fragment.querySelector("fieldset.row");
    el.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((node) => {
      ["name", "id", "for", "aria-describedby"].forEach((attr) => {
        const value = node.getAttribute(attr);
        if (value) { node.setAttribute(attr, value.split("__i__").join(token)); }
      });
    });
    el.setAttribute("data-live-row", kind);
    const stops = [];
    inputs.forEach((key) => {
      const input = el.querySelector('[name$="-' + key + '"]');
      if (input) { stops.push(this.bindMapKey(input, ymap, key, true)); }
    });
    if (kind === "quote") {
      const area = el.querySelector('[name$="-text"]');
      let text = ymap.get("text");
      if (!(text instanceof Y.Text)) {
        text = new Y.Text(typeof text === "string" ? text : "");
        ymap.set("text", text);
      }
      const name = "quotes/" + (ymap.get("id") || token) + "/text";
      const { holder, view } = this.textView(text, name, this.labelOf(el, area), true);
      if (area) { area.insertAdjacentElement("afterend", holder); area.remove(); }
      stops.push(() => { view.destroy(); delete this.views[name]; });
      const idField = el.querySelector('[name$="-id"]');
      if (idField) { idField.value = ymap.get("id") || ""; }
    }
    return { el, stop: () => stops.forEach((fn) => fn()) };
  }

  labelOf(scope, field) {
    const label = field && scope.querySelector('label[for="' + field.id + '"]');
    return label ? label.textContent.trim() : "";
  }

  /* A row button (add, up, down, remove) changes the Y.Array. */
  rowButton(button) {
    const action = button.getAttribute("data-action");
    const row = button.closest("fieldset.row");
    const kind = action === "add" ? button.getAttribute("data-kind") : row && row.getAttribute("data-row");
    const set = this.rowSets && this.rowSets[kind];
    if (!set) { return; }
    const { yarray, makeMap } = set;
    if (action === "add") {
      yarray.push([makeMap({})]);
      const container = this.form.querySelector('[data-rows="' + kind + '"]');
      const added = container && container.lastElementChild;
      const first = added && added.querySelector("input:not([type=hidden]), select, .cm-content");
      if (first) { first.focus(); }
      return;
    }
    const i = Number(row.getAttribute("data-index"));
    if (action === "remove") {
      yarray.delete(i, 1);
      return;
    }
    const j = action === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= yarray.length) { return; }
    /* A shared type cannot move: the row is copied to its new place. */
    const copy = makeMap(yarray.get(i).toJSON());
    this.doc.transact(() => { yarray.delete(i, 1); yarray.insert(j, [copy]); });
  }

  /* --- the statement page ------------------------------------------------------------ */

  bindStatement() {
    [["title", false], ["lead", true], ["dateline_city", false], ["body", true]].forEach(
      ([name, multiline]) => {
        const field = document.getElementById("f-" + name);
        if (field) { this.bindTextField(field, this.doc.getText(name), name, multiline); }
      });
    const meta = this.doc.getMap("meta");
    Object.entries(META).forEach(([key, id]) => {
      const input = document.getElementById(id);
      if (input) { this.cleanups.push(this.bindMapKey(input, meta, key)); }
    });
    this.bindOrganizations();
    this.bindRows("quote", this.doc.getArray("quotes"), QUOTE_INPUTS, (values) => {
      const m = new Y.Map();
      m.set("id", values.id || newQuoteId());
      ["organization", "speaker", "honorific", "function", "lead_in"].forEach((key) =>
        m.set(key, String(values[key] || "")));
      m.set("text", new Y.Text(String(values.text || "")));
      return m;
    });
    const directory = new Set([...this.form.querySelectorAll('input[name="directory"][data-email]')]
      .map((box) => box.dataset.email.trim().toLowerCase()));
    this.bindRows("contact", this.doc.getArray("contacts"), CONTACT_INPUTS, (values) => {
      const m = new Y.Map();
      ["organization", "name", "phone", "email", "affiliation"].forEach((key) =>
        m.set(key, String(values[key] || "")));
      return m;
    }, (ymap) => {
      /* As in the form: a directory contact is its ticked checkbox, not a row. */
      const email = String(ymap.get("email") || "").trim().toLowerCase();
      return Boolean(email) && directory.has(email);
    });
    this.bindDirectory();
  }

  bindOrganizations() {
    const orgs = this.doc.getArray("organizations");
    const boxes = [...this.form.querySelectorAll('input[name="organizations"][data-org]')];
    const show = () => {
      const slugs = orgs.toArray();
      boxes.forEach((box) => {
        const on = slugs.includes(box.getAttribute("data-org"));
        if (box.checked !== on) {
          box.checked = on;
          box.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    };
    boxes.forEach((box) => {
      const slug = box.getAttribute("data-org");
      if (changed(box) && box.checked !== orgs.toArray().includes(slug)) { this.toggleOrg(slug, box.checked); }
      box.addEventListener("change", () => this.toggleOrg(slug, box.checked));
    });
    show();
    orgs.observe(show);
  }

  toggleOrg(slug, on) {
    const orgs = this.doc.getArray("organizations");
    const at = orgs.toArray().indexOf(slug);
    if (on && at < 0) { orgs.push([slug]); }
    if (!on && at > 0) { orgs.delete(at, 1); }  // never the lead (position 0)
  }

  /* A ticked directory contact is a contact of the document (found by its e-mail). */
  bindDirectory() {
    const contacts = this.doc.getArray("contacts");
    const boxes = [...this.form.querySelectorAll('input[name="directory"][data-email]')];
    const key = (email) => String(email || "").trim().toLowerCase();
    const find = (email) => contacts.toArray().findIndex((m) => key(m.get("email")) === key(email));
    const show = () => boxes.forEach((box) => { box.checked = find(box.dataset.email) >= 0; });
    boxes.forEach((box) => box.addEventListener("change", () => {
      const at = find(box.dataset.email);
      if (box.checked && at < 0) {
        const m = new Y.Map();
        m.set("organization", box.dataset.org || "");
        m.set("name", box.dataset.name || "");
        m.set("phone", box.dataset.phone || "");
        m.set("email", box.dataset.email || "");
        m.set("affiliation", "");
        contacts.push([m]);
      } else if (!box.checked && at >= 0) {
        contacts.delete(at, 1);
      }
    }));
    show();
    contacts.observeDeep(show);
  }

  /* --- the translation page ---------------------------------------------------------- */

  bindTranslation() {
    [["title", false], ["lead", true], ["dateline_city", false]].forEach(([name, multiline]) => {
      const field = document.getElementById("f-" + name);
      if (field) { this.bindTextField(field, this.doc.getText(name), name, multiline); }
    });
    this.bindTranslatedBody();
    const quotes = this.doc.getArray("quotes");
    const contacts = this.doc.getArray("contacts");
    const quoteMap = (qid, org, create) => {
      let m = quotes.toArray().find((q) => q instanceof Y.Map && q.get("id") === qid);
      if (!m && create) {
        m = new Y.Map();
        m.set("id", qid);
        m.set("organization", org || "");
        ["speaker", "honorific", "function", "lead_in"].forEach((k) => m.set(k, ""));
        m.set("text", new Y.Text());
        quotes.push([m]);
      }
      return m;
    };
    const key = (email) => String(email || "").trim().toLowerCase();
    const contactMap = (email, create) => {
      let m = contacts.toArray().find((c) => key(c.get("email")) === key(email));
      if (!m && create) {
        m = new Y.Map();
        ["organization", "name", "phone", "affiliation"].forEach((k) => m.set(k, ""));
        m.set("email", email);
        contacts.push([m]);
      }
      return m;
    };
    const watch = (yarray) => (fn) => {
      yarray.observeDeep(fn);
      return () => yarray.unobserveDeep(fn);
    };
    this.form.querySelectorAll("[data-live-quote]").forEach((section) => {
      const qid = section.getAttribute("data-live-quote");
      const org = section.getAttribute("data-live-org");
      section.querySelectorAll("input[name], textarea[name]").forEach((input) => {
        const part = input.name.slice(("quote-" + qid + "-").length);
        if (!part) { return; }
        this.cleanups.push(this.bindInput(input, () => {
          /* No quote in the translation yet: the form's text (a suggested transliteration
             of the name) stays until someone types. */
          const m = quoteMap(qid, org, false);
          return m ? String(m.get(part) === undefined ? "" : m.get(part)) : null;
        }, (value) => {
          const m = quoteMap(qid, org, true);
          if (part === "text") {
            const text = m.get("text");
            if (text instanceof Y.Text) { replaceText(text, value); } else { m.set("text", new Y.Text(value)); }
          } else {
            m.set(part, value);
          }
        }, watch(quotes)));
      });
    });
    this.form.querySelectorAll("[data-live-contact] [name]").forEach((input) => {
      const email = input.closest("[data-live-contact]").getAttribute("data-live-contact");
      const part = input.name.replace(/^contact-\d+-/, "");
      this.cleanups.push(this.bindInput(input, () => {
        const m = contactMap(email, false);
        return m ? String(m.get(part) || "") : null;
      }, (value) => contactMap(email, true).set(part, value), watch(contacts)));
    });
  }

  /* The translated body is one Markdown text: one view next to the source's paragraphs. */
  bindTranslatedBody() {
    const rows = [...this.form.querySelectorAll('.tr-row[id^="slot-body-"]')];
    if (!rows.length) { return; }
    const ytext = this.doc.getText("body");
    const areas = rows.map((row) => row.querySelector("textarea"));
    if (areas.some((area) => area && changed(area))) {
      replaceText(ytext, areas.map((area) => (area ? area.value.trim() : "")).join("\n\n"));
    }
    const wrap = document.createElement("div");
    wrap.className = "tr-row tr-live-body";
    const sources = document.createElement("div");
    sources.className = "tr-source";
    rows.forEach((row) => {
      const source = row.querySelector(".tr-source");
      if (source) { sources.append(...source.childNodes); }
    });
    const target = document.createElement("div");
    target.className = "tr-target field";
    const label = rows[0].querySelector(".tr-target label");
    const labelText = this.data.bodyLabel || (label ? label.textContent.trim() : "body");
    const { holder } = this.textView(ytext, "body", labelText, true, this.lang);
    target.append(holder);
    wrap.append(sources, target);
    rows[0].insertAdjacentElement("beforebegin", wrap);
    const hint = wrap.parentElement.querySelector(":scope > p.hint");
    if (hint && this.data.bodyHint) { hint.textContent = this.data.bodyHint; }
    rows.forEach((row) => { row.hidden = true; });
    areas.forEach((area) => { if (area) { area.disabled = true; } });
  }

  /* --- going live, falling back, saving a version ------------------------------------ */

  start() {
    const data = this.data;
    const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    /* y-websocket joins serverUrl + "/" + room: <base>/live */
    this.provider = new WebsocketProvider(scheme + "//" + window.location.host + data.base, "live",
                                          this.doc, { connect: false });
    this.local = "indexedDB" in window ? new IndexeddbPersistence(data.storeKey, this.doc) : null;
    const colour = colourFor(data.userId);
    this.provider.awareness.setLocalStateField("user", {
      id: data.userId, person: data.userName, organization: data.userOrg, lang: this.lang,
      name: data.userOrg ? data.userName + " (" + data.userOrg + ")" : data.userName,
      color: colour, colorLight: colour + "33",
    });
    /* Registered before the editors' own listeners, so they only see safe colours. */
    this.provider.awareness.on("change", () => keepColoursSafe(this.provider.awareness));
    const presence = document.getElementById("presence");
    this.provider.on("status", (event) => {
      if (this.state === "form") { return; }
      if (event.status === "connected") {
        this.setStatus(data.connected, "connected");
        if (presence) { presence.setAttribute("data-live", "connected"); }
      } else {
        this.setStatus(this.bound ? data.offline : data.connecting, this.bound ? "offline" : "connecting");
        if (presence) { presence.removeAttribute("data-live"); }
      }
    });
    if (presence) {
      this.provider.awareness.on("change", () =>
        renderPresence(presence, this.provider.awareness, this.doc.clientID));
    }
    /* Bound once the server's text is there, never to an empty document that would hide
       the form's text. */
    this.provider.on("sync", (synced) => { if (synced && this.state !== "form") { this.bind(); } });
    this.setStatus(data.connecting, "connecting");
    const wait = Number(data.connectSeconds || 5) * 1000;
    this.timer = window.setTimeout(() => { if (!this.bound) { this.fallBack(); } }, wait);
    this.provider.connect();
  }

  setStatus(text, state) {
    this.box.setAttribute("data-live-state", state);
    this.state = state;
    const status = this.box.querySelector("[data-live-status]");
    if (status) { status.textContent = text; }
  }

  bind() {
    if (this.bound) { return; }
    this.bound = true;
    window.clearTimeout(this.timer);
    this.form.setAttribute("data-live", "on");
    if (this.data.lang) { this.bindTranslation(); } else { this.bindStatement(); }
    this.setStatus(this.data.connected, "synced");
    this.useSaveVersion();
    ready({ doc: this.doc, provider: this.provider, box: this.box, views: this.views,
            lang: this.lang });
  }

  /* No connection in time: the form editor stays, with what was typed into it. */
  fallBack() {
    this.setStatus(this.data.fallback, "form");
    const toForm = this.box.querySelector("[data-live-form]");
    if (toForm) { toForm.hidden = true; }
    this.provider.disconnect();
    this.provider.destroy();
    if (this.local) { this.local.destroy(); }
  }

  /* The form's Save becomes "Save version" (the live document is what is saved); Enter in
     an input no longer sends the form. */
  useSaveVersion() {
    /* The form's primary submit button, wherever it is (also outside the form, in a bar,
       with form="…"); any other [data-live-save] element saves a version as well. */
    [...document.querySelectorAll("button.primary")].filter((b) => b.form === this.form)
      .forEach((primary) => {
        primary.textContent = this.data.saveLabel;
        primary.setAttribute("data-live-save", "");
      });
    this.form.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button || !this.form.contains(button)) { return; }
      if (button.hasAttribute("data-action")) {
        event.preventDefault();
        event.stopImmediatePropagation();
        this.rowButton(button);
      } else if (button.type === "submit") {
        event.preventDefault();
        event.stopImmediatePropagation();
        if (button.hasAttribute("data-live-save")) { this.saveVersion(button); }
      }
    }, true);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const by = event.submitter;
      if (by && !this.form.contains(by) && by.hasAttribute("data-live-save")) { this.saveVersion(by); }
    }, true);
    document.querySelectorAll("[data-live-save]").forEach((button) => {
      if (!this.form.contains(button) && button.form !== this.form) {
        button.hidden = false;
        button.addEventListener("click", (event) => { event.preventDefault(); this.saveVersion(button); });
      }
    });
  }

  /* Resolves once the server has stored every update this browser sent before: the
     server handles a socket's messages in order and answers a sync step 1 with a step 2,
     so its answer comes after the earlier updates are on disk. */
  flushed() {
    const ws = this.provider.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) { return Promise.resolve(); }
    return new Promise((resolve) => {
      let timer = null;
      const onMessage = (event) => {
        const data = new Uint8Array(event.data);
        if (data[0] === 0 && data[1] === 1) { done(); }
      };
      const done = () => {
        ws.removeEventListener("message", onMessage);
        window.clearTimeout(timer);
        resolve();
      };
      timer = window.setTimeout(done, FLUSH_TIMEOUT_MS);
      ws.addEventListener("message", onMessage);
      ws.send(syncStep1(this.doc));
    });
  }

  saveVersion(button) {
    const data = this.data;
    const body = {};
    const languages = document.getElementById("f-target_languages");
    if (languages && changed(languages)) { body.target_languages = languages.value; }
    button.disabled = true;
    /* Inputs waiting for their short delay send now (a click moves the focus anyway). */
    const active = document.activeElement;
    if (active && this.form.contains(active) && active.matches("input, select, textarea")) {
      active.dispatchEvent(new Event("blur"));
    }
    this.flushed().then(() => fetch(data.versionUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json",
                 "Content-Type": "application/json" },
      body: JSON.stringify(body),
    })).then((response) => response.json().then((result) => ({ ok: response.ok, result })))
      .then(({ ok, result }) => {
        if (ok) {
          if (languages && body.target_languages !== undefined) { languages.defaultValue = languages.value; }
          this.setStatus(result.message || data.connected, this.state);
        } else {
          const error = result.error || {};
          const details = error.details && typeof error.details === "object"
            ? Object.values(error.details).join(" ") : "";
          this.setStatus((error.message || data.offline) + (details ? " " + details : ""), this.state);
        }
      }).catch(() => this.setStatus(data.offline, "offline"))
      .finally(() => { button.disabled = false; });
  }
}

/* "Use the simple form instead": remembered for this browser, until "Edit live". */
const CHOICE = "pressroom-live-editor";

function choice() {
  try { return window.localStorage.getItem(CHOICE); } catch (e) { return null; }  // private mode
}

function choose(value) {
  try {
    if (value) { window.localStorage.setItem(CHOICE, value); } else { window.localStorage.removeItem(CHOICE); }
  } catch (e) { /* kept for this page only */ }
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("live-editor");
  const form = box && document.getElementById(box.getAttribute("data-form"));
  if (!box || !form || !("WebSocket" in window)) { return; }
  box.hidden = false;
  const toForm = box.querySelector("[data-live-form]");
  const toLive = box.querySelector("[data-live-start]");
  if (choice() === "form") {
    if (toLive) {
      toLive.hidden = false;
      toLive.addEventListener("click", () => { choose(null); window.location.reload(); });
    }
    return;
  }
  if (toForm) {
    toForm.hidden = false;
    toForm.addEventListener("click", () => { choose("form"); window.location.reload(); });
  }
  new Live(box, form).start();
});

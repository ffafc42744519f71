/* Extension points of the live editor, so features (comments on a selection, suggestion
   mode, ...) live in their own modules instead of growing live.js.

   - registerExtensions(fn): fn({ name, ytext, doc, provider, box, lang }) returns an
     array of CodeMirror extensions added to the view bound to that field (name: "title",
     "lead", "dateline_city", "body", or a quote's "quotes/<id>/text"); called for every
     view made, also for rows added later.
   - onReady(fn): fn({ doc, provider, box, views, lang }) runs once the fields are bound;
     views maps a field name to its EditorView (kept up to date as quote rows come and
     go); lang is "" for the statement's source, else the translation's language. */
const extensionMakers = [];
const readyHandlers = [];

export function registerExtensions(fn) { extensionMakers.push(fn); }

export function onReady(fn) { readyHandlers.push(fn); }

export function extensionsFor(context) {
  return extensionMakers.flatMap((fn) => fn(context) || []);
}

export function ready(context) {
  readyHandlers.forEach((fn) => fn(context));
}

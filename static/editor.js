/* pressroom editor: progressive enhancement only. Without it every button still works
   (rows are added, moved and removed by the server; presence shows what it was on load). */
(function () {
  "use strict";

  var ROW_NAME = /^(quotes|contacts)-(\d+|__i__)-/;
  var ROW_ACTION = /^(quote|contact)-(up|down|remove)-(\d+|__i__)$/;

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  /* --- repeating rows -------------------------------------------------------------- */

  function renumber(container) {
    var rows = container.querySelectorAll("fieldset.row");
    rows.forEach(function (row, i) {
      row.setAttribute("data-index", String(i));
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) {
            el.setAttribute(attr, value.split(" ").map(function (part) {
              return part.replace(ROW_NAME, function (_m, kind) { return kind + "-" + i + "-"; });
            }).join(" "));
          }
        });
        if (el.name === "row_action") {
          el.value = el.value.replace(ROW_ACTION, function (_m, kind, verb) {
            return kind + "-" + verb + "-" + i;
          });
        }
      });
      var number = row.querySelector(".row-number");
      if (number) { number.textContent = String(i + 1); }
      row.querySelectorAll("[data-row-label]").forEach(function (span) {
        span.textContent = " (" + span.getAttribute("data-row-label") + " " + (i + 1) + ")";
      });
    });
  }

  function handleRowButton(form, button, event) {
    var action = button.getAttribute("data-action");
    if (action === "add") {
      var kind = button.getAttribute("data-kind");
      var template = document.getElementById(kind + "-template");
      var container = form.querySelector('[data-rows="' + kind + '"]');
      if (!template || !container) { return; }
      event.preventDefault();
      container.appendChild(template.content.cloneNode(true));
      renumber(container);
      var added = container.lastElementChild;
      var first = added && added.querySelector("input, select, textarea");
      if (first) { first.focus(); }
      markDirty();
      return;
    }
    var row = button.closest("fieldset.row");
    if (!row) { return; }
    var rows = row.parentElement;
    event.preventDefault();
    if (action === "up" && row.previousElementSibling) {
      rows.insertBefore(row, row.previousElementSibling);
    } else if (action === "down" && row.nextElementSibling) {
      rows.insertBefore(row.nextElementSibling, row);
    } else if (action === "remove") {
      var next = row.nextElementSibling || row.previousElementSibling;
      rows.removeChild(row);
      renumber(rows);
      var target = next ? next.querySelector("input, select, textarea")
        : form.querySelector('[data-kind="' + (rows.getAttribute("data-rows")) + '"]');
      if (target) { target.focus(); }
      markDirty();
      return;
    }
    renumber(rows);
    button.focus();
    markDirty();
  }

  /* --- directory contacts follow the ticked organizations ------------------------------ */

  function syncDirectory(form) {
    form.querySelectorAll("fieldset.directory[data-org]").forEach(function (group) {
      var box = form.querySelector('input[name="organizations"][data-org="' +
        group.getAttribute("data-org") + '"]');
      var shown = !box || box.checked;  // no checkbox: the locked lead organization
      group.hidden = !shown;
      group.querySelectorAll("input").forEach(function (input) { input.disabled = !shown; });
    });
  }

  /* --- unsaved changes -------------------------------------------------------------- */

  var dirty = false;
  var submitting = false;
  function markDirty() { dirty = true; }

  function guardUnsaved(form) {
    form.addEventListener("input", markDirty);
    form.addEventListener("change", markDirty);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      /* The live editor keeps every change in the shared document: nothing to lose. */
      if (dirty && !submitting && form.getAttribute("data-live") !== "on") {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  /* --- presence --------------------------------------------------------------------- */

  function renderPresence(box, people) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    if (!people.length) { return; }
    var p = document.createElement("p");
    var label = document.createElement("span");
    label.className = "presence-label";
    label.textContent = box.getAttribute("data-label");
    p.appendChild(label);
    p.appendChild(document.createTextNode(" "));
    people.forEach(function (person, i) {
      var span = document.createElement("span");
      span.className = "person";
      span.textContent = person.name;
      if (person.organization) {
        var org = document.createElement("span");
        org.className = "org";
        org.textContent = person.organization;
        span.appendChild(document.createTextNode(" "));
        span.appendChild(org);
      }
      p.appendChild(span);
      if (i < people.length - 1) { p.appendChild(document.createTextNode(", ")); }
    });
    box.appendChild(p);
  }

  function startPresence(box) {
    var url = box.getAttribute("data-url");
    function beat() {
      /* While the live editor is connected, presence comes from its awareness. */
      if (document.hidden || box.getAttribute("data-live") === "connected") { return; }
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data && Array.isArray(data.present)) { renderPresence(box, data.present); }
      }).catch(function () { /* offline for a moment: try again at the next beat */ });
    }
    beat();  /* at once: loading the page records nothing (a GET never writes) */
    window.setInterval(beat, 20000);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) { beat(); }
    });
  }

  /* --- conflict page: typing in "edit" chooses "edit" --------------------------------- */

  function linkEditChoices() {
    document.querySelectorAll("textarea[data-choice]").forEach(function (area) {
      area.addEventListener("input", function () {
        var radio = document.getElementById(area.getAttribute("data-choice"));
        if (radio) { radio.checked = true; }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("statement-form");
    if (form) {
      form.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-action]");
        if (button && form.contains(button)) { handleRowButton(form, button, event); }
      });
      form.addEventListener("change", function (event) {
        if (event.target.name === "organizations") { syncDirectory(form); }
      });
      syncDirectory(form);
      guardUnsaved(form);
    }
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    var presence = document.getElementById("presence");
    if (presence && presence.getAttribute("data-url")) { startPresence(presence); }
    linkEditChoices();
  });
}());

/* Confirmations in a <dialog>. Without JavaScript they work too:
   - form[data-confirm="question"]: a required checkbox ([data-confirm-check]) whose label
     names what is confirmed; here the box is hidden and the question opens in a dialog.
   - form[data-confirm-fetch]: the form leads to a confirmation page (publishing/confirm.html);
     here its [data-confirm-content] opens in a dialog instead, with the same words and form.
     When the server answers with an error (a missing field, not ready), the form is sent
     normally and the page shows it. */
(function () {
  "use strict";

  var canDialog = typeof HTMLDialogElement === "function";

  function dialog() {
    var box = document.getElementById("confirm-dialog");
    if (box) { return box; }
    box = document.createElement("dialog");
    box.id = "confirm-dialog";
    box.className = "confirm-dialog";
    box.addEventListener("click", function (event) {
      if (event.target === box || event.target.closest("[data-confirm-cancel]")) {
        event.preventDefault();
        box.close();
      }
    });
    document.body.appendChild(box);
    return box;
  }

  function open(content) {
    var box = dialog();
    box.replaceChildren(content);
    var heading = box.querySelector("h2[id]");
    if (heading) { box.setAttribute("aria-labelledby", heading.id); }
    box.showModal();
    return box;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function ask(form, submitter) {
    var card = element("section", "card confirm");
    var heading = element("h2", "", form.getAttribute("data-confirm"));
    heading.id = "confirm-dialog-h";
    card.appendChild(heading);
    if (form.getAttribute("data-confirm-detail")) {
      card.appendChild(element("p", "", form.getAttribute("data-confirm-detail")));
    }
    var buttons = element("div", "buttons");
    var yes = element("button", "primary", form.getAttribute("data-confirm-yes"));
    yes.type = "button";
    var no = element("button", "", form.getAttribute("data-confirm-no"));
    no.type = "button";
    no.setAttribute("data-confirm-cancel", "");
    buttons.append(yes, no);
    card.appendChild(buttons);
    var box = open(card);
    yes.addEventListener("click", function () {
      var check = form.querySelector("[data-confirm-check] input[type=checkbox]");
      if (check) { check.checked = true; }
      box.close();
      yes.disabled = true;
      if (submitter) { submitter.disabled = true; }
      HTMLFormElement.prototype.submit.call(form);
    });
  }

  function fetchConfirmation(form, submitter) {
    var data = new FormData(form);
    var url = form.action;
    var init = { credentials: "same-origin", headers: { "Accept": "text/html" } };
    if (form.method.toLowerCase() === "get") {
      url += (url.indexOf("?") < 0 ? "?" : "&") + new URLSearchParams(data).toString();
    } else {
      init.method = "POST";
      init.body = data;
    }
    if (submitter) { submitter.disabled = true; }
    fetch(url, init).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      var page = new DOMParser().parseFromString(html, "text/html");
      var content = page.querySelector("[data-confirm-content]");
      if (!content) { throw new Error("no confirmation"); }
      open(document.importNode(content, true));
    }).catch(function () {
      HTMLFormElement.prototype.submit.call(form);
    }).finally(function () {
      if (submitter) { submitter.disabled = false; }
    });
  }

  if (!canDialog) { return; }

  document.querySelectorAll("form[data-confirm] [data-confirm-check]").forEach(function (field) {
    field.hidden = true;
    field.querySelectorAll("[required]").forEach(function (input) { input.required = false; });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) { return; }
    if (form.hasAttribute("data-confirm")) {
      event.preventDefault();
      ask(form, event.submitter);
    } else if (form.hasAttribute("data-confirm-fetch") && window.fetch) {
      event.preventDefault();
      fetchConfirmation(form, event.submitter);
    }
  });
}());

// "Copy link" buttons (data-copy="URL"): shown only where the script runs; without it the
// address stays selectable in the field beside them. Our own file: no third-party script.
"use strict";
document.querySelectorAll("button.copy-link[data-copy]").forEach(function (button) {
  button.hidden = false;
  var label = button.firstChild.textContent;
  button.addEventListener("click", function () {
    var done = function () {
      button.firstChild.textContent = button.dataset.copied;
      setTimeout(function () { button.firstChild.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(button.dataset.copy).then(done, function () {});
    } else {
      var field = document.createElement("textarea");
      field.value = button.dataset.copy;
      field.setAttribute("readonly", "");
      field.style.position = "fixed";
      field.style.opacity = "0";
      document.body.appendChild(field);
      field.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* leave the field */ }
      document.body.removeChild(field);
    }
  });
});

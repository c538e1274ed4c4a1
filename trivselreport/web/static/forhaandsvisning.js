// The forms' live parts, added to forms that work without them: the text's preview is
// fetched from the server as the user types (the same HTML as the memo; the button
// »Vis forhåndsvisning« does the same without JavaScript), and after a refusal the
// focus moves to the error summary.
(function () {
  "use strict";

  function livePreview(area) {
    var target = document.getElementById(area.getAttribute("data-forhaandsvisning"));
    var form = area.form;
    if (!target || !form || !form.elements.csrf || !window.fetch) {
      return;
    }
    var timer = null;
    var asked = 0;
    function update() {
      var number = ++asked;
      var token = form.elements.csrf.value;
      var body = new URLSearchParams();
      body.append("tekst", area.value);
      body.append("csrf", token);
      fetch("/tekst/forhaandsvisning", {
        method: "POST",
        body: body,
        headers: { "X-CSRF-Token": token },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (html !== null && number === asked) {
            // Safe markup: made by the memo's HTML writer, raw HTML in the text escaped.
            target.innerHTML = html.trim() || "<p class=\"hjælp\">Der er ingen tekst at vise endnu.</p>";
          }
        })
        .catch(function () {
          // The button still shows the preview.
        });
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 250);
    });
    if (area.value.trim()) {
      update();
    }
  }

  var areas = document.querySelectorAll("textarea[data-forhaandsvisning]");
  for (var index = 0; index < areas.length; index++) {
    livePreview(areas[index]);
  }
  var summary = document.getElementById("fejlopsummering");
  if (summary) {
    summary.focus();
  }
})();

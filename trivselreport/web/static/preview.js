// The live parts of the start page (the page works without them): when the server
// says that the project changed (event "version") or a build moved on ("bygning"),
// the page fetches itself again and swaps in the parts that changed. A new memo is
// loaded into a hidden frame first and shown at the reader's scroll position, so the
// text does not jump.
(function () {
  "use strict";
  var root = document.getElementById("forhaandsvisning");
  if (!root || !window.EventSource || !window.fetch || !window.DOMParser) {
    return;
  }
  // What the page shows: an event with a newer number means the page is behind.
  var seen = {
    version: Number(root.getAttribute("data-version")),
    bygning: Number(root.getAttribute("data-bygning"))
  };
  var busy = false;
  var again = false;

  function swap(fresh, id) {
    var old = document.getElementById(id);
    var replacement = fresh.getElementById(id);
    if (old && replacement) {
      old.replaceWith(document.importNode(replacement, true));
    }
  }

  function position(frame) {
    try {
      return [frame.contentWindow.scrollX, frame.contentWindow.scrollY];
    } catch (ignored) {
      return [0, 0];
    }
  }

  function reloadFrame(freshFrame) {
    var frame = document.getElementById("notat-ramme");
    if (!freshFrame) {
      return;
    }
    if (!frame) {
      var section = document.querySelector(".notat");
      if (section) {
        section.appendChild(document.importNode(freshFrame, true));
      }
      return;
    }
    var src = freshFrame.getAttribute("src");
    if (src === frame.getAttribute("src")) {
      return;
    }
    var at = position(frame);
    var next = document.importNode(freshFrame, true);
    next.removeAttribute("id");
    next.classList.add("ramme-skjult");
    next.addEventListener("load", function () {
      try {
        next.contentWindow.scrollTo(at[0], at[1]);
      } catch (ignored) {
        // nothing to keep
      }
      frame.remove();
      next.id = "notat-ramme";
      next.classList.remove("ramme-skjult");
    }, { once: true });
    frame.after(next);
  }

  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    fetch(window.location.pathname + window.location.search, { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html");
        ["status", "indslag-liste", "bygning", "notat-overskrift"].forEach(function (id) {
          swap(fresh, id);
        });
        var button = fresh.querySelector("form[action='/byg'] button");
        var current = document.querySelector("form[action='/byg'] button");
        if (button && current) {
          current.disabled = button.disabled;
        }
        reloadFrame(fresh.getElementById("notat-ramme"));
        var freshRoot = fresh.getElementById("forhaandsvisning");
        if (freshRoot) {
          ["data-version", "data-bygning"].forEach(function (name) {
            root.setAttribute(name, freshRoot.getAttribute(name));
          });
        }
      })
      .catch(function () { /* the server is gone or restarting: EventSource retries */ })
      .finally(function () {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  var source = new EventSource("/begivenheder");
  source.addEventListener("open", function () {
    root.setAttribute("data-forbundet", "ja");
  });
  source.addEventListener("error", function () {
    root.setAttribute("data-forbundet", "nej");
  });
  ["version", "bygning"].forEach(function (name) {
    source.addEventListener(name, function (event) {
      var value = Number(event.data);
      // A smaller number: the server was started again, and the page is behind too.
      if (value !== seen[name]) {
        seen[name] = value;
        refresh();
      }
    });
  });
})();

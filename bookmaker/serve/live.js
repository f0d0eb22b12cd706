// bookmaker serve: reloads this page when the book has been rebuilt, and shows the one-line
// error of a build that failed (the page keeps the last good build under it).
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(script && script.getAttribute("data-build"));
  var NS = "http://www.w3.org/1999/xhtml";

  function banner(text) {
    var box = document.getElementById("bookmaker-error");
    if (!text) {
      if (box) box.parentNode.removeChild(box);
      return;
    }
    if (!box) {
      box = document.createElementNS(NS, "div");
      box.id = "bookmaker-error";
      box.setAttribute("role", "alert");
      box.setAttribute("style",
        "position:fixed;top:0;left:0;right:0;z-index:2147483647;margin:0;padding:0.6em 1em;" +
        "background:#8b0000;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;");
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = text;
  }

  var events = new EventSource("/__bookmaker__/events");
  events.onmessage = function (message) {
    var state = JSON.parse(message.data);
    if (state.error) {
      banner(state.error);
    } else if (state.build !== shown) {
      window.location.reload();
    } else {
      banner(null);
    }
  };
})();

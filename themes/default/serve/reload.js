// verklaar preview: reloads this page when a rebuild changed it, keeps the scroll position, and lays
// the error of a failed rebuild over the last good page. Injected by `verklaar serve` only.
(function () {
  "use strict";
  var script = document.currentScript;
  var page = script.getAttribute("data-page");
  var version = script.getAttribute("data-version");
  var title = script.getAttribute("data-title");
  var scrollKey = "verklaar-scroll:" + location.pathname;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    window.addEventListener("load", function () {
      window.scrollTo(0, Number(saved));
    });
  }

  function showError(message) {
    var overlay = document.getElementById("verklaar-overlay");
    if (!message) {
      if (overlay) overlay.remove();
      return;
    }
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "verklaar-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText =
        "position:fixed;top:0;left:0;right:0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "background:rgba(40,10,10,0.94);color:#fff;padding:1rem 1.25rem;" +
        "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 2px 12px rgba(0,0,0,.4)";
      var heading = document.createElement("strong");
      heading.style.cssText = "display:block;font:600 15px/1.4 system-ui,sans-serif;margin-bottom:.5rem;color:#ffd7d7";
      heading.textContent = title;
      var pre = document.createElement("pre");
      pre.style.cssText = "margin:0;white-space:pre-wrap";
      overlay.appendChild(heading);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = message;
  }

  var events = new EventSource(
    "/__verklaar/events?page=" + encodeURIComponent(page) + "&version=" + encodeURIComponent(version)
  );
  events.addEventListener("status", function (event) {
    showError(JSON.parse(event.data).error);
  });
  events.addEventListener("reload", function () {
    events.close();
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  });
})();

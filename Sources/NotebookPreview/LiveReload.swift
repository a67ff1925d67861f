/// The script the preview adds to the page: it opens an `EventSource` on `/events`, reloads when the server
/// announces a page version other than its own (keeping the scroll position), and shows a small badge while
/// the notebook re-runs or the server cannot be reached. The page on disk never contains it.
enum LiveReload {
    /// `page` with the script for page `version` before its closing `</body>`.
    static func inject(into page: String, version: Int) -> String {
        let tag = "<script>\n\(script(version: version))\n</script>\n"
        guard let end = page.range(of: "</body>", options: .backwards) else { return page + tag }
        return page.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: tag)
    }

    static func script(version: Int) -> String {
        """
        (function () {
          var version = \(version), key = "hmfbook-preview-scroll:" + location.pathname;
          var badge = document.createElement("div");
          badge.setAttribute("role", "status");
          badge.style.cssText = "position:fixed;right:12px;bottom:12px;padding:6px 12px;border-radius:6px;" +
            "font:13px system-ui,sans-serif;background:#1f2328;color:#fff;opacity:.9;z-index:10;display:none";
          document.body.appendChild(badge);
          function show(text) { badge.textContent = text; badge.style.display = text ? "block" : "none"; }
          window.addEventListener("load", function () {
            try {
              var y = sessionStorage.getItem(key);
              if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, +y); }
            } catch (e) {}
          });
          var events = new EventSource("/events");
          events.addEventListener("version", function (e) {
            if (+e.data === version) { show(""); return; }
            try { sessionStorage.setItem(key, String(window.scrollY)); } catch (x) {}
            location.reload();
          });
          events.addEventListener("running", function () { show("Re-running the notebook\\u2026"); });
          events.onerror = function () { show("Preview server unreachable, retrying\\u2026"); };
        })();
        """
    }
}

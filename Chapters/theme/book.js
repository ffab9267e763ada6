// The book's page behaviour: math, highlighting, copy buttons, theme switch, search.
// Everything works from file:// with no network.
(function () {
  // Math: each .math span holds TeX exactly as the chapter wrote it.
  document.querySelectorAll(".math").forEach(function (el) {
    if (!window.katex) return;
    try {
      katex.render(el.textContent, el, { displayMode: el.classList.contains("display"), throwOnError: false });
    } catch (e) { el.title = String(e); }
  });

  // Code highlighting (highlight.js 9 from Debian's libjs-highlight.js).
  if (window.hljs) {
    document.querySelectorAll("pre code").forEach(function (el) {
      if (hljs.highlightBlock) hljs.highlightBlock(el); else if (hljs.highlightElement) hljs.highlightElement(el);
    });
  }

  // Copy buttons on code.
  document.querySelectorAll("pre.code").forEach(function (pre) {
    var button = document.createElement("button");
    button.className = "copy";
    button.type = "button";
    button.textContent = "copy";
    button.addEventListener("click", function () {
      var text = pre.querySelector("code").innerText;
      var done = function () { button.textContent = "copied"; setTimeout(function () { button.textContent = "copy"; }, 1200); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else { fallback(); }
      function fallback() {
        var area = document.createElement("textarea");
        area.value = text; document.body.appendChild(area); area.select();
        try { document.execCommand("copy"); done(); } catch (e) {}
        document.body.removeChild(area);
      }
    });
    pre.appendChild(button);
  });

  // Theme switch, remembered where the browser allows it.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) toggle.addEventListener("click", function () {
    var next = document.documentElement.getAttribute("data-theme") === "dark" ? "light" : "dark";
    document.documentElement.setAttribute("data-theme", next);
    try { localStorage.setItem("book-theme", next); } catch (e) {}
  });

  // Open folded code before printing.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });

  // Search over the index in search-index.js (a script, so that it loads from file://).
  var input = document.querySelector(".search");
  var list = document.querySelector(".search-results");
  var index = window.BOOK_SEARCH || [];
  if (input && list) input.addEventListener("input", function () {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.innerHTML = "";
    if (!words.length) { list.hidden = true; return; }
    var hits = index.filter(function (entry) {
      var hay = (entry.title + " " + entry.section + " " + entry.text).toLowerCase();
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    }).slice(0, 20);
    hits.forEach(function (entry) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.page + (entry.anchor ? "#" + entry.anchor : "");
      a.textContent = entry.section;
      var small = document.createElement("small");
      small.textContent = entry.title;
      a.appendChild(small);
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!hits.length) { var li = document.createElement("li"); li.textContent = "No match."; list.appendChild(li); }
    list.hidden = false;
  });
})();

// `book watch` writes assets/build-stamp.js after every build. Load it again every half second
// (a script tag works from file://, where fetch does not) and reload the page when it changes.
// Pages of a plain `book build` have no stamp: the first load fails and the polling stops.
(function () {
  var first = null;
  function poll() {
    var script = document.createElement("script");
    script.src = "assets/build-stamp.js?" + Date.now();
    script.onload = function () {
      script.remove();
      var stamp = window.BOOK_BUILD_STAMP;
      if (first === null) first = stamp;
      else if (stamp !== first) { location.reload(); return; }
      setTimeout(poll, 500);
    };
    script.onerror = function () {
      script.remove();
      if (first !== null) setTimeout(poll, 500);  // the site is being swapped: try again
    };
    document.head.appendChild(script);
  }
  poll();
})();

// The book's page behaviour: math and highlighting when the build left them to the browser, copy
// buttons, theme switch, keyboard, "On this page", cross-reference previews and search.
// Everything works from file:// with no network, so scripts are loaded with script tags, not fetch.
(function () {
  // The folder of this script: the other assets sit beside it.
  var me = document.currentScript && document.currentScript.src;
  var assets = me ? me.slice(0, me.lastIndexOf("/") + 1) : "assets/";

  /// Loads `path` (relative to assets/) once and calls `then` when it has run.
  var loading = {}, loaded = {};
  function load(path, then) {
    if (loaded[path]) { then(); return; }
    if (loading[path]) { loading[path].push(then); return; }
    loading[path] = [then];
    var script = document.createElement("script");
    script.src = assets + path;
    script.onload = function () { loading[path].forEach(function (f) { f(); }); loading[path] = null; loaded[path] = true; };
    document.head.appendChild(script);
  }

  // Math: a .math span the build did not render (no Node.js) still holds its TeX; KaTeX is loaded
  // only for those. One the build rendered holds KaTeX's HTML, or its red error.
  var rawMath = Array.prototype.filter.call(document.querySelectorAll(".math"), function (el) {
    return !el.querySelector(".katex, .katex-error");
  });
  function renderMath() {
    rawMath.forEach(function (el) {
      try {
        katex.render(el.textContent, el, { displayMode: el.classList.contains("display"), throwOnError: false });
      } catch (e) { el.title = String(e); }
    });
    markScrollable();
  }
  if (rawMath.length) { if (window.katex) renderMath(); else load("katex/katex.min.js", renderMath); }

  // Code highlighting (highlight.js from Debian's libjs-highlight.js), only for code the build did not
  // highlight (highlighted code holds spans).
  var rawCode = Array.prototype.filter.call(document.querySelectorAll("pre.code code"), function (el) {
    return !el.querySelector("span") && !el.classList.contains("hljs");
  });
  function highlightCode() {
    rawCode.forEach(function (el) {
      if (hljs.highlightBlock) hljs.highlightBlock(el); else if (hljs.highlightElement) hljs.highlightElement(el);
    });
  }
  if (rawCode.length) { if (window.hljs) highlightCode(); else load("highlight.min.js", highlightCode); }

  // A region that scrolls sideways can be reached with the keyboard (and then scrolled with the arrows).
  function markScrollable() {
    document.querySelectorAll("pre, .math.display, figure.chart").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth + 1) {
        el.tabIndex = 0;
      }
    });
  }

  // Copy buttons on code, each beside its block rather than inside it, so that it never covers code.
  document.querySelectorAll("pre.code").forEach(function (pre) {
    var button = document.createElement("button");
    button.className = "copy";
    button.type = "button";
    button.textContent = "copy";
    button.setAttribute("aria-label", "Copy the code");
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
    var block = document.createElement("div");
    block.className = "code-block";
    pre.parentNode.insertBefore(block, pre);
    block.appendChild(pre);
    block.appendChild(button);
  });
  markScrollable();
  window.addEventListener("resize", markScrollable);

  // Theme switch, remembered where the browser allows it.
  var toggle = document.querySelector(".theme-toggle");
  if (toggle) toggle.addEventListener("click", function () {
    var next = document.documentElement.getAttribute("data-theme") === "dark" ? "light" : "dark";
    document.documentElement.setAttribute("data-theme", next);
    try { localStorage.setItem("book-theme", next); } catch (e) {}
  });

  // The phone menu, with aria-expanded telling a screen reader whether the chapters are shown.
  var menu = document.querySelector(".menu-toggle");
  function setMenu(open) {
    document.body.classList.toggle("nav-open", open);
    if (menu) menu.setAttribute("aria-expanded", open ? "true" : "false");
  }
  if (menu) menu.addEventListener("click", function () { setMenu(!document.body.classList.contains("nav-open")); });

  // Folded code: open before printing; the print page (made for paper) shows it open.
  function openFolds() { document.querySelectorAll("details").forEach(function (d) { d.open = true; }); }
  window.addEventListener("beforeprint", openFolds);
  if (document.body.classList.contains("print-book")) openFolds();

  // Keyboard, as in mdBook: ← and → for the previous and next chapter, / or s for search. Not while
  // typing, not with a modifier, not while a sideways-scrolling block has the focus.
  var input = document.querySelector(".search");
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable], pre, .math.display, summary")) return;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      var link = document.querySelector(event.key === "ArrowLeft" ? ".pager a.prev" : ".pager a.next");
      if (link) { event.preventDefault(); location.href = link.href; }
    } else if ((event.key === "/" || (event.key === "s" && !event.shiftKey)) && input) {
      event.preventDefault();
      if (menu && getComputedStyle(menu).display !== "none") setMenu(true);
      input.focus();
    } else if (event.key === "Escape" && document.body.classList.contains("nav-open")) {
      setMenu(false);
    }
  });

  // "On this page": the section being read is the last heading above the top fifth of the window.
  var contents = document.querySelector(".contents");
  if (contents && window.IntersectionObserver) {
    var links = {};
    contents.querySelectorAll("a[href^='#']").forEach(function (a) { links[decodeURIComponent(a.hash.slice(1))] = a; });
    var headings = Array.prototype.filter.call(document.querySelectorAll("article h2[id], article h3[id]"), function (h) {
      return links[h.id];
    });
    var current = null;
    function update() {
      var line = window.innerHeight * 0.2, chosen = headings[0];
      headings.forEach(function (h) { if (h.getBoundingClientRect().top <= line) chosen = h; });
      if (!chosen || chosen === current) return;
      if (current) { links[current.id].classList.remove("active"); links[current.id].removeAttribute("aria-current"); }
      current = chosen;
      links[current.id].classList.add("active");
      links[current.id].setAttribute("aria-current", "location");
    }
    if (headings.length) {
      var observer = new IntersectionObserver(update, { rootMargin: "0px 0px -80% 0px" });
      headings.forEach(function (h) { observer.observe(h); });
      window.addEventListener("scroll", function () { window.requestAnimationFrame(update); }, { passive: true });
      update();
    }
  }

  // Cross-reference previews: a reference to a figure, equation or section of this page shows a
  // copy of its target while the pointer or the focus is on it. References to other pages are plain links.
  var preview = null;
  function hidePreview() { if (preview) { preview.remove(); preview = null; } }
  function showPreview(a) {
    hidePreview();
    var id = decodeURIComponent(a.hash.slice(1));
    var target = id && a.pathname === location.pathname ? document.getElementById(id) : null;
    if (!target || target.closest(".xref-preview")) return;
    var box = document.createElement("div");
    box.className = "xref-preview";
    box.setAttribute("role", "tooltip");
    var parts = [];
    if (/^H[1-6]$/.test(target.tagName)) {
      parts.push(target);
      var next = target.nextElementSibling;
      if (next && next.tagName === "P") parts.push(next);
    } else if (target.classList.contains("eq-anchor")) {
      parts.push(target.closest(".math.display") || target.nextElementSibling || target.parentElement);
    } else {
      parts.push(target);
    }
    parts.forEach(function (part) {
      if (!part) return;
      var copy = part.cloneNode(true);
      copy.removeAttribute("id");
      copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
      box.appendChild(copy);
    });
    if (!box.childNodes.length) return;
    document.body.appendChild(box);
    preview = box;
    var r = a.getBoundingClientRect(), w = box.offsetWidth, h = box.offsetHeight;
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - w - 8));
    var below = r.bottom + h + 8 < window.innerHeight;
    box.style.left = left + "px";
    box.style.top = (below ? r.bottom + window.scrollY + 6 : r.top + window.scrollY - h - 6) + "px";
  }
  document.querySelectorAll("a.xref[href^='#']").forEach(function (a) {
    a.addEventListener("mouseenter", function () { showPreview(a); });
    a.addEventListener("focus", function () { showPreview(a); });
    a.addEventListener("mouseleave", hidePreview);
    a.addEventListener("blur", hidePreview);
    a.addEventListener("click", hidePreview);
  });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hidePreview(); });

  // Search over assets/search-index.js, loaded when the search box is first used. Hits whose section
  // or chapter title holds the words come first; each hit shows the text around the first match.
  var list = document.querySelector(".search-results");
  // A translated page searches its own language's index (the Chinese edition: search-index-zh.js).
  var searchIndex = document.documentElement.lang === "zh-CN" ? "search-index-zh.js" : "search-index.js";
  if (input && list) {
    var ready = function (then) { if (window.BOOK_SEARCH) then(); else load(searchIndex, then); };
    input.addEventListener("focus", function () { ready(function () {}); });
    input.addEventListener("input", function () { ready(search); });
  }
  function search() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.innerHTML = "";
    if (!words.length) { list.hidden = true; return; }
    var hits = [];
    (window.BOOK_SEARCH || []).forEach(function (entry, order) {
      var section = (entry.section || "").toLowerCase(), title = (entry.title || "").toLowerCase();
      var text = (entry.text || "").toLowerCase();
      var hay = title + " " + section + " " + text;
      if (!words.every(function (w) { return hay.indexOf(w) >= 0; })) return;
      // A word in the section's title counts twice as much as one in the chapter's title.
      var score = 0;
      words.forEach(function (w) { score += (section.indexOf(w) >= 0 ? 2 : 0) + (title.indexOf(w) >= 0 ? 1 : 0); });
      hits.push({ entry: entry, score: score, order: order });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    hits.slice(0, 20).forEach(function (hit) {
      var entry = hit.entry;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry.page + (entry.anchor ? "#" + entry.anchor : "");
      a.appendChild(highlighted(entry.section || entry.title, words));
      var small = document.createElement("small");
      small.textContent = entry.title;
      a.appendChild(small);
      var snippet = snippetOf(entry.text || "", words);
      if (snippet) {
        var span = highlighted(snippet, words);
        span.className = "snippet";
        a.appendChild(span);
      }
      li.appendChild(a);
      list.appendChild(li);
    });
    if (!hits.length) { var li = document.createElement("li"); li.textContent = "No match."; list.appendChild(li); }
    list.hidden = false;
  }
  /// About 120 characters of `text` around the first word found, cut at spaces.
  function snippetOf(text, words) {
    var lower = text.toLowerCase(), at = -1;
    words.forEach(function (w) { var i = lower.indexOf(w); if (i >= 0 && (at < 0 || i < at)) at = i; });
    // Chinese text has no spaces to cut at: then it is cut at 120 characters.
    if (at < 0) return text.length > 120 ? text.slice(0, text.lastIndexOf(" ", 120) > 0 ? text.lastIndexOf(" ", 120) : 120) + " …" : text;
    var start = Math.max(0, at - 50), end = Math.min(text.length, at + 70);
    if (start > 0) start = text.indexOf(" ", start) + 1 || start;
    if (end < text.length) end = text.lastIndexOf(" ", end) > at ? text.lastIndexOf(" ", end) : end;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }
  /// A span of `text` with every occurrence of the words in a <mark> (built as nodes: no HTML from the index).
  function highlighted(text, words) {
    var span = document.createElement("span"), lower = text.toLowerCase(), i = 0;
    while (i < text.length) {
      var best = -1, len = 0;
      words.forEach(function (w) { var j = lower.indexOf(w, i); if (j >= 0 && (best < 0 || j < best || (j === best && w.length > len))) { best = j; len = w.length; } });
      if (best < 0) { span.appendChild(document.createTextNode(text.slice(i))); break; }
      if (best > i) span.appendChild(document.createTextNode(text.slice(i, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + len);
      span.appendChild(mark);
      i = best + len;
    }
    return span;
  }
})();

// The language switch keeps the reader's place: on click, its link gets the anchor of the section
// being read (the last heading above the top of the window); both editions share their anchors.
(function () {
  var link = document.querySelector(".language-switch");
  if (!link) return;
  link.addEventListener("click", function () {
    var current = null;
    document.querySelectorAll("article h2[id], article h3[id], article h4[id]").forEach(function (h) {
      if (h.getBoundingClientRect().top < 96) current = h.id;
    });
    var base = link.getAttribute("href").split("#")[0];
    link.setAttribute("href", current ? base + "#" + current : base);
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

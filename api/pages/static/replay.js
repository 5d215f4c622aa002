// Household replay scrubber and proof expanders. Plain JS, no build step, no network needed:
// every frame was rendered into the page as JSON; moving the scrubber only switches values.
(function () {
  "use strict";

  function frames() {
    var node = document.getElementById("replay-frames");
    return node ? JSON.parse(node.textContent) : [];
  }

  function show(all, index) {
    var frame = all[index];
    if (!frame) { return; }
    document.querySelectorAll("table.state tr[data-field]").forEach(function (row) {
      var key = row.getAttribute("data-field");
      row.querySelector("td.value").textContent = frame.values[key];
      row.classList.toggle("changed", frame.changed.indexOf(key) >= 0);
    });
    document.querySelectorAll(".events li[data-index]").forEach(function (item) {
      var at = Number(item.getAttribute("data-index"));
      item.classList.toggle("selected", at === index);
      item.classList.toggle("future", at > index);
      if (at === index) { item.setAttribute("aria-current", "step"); }
      else { item.removeAttribute("aria-current"); }
    });
    var current = document.querySelector(".events li[data-index='" + index + "']");
    var label = document.getElementById("replay-current");
    if (current && label) {
      label.textContent = (index + 1) + " / " + all.length + " · " +
        current.getAttribute("data-caption");
    }
    if (current) {
      // Scroll the list only, so the scrubber and the state table stay where they are.
      var list = current.parentElement;
      list.scrollTop = current.offsetTop - list.clientHeight / 3;
    }
  }

  function startScrubber() {
    var slider = document.getElementById("replay-scrubber");
    if (!slider) { return; }
    var all = frames();
    slider.addEventListener("input", function () { show(all, Number(slider.value)); });
    document.querySelectorAll(".events li[data-index]").forEach(function (item) {
      item.addEventListener("click", function (event) {
        if (event.target.closest("details, a")) { return; }
        slider.value = item.getAttribute("data-index");
        show(all, Number(slider.value));
      });
    });
    function go(index) {
      slider.value = Math.min(all.length - 1, Math.max(0, index));
      show(all, Number(slider.value));
    }
    startFlagged(go, function () { return Number(slider.value); });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var target = event.target;
      var onPage = target === document.body || target === slider;
      var typing = !onPage && (target.isContentEditable ||
        /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      // Arrows from the page body step one event (the focused slider steps by itself).
      var step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (step && target === document.body) { go(Number(slider.value) + step); return; }
      if (typing) { return; }
      var jump = event.key === "n" ? 1 : event.key === "p" ? -1 : 0;
      var button = jump ? document.getElementById(jump > 0 ? "flag-next" : "flag-prev") : null;
      if (button) { button.click(); }
    });
    show(all, Number(slider.value));
  }

  // Flagged events (late, corrected, retracted, amended later): previous / next buttons, the
  // list of anchors, and a #ev-N address opening on that event.
  function startFlagged(go, current) {
    var flagged = [];
    document.querySelectorAll(".events li[data-flagged]").forEach(function (item) {
      flagged.push(Number(item.getAttribute("data-index")));
    });
    function jump(direction) {
      var at = current();
      var found = direction > 0
        ? flagged.filter(function (i) { return i > at; })[0]
        : flagged.filter(function (i) { return i < at; }).pop();
      if (found === undefined) {
        found = direction > 0 ? flagged[0] : flagged[flagged.length - 1];  // wrap around
      }
      if (found !== undefined) { go(found); }
    }
    var next = document.getElementById("flag-next");
    var prev = document.getElementById("flag-prev");
    if (next) { next.addEventListener("click", function () { jump(1); }); }
    if (prev) { prev.addEventListener("click", function () { jump(-1); }); }
    document.querySelectorAll(".flag-list a[data-index]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        go(Number(link.getAttribute("data-index")));
        history.replaceState(null, "", link.getAttribute("href"));
      });
    });
    function fromAddress() {
      var hash = /^#ev-(\d+)$/.exec(window.location.hash);
      if (hash) { go(Number(hash[1])); }
    }
    window.addEventListener("hashchange", fromAddress);
    fromAddress();
  }

  function startProofs() {
    document.querySelectorAll("details.proof[data-src]").forEach(function (box) {
      box.addEventListener("toggle", function () {
        if (!box.open || box.getAttribute("data-loaded")) { return; }
        box.setAttribute("data-loaded", "1");
        var target = box.querySelector(".proof-body");
        fetch(box.getAttribute("data-src"), {credentials: "same-origin"})
          .then(function (response) { return response.text(); })
          .then(function (html) { target.innerHTML = html; })
          .catch(function () { target.textContent = "证明读取失败 · could not load the proof"; });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    startScrubber();
    startProofs();
  });
})();

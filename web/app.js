/* sitrep web view: the little behaviour the article page has. Served from
 * the binary as /assets/app.js (the only script the Content-Security-Policy
 * allows). It never builds markup from text: it clones nodes the server
 * escaped, and toggles classes. Pages work without it. */
(function () {
  "use strict";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  function setup() {
    var text = $("#text");
    if (!text) return;
    var inspector = $("#inspector");
    var current = null;

    function marksOf(m) { return $all('mark[data-m="' + m + '"]', text); }

    function show(m) {
      if (current === m) return;
      if (current !== null) {
        marksOf(current).forEach(function (e) { e.classList.remove("on"); });
        var old = document.getElementById("v" + current);
        if (old) old.classList.remove("on");
      }
      current = m;
      if (m === null) return;
      marksOf(m).forEach(function (e) { e.classList.add("on"); });
      var li = document.getElementById("v" + m);
      if (li && inspector) {
        li.classList.add("on");
        var copy = li.cloneNode(true);
        copy.removeAttribute("id");
        copy.classList.remove("on");
        var box = document.createElement("div");
        box.className = "inspected";
        while (copy.firstChild) box.appendChild(copy.firstChild);
        inspector.replaceChildren(box);
      }
    }

    /* the innermost mark under the pointer says what its words became */
    text.addEventListener("mouseover", function (ev) {
      var mk = ev.target.closest ? ev.target.closest("mark[data-m]") : null;
      if (mk) show(mk.getAttribute("data-m"));
    });
    text.addEventListener("focusin", function (ev) {
      var mk = ev.target.closest ? ev.target.closest("mark[data-m]") : null;
      if (mk) show(mk.getAttribute("data-m"));
    });
    $all("[data-m]", $(".side") || document).forEach(function (e) {
      e.addEventListener("mouseenter", function () { show(e.getAttribute("data-m")); });
    });

    /* an incident card lights up the words it was built from */
    $all("section.inc[data-inc]").forEach(function (card) {
      var idx = card.getAttribute("data-inc");
      var mine = $all("mark[data-inc]", text).filter(function (mk) {
        return mk.getAttribute("data-inc").split(" ").indexOf(idx) >= 0;
      });
      card.addEventListener("mouseenter", function () {
        card.classList.add("on");
        mine.forEach(function (mk) { mk.classList.add("inc-on"); });
      });
      card.addEventListener("mouseleave", function () {
        card.classList.remove("on");
        mine.forEach(function (mk) { mk.classList.remove("inc-on"); });
      });
    });

    /* legend switches: hide one kind of highlight */
    $all(".legend input[data-kind]").forEach(function (box) {
      box.addEventListener("change", function () {
        document.body.classList.toggle("hide-" + box.getAttribute("data-kind"), !box.checked);
      });
    });

    /* a link from an incident page (#at-OFFSET): show that span */
    var h = location.hash;
    if (/^#at-\d+$/.test(h)) {
      var a = document.getElementById(h.slice(1));
      var mk = a && a.nextElementSibling;
      if (mk && mk.tagName !== "MARK") mk = mk.querySelector("mark");
      if (mk && mk.getAttribute("data-m") !== null) show(mk.getAttribute("data-m"));
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();

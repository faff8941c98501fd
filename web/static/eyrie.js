// Small enhancements; every page works without them.
(function () {
  "use strict";
  // Tell the server the reader's time zone, so workshop times show in it (without it: the workshop's own zone).
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && /^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone) && document.cookie.indexOf("tz=" + zone) < 0) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) {}
  // Forms marked "once" (and idea forms) ignore a second submit: a double click sends one request.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent === "1") { event.preventDefault(); return; }
      form.dataset.sent = "1";
      setTimeout(function () { form.dataset.sent = ""; }, 5000);
    });
  });
  // Focus the error summary after a rejected form, as screen-reader users expect.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
  // A select that reveals a field only for one of its choices ("My organisation is not listed" → its name); without
  // script the field is always there.
  document.querySelectorAll("select[data-reveals]").forEach(function (select) {
    var field = document.getElementById(select.dataset.reveals);
    if (!field) { return; }
    var input = field.querySelector("input");
    function update() {
      var shown = select.value === select.dataset.revealValue || (select.value === "" && input && input.value !== "");
      field.hidden = !shown;
    }
    select.addEventListener("change", function () { update(); if (!field.hidden && input) { input.focus(); } });
    update();
  });
  // A long list of check boxes (the ideas a workshop works on) filters as you type; checked ones always stay in
  // view. Without script the whole list is there, as before.
  document.querySelectorAll("[data-filter-for]").forEach(function (box) {
    var list = document.getElementById(box.dataset.filterFor);
    var input = box.querySelector("input");
    var count = box.querySelector("[aria-live]");
    if (!list || !input) { return; }
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      list.querySelectorAll(".checkbox").forEach(function (item) {
        var text = item.textContent.toLowerCase();
        var match = item.querySelector("input").checked || words.every(function (w) { return text.indexOf(w) >= 0; });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      if (count) { count.textContent = words.length ? shown + " shown" : ""; }
    });
  });
  // "Print this report" (the results): shown only with script.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // While composing an idea, suggest similar ideas already submitted to the challenge.
  var form = document.querySelector("form[data-similar]");
  var title = document.getElementById("title");
  var box = document.getElementById("similar-ideas");
  if (!form || !title || !box) { return; }
  var timer = null;
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = title.value.trim();
      if (text.length < 4) { box.textContent = ""; return; }
      fetch(form.dataset.similar + "?title=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (ideas) {
          box.textContent = "";
          if (!ideas.length) { return; }
          var p = document.createElement("p");
          p.innerHTML = "<strong>Similar ideas already submitted</strong> — consider supporting or commenting on one instead:";
          var ul = document.createElement("ul");
          ideas.forEach(function (idea) {
            var li = document.createElement("li"), a = document.createElement("a");
            a.href = idea.href; a.textContent = idea.title; li.appendChild(a); ul.appendChild(li);
          });
          box.appendChild(p); box.appendChild(ul);
        })
        .catch(function () {});
    }, 300);
  });
})();

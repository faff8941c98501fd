// The live board: applies the server's numbered operations to the page as they arrive, and sends the board's forms
// over a WebSocket. Without JavaScript (or without a connection) the same forms post and redirect.
(function () {
  "use strict";
  var dataEl = document.getElementById("board-data");
  if (!dataEl || !("WebSocket" in window)) { return; }
  var data = JSON.parse(dataEl.textContent);
  // Words in the page's language (the server sends them keyed by their English text), placeholders filled here.
  var words = data.words || {}, plurals = data.plurals || {};
  var pluralRules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(data.lang || "en") : null;
  function fill(text, values) {
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }
  function t(english, values) { return fill(words[english] || english, values); }
  function tn(english, count, values) {
    var forms = plurals[english] || {}, category = pluralRules ? pluralRules.select(count) : (count === 1 ? "one" : "other");
    var v = Object.assign({ count: count }, values || {});
    return fill(forms[category] || forms.other || english, v);
  }
  var seq = data.seq, me = data.me, can = {}, waiting = {}, myDots = data.myDots || {};
  (data.can || []).forEach(function (a) { can[a] = true; });
  var skew = data.now - Date.now();
  var announcer = document.getElementById("board-announcer");
  var status = document.getElementById("board-connection");
  var csrfInput = document.querySelector("input[name=_csrf]");
  var csrf = csrfInput ? csrfInput.value : "";
  // Each command carries a reference unique to this page load; one sent again after a reconnect (its acknowledgement
  // lost with the old socket) is answered with its first operation, never applied twice.
  var socket = null, retry = 500, refs = 0, pending = {};
  var client = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);

  function announce(text) {
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }
  function setStatus(text) { if (status) { status.hidden = !text; status.textContent = text; } }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function hidden(name, value) { return el("input", { type: "hidden", name: name, value: String(value) }); }
  function form(op, fields, label, secondary) {
    var f = el("form", { method: "post", action: data.boardAction, "class": "inline", "data-board": "" });
    f.appendChild(hidden("_csrf", csrf));
    f.appendChild(hidden("op", op));
    Object.keys(fields).forEach(function (k) { f.appendChild(hidden(k, fields[k])); });
    var b = el("button", { type: "submit", "class": "button button-small" + (secondary ? " button-secondary" : "") }, label);
    f.appendChild(b);
    return f;
  }
  function clusterOptions(selected) {
    var opts = [{ id: "none", name: t("Not in a cluster") }].concat(data.clusters);
    return opts.map(function (c) {
      var o = el("option", { value: String(c.id) }, c.name);
      if (String(c.id) === String(selected)) { o.selected = true; }
      return o;
    });
  }
  // A note in no cluster but in a blueprint lane goes to that lane's band, when the board shows lanes.
  function listFor(clusterID, lane) {
    var band = !clusterID && lane ? document.getElementById("lane-" + lane) : null;
    if (band) { return band.querySelector("ul.notes"); }
    var section = document.getElementById(clusterID ? "cluster-" + clusterID : "cluster-none");
    return section ? section.querySelector(":scope > ul.notes") : null;
  }
  function dotsText(target) {
    var total = (data.totals && data.totals[target]) || 0, mine = myDots[target] || 0;
    var dots = tn("{count} dot", total);
    return mine ? t("{dots}, yours: {mine}", { dots: dots, mine: mine }) : dots;
  }
  function dotControls(target, container) {
    if (!can.placeDot) { return; }
    container.appendChild(form("dot", { target: target }, t("Add a dot")));
    if (myDots[target]) { container.appendChild(form("undot", { target: target }, t("Take a dot back"), true)); }
  }
  function noteElement(note) {
    var own = note.authorID === me;
    var li = el("li", { id: "note-" + note.id, "class": "note", "data-note": String(note.id) });
    li.appendChild(el("p", { "class": "note-body", lang: note.language || "en", dir: "auto" }, note.body));
    var laneLabel = note.lane ? ((data.laneLabels || {})[note.lane] || note.lane) : "";
    var meta = el("p", { "class": "meta" }, note.authorName + (laneLabel ? " · " + laneLabel : ""));
    li.appendChild(meta);
    var actions = el("div", { "class": "note-actions" });
    dotControls("note-" + note.id, actions);
    if (can[own ? "editOwnNote" : "editAnyNote"]) {
      var d = el("details", { "class": "note-edit" });
      d.appendChild(el("summary", {}, t("Edit")));
      var f = form("edit", { note: note.id, seen: note.bodyVersion }, t("Save"));
      var ta = el("textarea", { name: "body", rows: "2", maxlength: "500", "aria-label": t("Text of the note") });
      ta.value = note.body;
      f.insertBefore(ta, f.lastChild);
      d.appendChild(f);
      actions.appendChild(d);
    }
    if (can[own ? "moveOwnNote" : "moveAnyNote"]) {
      var m = form("move", { note: note.id, seen: note.placeVersion }, t("Move"), true);
      var sel = el("select", { name: "cluster", "class": "input-inline", "aria-label": t("Cluster for {note}", { note: note.body }) });
      clusterOptions(note.clusterID || "none").forEach(function (o) { sel.appendChild(o); });
      m.insertBefore(sel, m.lastChild);
      actions.appendChild(m);
    }
    if (can[own ? "deleteOwnNote" : "deleteAnyNote"]) { actions.appendChild(form("delete", { note: note.id }, t("Delete"), true)); }
    li.appendChild(actions);
    return li;
  }
  function clusterElement(cluster) {
    var s = el("section", { "class": "cluster", id: "cluster-" + cluster.id, "aria-labelledby": "cluster-" + cluster.id + "-name" });
    s.appendChild(el("h3", { id: "cluster-" + cluster.id + "-name" }, cluster.name));
    var actions = el("div", { "class": "note-actions" });
    dotControls("cluster-" + cluster.id, actions);
    if (can.deleteCluster) { actions.appendChild(form("uncluster", { cluster: cluster.id }, t("Remove cluster"), true)); }
    s.appendChild(actions);
    s.appendChild(el("ul", { "class": "notes" }));
    return s;
  }
  function refreshMoveSelects() {
    document.querySelectorAll("select[name=cluster]").forEach(function (sel) {
      var value = sel.value;
      sel.textContent = "";
      clusterOptions(value).forEach(function (o) { sel.appendChild(o); });
    });
  }
  function apply(op) {
    if (op.kind === "noteSaved") {
      var note = op.note, existing = document.getElementById("note-" + note.id);
      if (note.decision) {
        var list = document.getElementById("decisions");
        if (!existing && list) { list.appendChild(el("li", { id: "note-" + note.id, "class": "note decision" }, note.body)); }
        announce(t("Decision recorded: {note}", { note: note.body }));
      } else {
        var fresh = noteElement(note), target = listFor(note.clusterID, note.lane);
        if (existing) { existing.replaceWith(fresh); } else { fresh.classList.add("fresh"); }
        if (target && fresh.parentNode !== target) { target.appendChild(fresh); }
        announce(!existing ? t("{name} added a note: {note}", { name: note.authorName, note: note.body })
          : t(op.actorID === me ? "You changed a note: {note}" : "Someone changed a note: {note}", { note: note.body }));
      }
      (op.overwrote || []).forEach(function (o) {
        if (o.memberID === me) { announce(t("Your change to a note was replaced by {name}'s (the last change wins).", { name: o.byName })); }
      });
    } else if (op.kind === "noteDeleted") {
      var gone = document.getElementById("note-" + op.noteID);
      if (gone) { gone.remove(); announce(t("A note was deleted.")); }
    } else if (op.kind === "clusterSaved") {
      var known = data.clusters.filter(function (c) { return c.id === op.cluster.id; })[0];
      if (known) {
        known.name = op.cluster.name;
        var h = document.getElementById("cluster-" + op.cluster.id + "-name");
        if (h) { h.textContent = op.cluster.name; }
      } else {
        data.clusters.push(op.cluster);
        var none = document.getElementById("cluster-none");
        none.parentNode.insertBefore(clusterElement(op.cluster), none);
      }
      refreshMoveSelects();
      announce(t(known ? "Cluster {name} renamed." : "Cluster {name} added.", { name: op.cluster.name }));
    } else if (op.kind === "clusterDeleted") {
      data.clusters = data.clusters.filter(function (c) { return c.id !== op.clusterID; });
      var section = document.getElementById("cluster-" + op.clusterID);
      if (section) {
        var rest = listFor(null);
        section.querySelectorAll("li.note").forEach(function (li) { rest.appendChild(li); });
        section.remove();
      }
      refreshMoveSelects();
      announce(t("A cluster was removed; its notes are back on the board."));
    } else if (op.kind === "dots") {
      data.totals = data.totals || {};
      data.totals[op.dots.target] = op.dots.total;
      if (op.dots.memberID === me) { myDots[op.dots.target] = op.dots.mine; }
      var holder = document.getElementById(op.dots.target);
      if (holder) {
        var text = holder.querySelector(".dots");
        if (!text) { text = el("span", { "class": "dots" }); (holder.querySelector(".meta") || holder).appendChild(text); }
        text.textContent = dotsText(op.dots.target);
      }
      var left = document.getElementById("dots-left");
      if (left && data.dotsPer) {
        var spent = Object.keys(myDots).reduce(function (n, k) { return n + myDots[k]; }, 0);
        left.textContent = tn("You have {count} dot left (at most {most} on one note or cluster).",
                              Math.max(data.dotsPer - spent, 0), { most: data.maxPerItem });
      }
    } else if (op.kind === "agenda") {
      var now = (op.agenda || []).filter(function (a) { return a.state === "running" || a.state === "paused"; })[0];
      if ((now ? now.id : 0) !== data.current || (now && now.state !== data.currentState && !countdown)) {
        location.reload();
        return false;
      }
      if (now && countdown) {
        countdown.dataset.endsAt = now.endsAtMillis || "";
        countdown.dataset.secondsLeft = now.secondsLeft || "";
        data.currentState = now.state;
        announce(t(now.state === "paused" ? "The activity is paused." : "The clock was updated."));
      }
    }
    return true;
  }
  function receive(op) {
    if (op.seq <= seq || waiting[op.seq]) { return; }
    if (op.seq !== seq + 1) {
      waiting[op.seq] = op;
      send({ t: "since", after: seq });
      return;
    }
    if (apply(op) === false) { return; }
    seq = op.seq;
    while (waiting[seq + 1]) { var next = waiting[seq + 1]; delete waiting[seq + 1]; if (apply(next) === false) { return; } seq = next.seq; }
  }
  function send(message) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(message)); return true; }
    return false;
  }
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var asked = false;  // this socket's server asked for a reconnect
    socket = new WebSocket(scheme + location.host + data.socket + "?after=" + seq);
    socket.onopen = function () {
      retry = 500;
      setStatus(t("Live"));
      // what the last socket took but did not acknowledge goes again, in the order it was sent
      Object.keys(pending).sort(function (a, b) { return pending[a].n - pending[b].n; })
        .forEach(function (ref) { send(pending[ref].message); });
    };
    socket.onmessage = function (event) {
      var m = JSON.parse(event.data);
      if (m.t === "op") { receive(m.op); }
      else if (m.t === "reconnect") {
        // this server is stopping (a deploy): another one takes over, from the last operation seen
        asked = true;
        socket.close();
      } else if (m.t === "error") {
        announce(m.message);
        if (m.ref && pending[m.ref]) { pending[m.ref].form.dataset.sent = ""; delete pending[m.ref]; }
      } else if (m.t === "ack" && pending[m.ref]) {
        var f = pending[m.ref].form;
        delete pending[m.ref];
        f.dataset.sent = "";
        if (f.classList.contains("board-add") || f.classList.contains("board-cluster")) { f.reset(); }
      }
    };
    socket.onclose = function (event) {
      setStatus(t("Reconnecting…"));
      // a server that is stopping closes normally (or says "reconnect"): go again at once, spread over a moment;
      // anything else (an outage) backs off
      if (asked || event.code === 1000 || event.code === 1001) { setTimeout(connect, Math.random() * 300); return; }
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }
  document.addEventListener("submit", function (event) {
    var f = event.target;
    if (!f.hasAttribute("data-board") || !socket || socket.readyState !== 1) { return; }
    event.preventDefault();
    var n = ++refs, message = { ref: client + "-" + n };
    new FormData(f).forEach(function (value, key) { if (key !== "_csrf") { message[key] = value; } });
    pending[message.ref] = { form: f, message: message, n: n };
    send(message);
  }, true);
  var countdown = document.getElementById("countdown");
  function tick() {
    if (!countdown) { return; }
    var ends = Number(countdown.dataset.endsAt), left;
    if (ends) { left = Math.max(0, Math.ceil((ends - (Date.now() + skew)) / 1000)); }
    else { left = Number(countdown.dataset.secondsLeft || 0); }
    var clock = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    var text = t(ends ? "{clock} left" : "{clock} left (paused)", { clock: clock });
    if (countdown.textContent !== text) { countdown.textContent = text; }
    if (ends && left === 0 && !countdown.dataset.told) { countdown.dataset.told = "1"; announce(t("Time is up for this activity.")); }
  }
  if (data.live) {
    setInterval(tick, 1000);
    tick();
    connect();
  }
})();

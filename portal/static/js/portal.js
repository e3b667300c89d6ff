// Progressive enhancement for the questionnaire: autosave, conditional questions, uploads.
// Every page also works without this file (the Save button posts the whole section).
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn(); else document.addEventListener("DOMContentLoaded", fn);
  }

  // On a narrow screen the section list starts folded, so the questions come first. Deferred
  // scripts run once the page is parsed and before it is first shown, so nothing jumps.
  if (window.matchMedia && window.matchMedia("(max-width: 800px)").matches) {
    document.querySelectorAll("details[data-collapse-narrow]").forEach(function (el) { el.open = false; });
  }

  ready(function () {
    var form = document.getElementById("questionnaire");
    if (!form || !form.dataset.autosaveUrl) return;
    var url = form.dataset.autosaveUrl;
    var uploadUrl = url.replace(/autosave$/, "upload");
    var csrf = form.querySelector("input[name=csrf_token]").value;
    var timers = {};
    var dirty = {};
    var note = form.querySelector("[data-autosave-note]");
    if (note) note.hidden = false;

    function article(qid) { return document.getElementById("q-" + qid); }
    function stateEl(qid) { return article(qid).querySelector("[data-save-state]"); }
    function setState(qid, text, cls) {
      var el = stateEl(qid);
      el.textContent = text;
      el.className = "save-state" + (cls ? " " + cls : "");
    }

    function fieldsFor(qid) {
      var data = new FormData();
      data.append("csrf_token", csrf);
      data.append("question", qid);
      var art = article(qid);
      art.querySelectorAll("input, textarea, select").forEach(function (el) {
        if (!el.name || el.type === "file") return;
        if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
        data.append(el.name, el.value);
      });
      return data;
    }

    function clearMessages(art) {
      art.querySelectorAll(".js-message").forEach(function (el) { el.remove(); });
      art.classList.remove("needs-attention");
    }

    function showMessage(art, cls, text, role) {
      var p = document.createElement(cls === "conflict" ? "div" : "p");
      p.className = cls + " js-message";
      p.setAttribute("role", role || "alert");
      p.textContent = text;
      art.appendChild(p);
      art.classList.add("needs-attention");
      return p;
    }

    function applyVersions(versions) {
      Object.keys(versions || {}).forEach(function (qid) {
        var input = article(qid) && article(qid).querySelector("[data-version]");
        if (input) input.value = versions[qid];
      });
    }

    function handle(qid, response, body) {
      var art = article(qid);
      clearMessages(art);
      applyVersions(body.versions);
      if (response.ok) {
        var now = new Date();
        setState(qid, "Saved " + now.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"}), "saved");
        art.querySelectorAll("input[name^='x-']:checked").forEach(function (box) {
          var li = box.closest("li");
          if (li) li.remove();
        });
        return;
      }
      if (body.errors && body.errors[qid]) {
        setState(qid, "Not saved", "error");
        showMessage(art, "error", body.errors[qid]);
      } else if (body.conflicts && body.conflicts[qid]) {
        var c = body.conflicts[qid];
        setState(qid, "Not saved: changed elsewhere", "error");
        var box = showMessage(art, "conflict", c.changed_by + " changed this answer at " + c.changed_at +
          " to: " + c.display + ". ");
        var keep = document.createElement("button");
        keep.type = "button"; keep.className = "small"; keep.textContent = "Keep my answer";
        keep.addEventListener("click", function () {
          art.querySelector("[data-version]").value = c.version;
          save(qid);
        });
        var theirs = document.createElement("button");
        theirs.type = "button"; theirs.className = "small secondary"; theirs.textContent = "Use theirs (reload)";
        theirs.addEventListener("click", function () { window.location.reload(); });
        box.appendChild(keep); box.appendChild(document.createTextNode(" ")); box.appendChild(theirs);
      } else {
        setState(qid, body.message || "Not saved", "error");
      }
    }

    function save(qid) {
      delete dirty[qid];
      setState(qid, "Saving…", "");
      return fetch(url, {method: "POST", body: fieldsFor(qid), credentials: "same-origin",
                         headers: {"X-CSRFToken": csrf, "Accept": "application/json"}})
        .then(function (r) {
          return r.json().then(function (body) { handle(qid, r, body); });
        })
        .catch(function () {
          dirty[qid] = true;
          setState(qid, "Offline: not saved yet. Use the Save button when back online.", "error");
        });
    }

    function schedule(qid, delay) {
      dirty[qid] = true;
      clearTimeout(timers[qid]);
      timers[qid] = setTimeout(function () { save(qid); }, delay);
    }

    // The stored answers this section's conditions read (other sections, locked answers).
    var savedEl = document.getElementById("saved-answers");
    var saved = savedEl ? JSON.parse(savedEl.textContent || "{}") : {};

    // The answers as the page stands: saved ones, overridden by every editable choice question
    // on this page (a question with nothing ticked counts as unanswered).
    function currentAnswers() {
      var answers = {};
      Object.keys(saved).forEach(function (qid) { answers[qid] = saved[qid]; });
      form.querySelectorAll("article.question").forEach(function (art) {
        var qid = art.dataset.question;
        var inputs = art.querySelectorAll("input[name='q-" + qid + "'][type=radio], input[name='q-" + qid + "'][type=checkbox]");
        if (!inputs.length) return;  // locked or not a choice question: the saved value stands
        var checked = Array.prototype.filter.call(inputs, function (el) { return el.checked; })
          .map(function (el) { return el.value; });
        if (!checked.length) delete answers[qid];
        else answers[qid] = art.dataset.type === "multiple_choice" ? checked : checked[0];
      });
      return answers;
    }

    // A question is never hidden while the person is in it or has unsaved typing in it; it is
    // hidden once they leave it and it is saved.
    function isBusy(art) {
      return art.contains(document.activeElement) || !!dirty[art.dataset.question];
    }

    function refreshConditions() {
      // conditions.js is loaded after this file by the questionnaire page: look it up late.
      var evaluate = window.PortalConditions && window.PortalConditions.evaluate;
      if (!evaluate) return;
      var answers = currentAnswers();
      form.querySelectorAll("article.question[data-visible-when]").forEach(function (art) {
        var show = evaluate(JSON.parse(art.dataset.visibleWhen), answers);
        if (show) { art.hidden = false; delete art.dataset.hidePending; return; }
        if (art.hidden) return;
        if (isBusy(art)) { art.dataset.hidePending = "1"; return; }
        art.hidden = true;
        delete art.dataset.hidePending;
      });
    }

    form.addEventListener("input", function (event) {
      var art = event.target.closest("article.question");
      if (!art || event.target.type === "file") return;
      schedule(art.dataset.question, event.target.tagName === "TEXTAREA" || event.target.type === "text" ? 800 : 150);
    });
    form.addEventListener("change", function (event) {
      var art = event.target.closest("article.question");
      if (!art) return;
      if (event.target.type === "file") { upload(art.dataset.question, event.target); return; }
      refreshConditions();
      schedule(art.dataset.question, 100);
    });
    form.addEventListener("focusout", function (event) {
      var art = event.target.closest && event.target.closest("article.question");
      if (!art) return;
      var qid = art.dataset.question;
      var pending = dirty[qid] ? (clearTimeout(timers[qid]), save(qid)) : null;
      if (art.dataset.hidePending) {
        // Re-decide once focus has settled (and the typing is saved), not while it moves
        // between the answer and its comment or response box.
        Promise.resolve(pending).then(function () { setTimeout(refreshConditions, 0); });
      }
    });

    function flushWithBeacon() {
      Object.keys(dirty).forEach(function (qid) {
        clearTimeout(timers[qid]);
        if (navigator.sendBeacon) navigator.sendBeacon(url, fieldsFor(qid));
        delete dirty[qid];
      });
    }
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") flushWithBeacon(); });
    window.addEventListener("pagehide", flushWithBeacon);

    function upload(qid, input) {
      if (!input.files.length) return;
      var data = fieldsFor(qid);
      Array.prototype.forEach.call(input.files, function (file) { data.append("f-" + qid, file); });
      setState(qid, "Uploading…", "");
      fetch(uploadUrl, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"X-CSRFToken": csrf, "Accept": "application/json"}})
        .then(function (r) {
          return r.json().then(function (body) {
            handle(qid, r, body);
            if (body.documents) renderFiles(qid, body.documents);
            input.value = "";
          });
        })
        .catch(function () { setState(qid, "Upload failed: check your connection and try again.", "error"); });
    }

    function renderFiles(qid, documents) {
      var list = article(qid).querySelector("[data-file-list]");
      if (!list) return;
      list.textContent = "";
      documents.forEach(function (doc) {
        var li = document.createElement("li");
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = "q-" + qid; hidden.value = doc.id;
        var link = document.createElement("a");
        link.href = doc.url; link.textContent = doc.name;
        var size = document.createElement("span");
        size.className = "muted"; size.textContent = " " + (doc.size / 1024).toFixed(1) + " KB ";
        var label = document.createElement("label");
        label.className = "check inline";
        var box = document.createElement("input");
        box.type = "checkbox"; box.name = "x-" + qid; box.value = doc.id;
        label.appendChild(box); label.appendChild(document.createTextNode(" Remove"));
        li.appendChild(hidden); li.appendChild(link); li.appendChild(size); li.appendChild(label);
        list.appendChild(li);
      });
    }
  });
})();

// Bulk choices (sending, findings): keep the "N chosen" count in step with the ticks, and
// offer choose all / none where the page has those buttons.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-bulk-choice]");
    if (!form) return;
    var name = form.getAttribute("data-bulk-choice") || "vendor_ids";
    var count = form.querySelector("[data-chosen-count]");
    var boxes = function () { return form.querySelectorAll("input[type=checkbox][name=" + name + "]:not(:disabled)"); };
    function update() {
      count.textContent = form.querySelectorAll("input[type=checkbox][name=" + name + "]:checked").length;
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === name) update();
    });
    var tools = form.querySelector("[data-bulk-tools]");
    if (tools) {
      tools.hidden = false;
      tools.addEventListener("click", function (event) {
        var which = event.target.getAttribute("data-choose");
        if (!which) return;
        boxes().forEach(function (box) { box.checked = which === "all"; });
        update();
      });
    }
    update();
  });
})();

// A table wider than the screen scrolls sideways inside its .table-wrap; make that region
// reachable by keyboard (WCAG 2.1.1) and name it after the nearest heading.
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var heading = wrap.closest("section, .card, main");
        heading = heading && heading.querySelector("h1, h2, h3");
        wrap.setAttribute("aria-label", (heading ? heading.textContent.trim() + ": " : "") + "table, scrolls sideways");
      } else if (!scrolls && wrap.getAttribute("tabindex") === "0" && wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  if (document.readyState !== "loading") mark(); else document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);  // tables inside <details> when opened
})();

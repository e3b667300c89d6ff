// Follows a background job on its page: polls its status and moves the progress bar.
// Without JavaScript the page still shows the state at load time (reload to refresh).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector("[data-job-status-url]");
    if (!box || box.hasAttribute("data-job-finished")) return;
    var url = box.getAttribute("data-job-status-url");
    var bar = box.querySelector("[data-job-progress]");
    var counts = box.querySelector("[data-job-counts]");
    var message = box.querySelector("[data-job-message]");
    var state = box.querySelector("[data-job-state]");
    var delay = 700;

    function poll() {
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (job) {
          if (job.percent !== null) { bar.value = job.percent; bar.textContent = job.percent + "%"; }
          if (job.total) counts.textContent = job.done + " of " + job.total;
          if (job.message) message.textContent = job.message;
          state.textContent = job.state.charAt(0).toUpperCase() + job.state.slice(1);
          if (job.finished || job.stalled) { window.location.reload(); return; }
          delay = Math.min(delay * 1.2, 3000);
          window.setTimeout(poll, delay);
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, delay);
  });
})();

// Live progress of an apply: follows the job's server-sent events and
// lists them (text only: nothing from the server is parsed as HTML).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var status = document.getElementById("status");
  var list = document.getElementById("events");
  if (!status || !list || !status.dataset.events) return;
  list.textContent = "";
  var source = new EventSource(status.dataset.events);
  function line(text, cls) {
    var li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    list.appendChild(li);
  }
  function describe(p) {
    switch (p.kind) {
      case "gate_passed": return p.migrations.length ? "gate passed: " + p.migrations.join(", ") : "gate: nothing pending";
      case "waiting_for_lock": return "waiting for the migration lock (another apply holds it)";
      case "locked": return "lock acquired";
      case "start": return p.migration + ": " + p.statements + " statement(s)" + (p.skip ? ", resuming after " + p.skip : "");
      case "statement": return p.migration + ": statement " + p.index + "/" + p.total + ": " + p.sql.split("\n")[0];
      case "statement_done": return p.migration + ": statement " + p.index + " ok (" + p.ms + " ms)";
      case "backed_up": return p.migration + ": " + p.detail;
      case "done": return "applied " + p.migration + " in " + p.ms + " ms";
      case "finished": return "finished: " + p.applied + " migration(s) applied";
      case "refused": return "refused: " + p.message;
      case "failed": return "failed: " + p.message;
    }
    return p.kind;
  }
  source.addEventListener("progress", function (e) {
    var p = JSON.parse(e.data);
    var cls = { statement_done: "ok", done: "ok", finished: "ok", failed: "fail", refused: "fail" }[p.kind] || "";
    line(describe(p), cls);
    if (p.kind === "finished" || p.kind === "failed" || p.kind === "refused") {
      status.textContent = p.kind === "finished" ? "Finished." : "Stopped.";
      status.className = p.kind;
      source.close();
    }
  });
  source.onerror = function () {
    if (status.textContent.indexOf("Running") === 0) status.textContent = "Connection lost: reload the page.";
    source.close();
  };
});

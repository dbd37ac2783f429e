// jdgen serve: what every page does (loaded from the server; no inline script anywhere).
"use strict";
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]').content;

  // A write to the workspace: same origin, with the page's CSRF token.
  window.jdgenPost = function (url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return {status: r.status, data: data}; });
    });
  };

  // Live updates: the server tells every page what changed on disk.
  window.jdgenListeners = [];
  if (window.EventSource) {
    var source = new EventSource("/events");
    source.addEventListener("changed", function (e) {
      var event = JSON.parse(e.data);
      window.jdgenListeners.forEach(function (listener) { listener(event); });
    });
    window.addEventListener("beforeunload", function () { source.close(); });
  }

  var page = document.body.dataset.page;
  if (page === "catalogue") {
    window.jdgenListeners.push(function () { window.location.reload(); });
    var status = document.getElementById("status");
    if (status) {
      status.addEventListener("change", function () { status.form.submit(); });
    }
    var newRole = document.getElementById("new-role");
    if (newRole) {
      newRole.addEventListener("submit", function (e) {
        e.preventDefault();
        var body = {};
        Array.prototype.forEach.call(newRole.elements, function (el) {
          if (el.name) { body[el.name] = el.value; }
        });
        var result = document.getElementById("new-result");
        result.className = "result";
        result.textContent = "…";
        window.jdgenPost("/api/new", body).then(function (r) {
          if (r.status === 201) {
            window.location.href = r.data.edit;
          } else {
            result.classList.add("error");
            result.textContent = r.data.error;
          }
        });
      });
    }
  }
  if (page === "document") {
    var frame = document.getElementById("document");
    var form = document.getElementById("sign-form");
    // A change on disk: reload the document and take the new sign-off state from the
    // page as the server renders it now (what is typed in the form stays).
    window.jdgenListeners.push(function () {
      frame.src = frame.src;
      fetch(window.location.href, {credentials: "same-origin"})
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          ["doc-status", "signed", "missing"].forEach(function (id) {
            var mine = document.getElementById(id), theirs = fresh.getElementById(id);
            if (mine && theirs) { mine.replaceWith(document.importNode(theirs, true)); }
          });
        });
    });
    if (form) {
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        var body = {};
        Array.prototype.forEach.call(form.elements, function (el) {
          if (el.name) { body[el.name] = el.value; }
        });
        var result = document.getElementById("sign-result");
        result.className = "result";
        result.textContent = "…";
        window.jdgenPost("/api/sign/" + encodeURIComponent(form.dataset.doc), body)
          .then(function (r) {
            if (r.status === 200) {
              result.classList.add("ok");
              result.textContent = r.data.lines.join("\n");
              form.reset();
            } else {
              result.classList.add("error");
              result.textContent = r.data.error;
            }
          });
      });
    }
  }
  if (page === "changes") {
    window.jdgenListeners.push(function () { window.location.reload(); });
  }
})();

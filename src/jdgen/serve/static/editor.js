// jdgen serve: the role editor. Validates on every change, previews without saving,
// saves only over the version it opened (the server refuses otherwise, with a diff).
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("editor-data").textContent);
  var base = {version: data.version, text: data.text};
  var editor = CodeMirror.fromTextArea(document.getElementById("source"), {
    mode: "yaml", lineNumbers: true, indentUnit: 2, tabSize: 2, lineWrapping: true,
    gutters: ["problem-gutter", "CodeMirror-linenumbers"],
    extraKeys: {
      "Tab": function (cm) { cm.replaceSelection("  "); },
      "Ctrl-S": function () { save(); }, "Cmd-S": function () { save(); }
    }
  });
  editor.setValue(data.text);
  editor.clearHistory();
  window.jdgenEditor = editor;  // for people and tests poking at the page
  var problemsList = document.getElementById("problems");
  var checkState = document.getElementById("check-state");
  var saveState = document.getElementById("save-state");
  var frame = document.getElementById("preview");
  var docSelect = document.getElementById("preview-doc");
  var langSelect = document.getElementById("preview-lang");
  var marked = [];
  var timer = null;
  var sequence = 0;

  function clearMarks() {
    marked.forEach(function (m) { if (m.clear) { m.clear(); } });
    marked = [];
    editor.clearGutter("problem-gutter");
    editor.eachLine(function (line) { editor.removeLineClass(line, "background", "problem-line"); });
  }

  function showProblems(problems) {
    clearMarks();
    problemsList.textContent = "";
    problems.forEach(function (p) {
      var li = document.createElement("li");
      li.className = p.severity;
      var mine = p.path === data.display && p.line > 0 && p.line <= editor.lineCount();
      var where = document.createElement(mine && p.line ? "a" : "span");
      where.textContent = p.where;
      where.className = "where";
      if (mine && p.line) {
        where.href = "#";
        where.addEventListener("click", function (e) {
          e.preventDefault();
          editor.focus();
          editor.setCursor({line: p.line - 1, ch: Math.max(p.col - 1, 0)});
        });
        var line = p.line - 1;
        editor.addLineClass(line, "background", "problem-line");
        var marker = document.createElement("span");
        marker.className = "problem-marker " + p.severity;
        marker.textContent = "●";
        marker.title = p.text;
        editor.setGutterMarker(line, "problem-gutter", marker);
        var from = {line: line, ch: Math.max(p.col - 1, 0)};
        var to = {line: line, ch: editor.getLine(line) !== undefined ? editor.getLine(line).length : from.ch};
        marked.push(editor.markText(from, to, {className: "problem-text", title: p.text}));
      } else if (p.role && p.line) {
        where = document.createElement("a");
        where.textContent = p.where;
        where.className = "where";
        where.href = "/edit/" + encodeURIComponent(p.role) + "?line=" + p.line + "&col=" + p.col;
      }
      li.appendChild(where);
      li.appendChild(document.createTextNode(" " + p.rest));
      problemsList.appendChild(li);
    });
  }

  function setDocuments(ids) {
    var chosen = docSelect.value;
    var same = ids.length === docSelect.options.length && ids.every(function (id, i) {
      return docSelect.options[i].value === id; });
    if (!same) {
      docSelect.textContent = "";
      ids.forEach(function (id) {
        var o = document.createElement("option");
        o.value = id; o.textContent = id;
        docSelect.appendChild(o);
      });
      if (ids.indexOf(chosen) >= 0) { docSelect.value = chosen; }
    }
    var link = document.getElementById("doc-link");
    if (docSelect.value) { link.href = "/doc/" + encodeURIComponent(docSelect.value); }
  }

  function showPreview(url) {
    if (!url || frame.dataset.url === url) { return; }
    var scroll = 0;
    try { scroll = frame.contentWindow.scrollY; } catch (e) { scroll = 0; }
    frame.addEventListener("load", function restore() {
      frame.removeEventListener("load", restore);
      try { frame.contentWindow.scrollTo(0, scroll); } catch (e) { /* not ours */ }
    });
    frame.dataset.url = url;
    frame.src = url;
  }

  function check() {
    var mine = ++sequence;
    checkState.textContent = "…";
    window.jdgenPost("/api/check/" + encodeURIComponent(data.role), {
      text: editor.getValue(), doc: docSelect.value || null, lang: langSelect.value || null
    }).then(function (r) {
      if (mine !== sequence) { return; }  // a newer check is on its way
      if (r.status !== 200) { checkState.textContent = r.data.error; return; }
      showProblems(r.data.problems);
      var errors = r.data.problems.filter(function (p) { return p.severity === "error"; });
      checkState.textContent = errors.length ? errors.length + " error(s)" : "✓";
      checkState.className = "state " + (errors.length ? "error" : "ok");
      if (!errors.length) { setDocuments(r.data.documents); }  // else keep the last list
      showPreview(r.data.preview);  // none with errors: the last good preview stays
    });
  }

  function dirty() { return editor.getValue() !== base.text; }
  function markDirty() { saveState.textContent = dirty() ? "●" : ""; }

  editor.on("changes", function () {
    markDirty();
    clearTimeout(timer);
    timer = setTimeout(check, 150);
  });
  docSelect.addEventListener("change", check);
  langSelect.addEventListener("change", check);

  var conflict = document.getElementById("conflict");
  var diskChanged = document.getElementById("disk-changed");
  var pending = null;

  function save(overVersion) {
    var text = editor.getValue();
    saveState.textContent = "…";
    window.jdgenPost("/api/save/" + encodeURIComponent(data.role), {
      text: text, version: overVersion || base.version
    }).then(function (r) {
      if (r.status === 200) {
        base = {version: r.data.version, text: text};
        conflict.hidden = true;
        diskChanged.hidden = true;
        saveState.textContent = "✓";
        saveState.className = "state ok saved";
      } else if (r.status === 409) {
        pending = r.data;
        document.getElementById("conflict-diff").textContent = r.data.diff;
        conflict.hidden = false;
        saveState.textContent = "✗";
        saveState.className = "state error";
      } else {
        saveState.textContent = r.data.error;
        saveState.className = "state error";
      }
    });
  }
  document.getElementById("save").addEventListener("click", function () { save(); });
  document.getElementById("conflict-take").addEventListener("click", function () {
    if (!pending) { return; }
    base = {version: pending.version, text: pending.text};
    editor.setValue(pending.text);
    conflict.hidden = true;
    diskChanged.hidden = true;
  });
  document.getElementById("conflict-keep").addEventListener("click", function () {
    if (pending) { save(pending.version); }
  });

  // Changes on disk: take them if nothing is unsaved, else say so (saving shows the diff).
  window.jdgenListeners.push(function (event) {
    if (event.roles.indexOf(data.role) < 0) { check(); return; }
    fetch("/api/role/" + encodeURIComponent(data.role), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (disk) {
        if (!disk) { diskChanged.hidden = false; return; }  // removed or renamed on disk
        check();
        if (disk.version === base.version) { return; }
        if (!dirty()) {
          base = {version: disk.version, text: disk.text};
          editor.setValue(disk.text);
        } else {
          diskChanged.hidden = false;
        }
      });
  });

  var params = new URLSearchParams(window.location.search);
  if (params.get("line")) {
    editor.setCursor({line: Number(params.get("line")) - 1,
                      ch: Math.max(Number(params.get("col") || 1) - 1, 0)});
    editor.focus();
  }
  check();
})();

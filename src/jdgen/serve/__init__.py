"""``jdgen serve``: a document project as a local web workspace.

The domain logic lives in small modules with one job each; the Starlette routes in
:mod:`jdgen.serve.app` only translate HTTP to calls of these and of jdgen's library:

* :mod:`~jdgen.serve.workspace` — the analysed project, kept fresh, and the role files it
  may read and write (ids checked, paths contained, saves atomic and conflict-checked);
* :mod:`~jdgen.serve.preview` — validate, resolve and render a role's unsaved text;
* :mod:`~jdgen.serve.catalogue` — the rows of the catalogue page, filtered;
* :mod:`~jdgen.serve.documents` — downloads built on demand, changes since approval,
  sign-off through the ledger code of ``jdgen sign``;
* :mod:`~jdgen.serve.security` — token, Host check, CSRF and same-origin, CSP;
* :mod:`~jdgen.serve.events` — the project watcher and the server-sent events it feeds;
* :mod:`~jdgen.serve.server` — binding a socket and running uvicorn.

Everything but :mod:`~jdgen.serve.app`, :mod:`~jdgen.serve.events` and
:mod:`~jdgen.serve.server` works without the ``serve`` extra installed.
"""

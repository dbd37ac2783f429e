"""jdgen: job descriptions as code — validate, publish, redline and sign off role documents."""

__version__ = "0.1.0"

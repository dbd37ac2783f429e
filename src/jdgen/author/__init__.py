"""Authoring: start a project (``init``), add a role (``new``), and make clause ids."""

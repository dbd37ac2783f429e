"""``jdgen serve``: the browser workspace (needs ``pip install 'jdgen[serve]'``)."""

from __future__ import annotations

import click

from jdgen.cli import Settings, pass_settings
from jdgen.errors import ServeUnavailable

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8470


@click.command()
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on. Anything but this computer's loopback exposes "
    "the project to the network (a warning is printed).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@pass_settings
def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the project as a workspace in the browser until Ctrl-C.

    Catalogue, documents with PDF and DOCX downloads, a YAML editor with live validation
    and preview, changes since approval and the sign-off form. Open the printed address:
    it carries a secret token, without which every request is refused.
    """
    config = settings.config()
    try:
        from jdgen.serve.server import prepare
    except ImportError as err:
        raise ServeUnavailable(
            f"jdgen serve needs the serve extra ({err.name} is not "
            "installed): pip install 'jdgen[serve]'"
        ) from None
    served = prepare(config, host, port)
    if served.warning:
        click.echo(served.warning, err=True)
    click.echo(f"jdgen serve: {config.root} — open {served.url}", err=True)
    click.echo("jdgen serve: press Ctrl-C to stop", err=True)
    served.run()
    click.echo("jdgen serve: stopped", err=True)


COMMANDS = [serve]

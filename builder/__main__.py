"""`python -m builder` is the `digest` command."""
from builder.cli import run

run()

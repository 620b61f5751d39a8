"""`python -m railyard` runs the CLI."""

from railyard.app import main

main()

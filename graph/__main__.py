"""``python -m graph``: the same as the ``diplokg`` command."""
from graph.cli import main

if __name__ == "__main__":
    main()

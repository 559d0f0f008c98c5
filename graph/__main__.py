"""``python -m graph`` in a source checkout (CONTRACT.md): the same as the ``diplokg`` command."""
from diplokg.graph.cli import main

if __name__ == "__main__":
    main()
